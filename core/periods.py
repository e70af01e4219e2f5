"""How a period of whole years is written: "2021" for one year, "2019–2020" for several."""

from __future__ import annotations


def year_span(first: int | None, last: int | None) -> str:
    """ "2021" when the period is one year, "2019–2020" (en dash) when it is several; a missing
    end is left out rather than written as "2021–None"."""
    if first is None or last is None or first == last:
        return str(first if first is not None else last if last is not None else "")
    return f"{first}–{last}"
