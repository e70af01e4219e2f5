"""The case paper's wording: amounts in mio. kr. and recommendation sentences, in Danish.

Pure functions: the page, the PDF and the consistency check use the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

MIO = 1_000_000


def danish_number(value: Decimal | int, decimals: int = 0) -> str:
    """12000 -> "12.000", Decimal("19.5") with 1 decimal -> "19,5"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _in_millions(kroner: int) -> str:
    millions = Decimal(kroner) / MIO
    decimals = 0 if millions == millions.to_integral_value() else 1
    return f"{danish_number(millions, decimals)} mio. kr."


def _in_millions_exactly(kroner: int) -> bool:
    return kroner % 100_000 == 0


def amount_in_words(kroner: int) -> str:
    """An amount as the case paper writes it: "1 mio. kr.", "19,5 mio. kr.", "250.000 kr."."""
    if abs(kroner) >= 100_000 and _in_millions_exactly(kroner):
        return _in_millions(kroner)
    return f"{danish_number(kroner)} kr."


def amounts_in_words(*amounts: int) -> tuple[str, ...]:
    """Amounts to be compared, all in the same unit: in mio. kr. when each one can be (a whole
    number of 100.000 kr.) and one is at least 100.000 kr., else all in kroner.

    (4_000_000, 3_000_000) -> ("4 mio. kr.", "3 mio. kr."); (1_250_000, 1_000_000) ->
    ("1.250.000 kr.", "1.000.000 kr."), never "1.250.000 kr." beside "1 mio. kr.".
    """
    if any(abs(kroner) >= 100_000 for kroner in amounts) and all(
        _in_millions_exactly(kroner) for kroner in amounts
    ):
        return tuple(_in_millions(kroner) for kroner in amounts)
    return tuple(f"{danish_number(kroner)} kr." for kroner in amounts)


def period_in_words(first_year: int, last_year: int) -> str:
    if first_year == last_year:
        return f"i {first_year}"
    return f"i perioden {first_year} til {last_year}"


@dataclass(frozen=True)
class RecommendationLine:
    """What a recommendation sentence says: funds, amount, period and recipient."""

    funds: str  # e.g. "de regionale erhvervsudviklingsmidler"
    amount: int  # whole kroner
    first_year: int
    last_year: int
    recipient: str = ""


def recommendation_sentence(line: RecommendationLine, *, amount: str = "") -> str:
    """ "at der af de regionale erhvervsudviklingsmidler bevilges i alt 1 mio. kr. i perioden
    2017 til 2019 til Projektsekretariatet ApS"; `amount` is the amount already written out in
    the unit of the list the sentence stands in (`recommendation_sentences`)."""
    sentence = (
        f"at der af {line.funds} bevilges i alt {amount or amount_in_words(line.amount)} "
        f"{period_in_words(line.first_year, line.last_year)}"
    )
    if line.recipient:
        sentence += f" til {line.recipient}"
    return sentence


def recommendation_sentences(lines: Sequence[RecommendationLine]) -> tuple[str, ...]:
    """The sentences of one recommendation list, all amounts in one unit (`amounts_in_words`):
    never "450.000 kr." in one point and "0,9 mio. kr." in the next."""
    written = amounts_in_words(*(line.amount for line in lines))
    return tuple(
        recommendation_sentence(line, amount=text)
        for line, text in zip(lines, written, strict=True)
    )


def disbursement_sentence(schedule: dict[int, int], funds: str = "") -> str:
    """ "Bevillingen udmøntes med 1 mio. kr. i 2017, 2 mio. kr. i 2018 og 1 mio. kr. i 2019",
    every amount in one unit;
    with `funds`, the schedule of one funding source: "Bevillingen af Socialfondsmidlerne
    udmøntes med ..." """
    years = sorted(schedule.items())
    written = amounts_in_words(*(amount for _year, amount in years))
    parts = [f"{text} i {year}" for (year, _amount), text in zip(years, written, strict=True)]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
    subject = f"Bevillingen af {funds}" if funds else "Bevillingen"
    return f"{subject} udmøntes med {listed}"
