"""`{% years first last %}`: a period of years as `core.periods.year_span` writes it."""

from __future__ import annotations

from django import template

from core.periods import year_span

register = template.Library()


@register.simple_tag
def years(first: int | None, last: int | None) -> str:
    """ "2021" for one year, "2019–2020" for several; `{% years a b as period %}` names it."""
    return year_span(first, last)
