"""Amounts as people type them: whole kroner, thousands of kroner, percentages.

The one reading of typed amounts, for every money input (`core.forms.AmountField` and
`PercentField`, the admin through `core.model_fields`, the expenditure import's text cells).
static/js/amounts.js reads them by the same rules, as the user types, and the table
tests/core/amount_cases.json holds both to the same cases.

The rules, with the active language's separators (Danish: "." groups thousands, "," is the
decimal separator; English the other way round):

- Only the ASCII digits 0–9. "١٢٣" or "１２３" is refused, never read as 123.
- Thousands are grouped by threes with the group separator or a space (also a non-breaking
  one): "180.000", "180 000" and "180000" are the same amount. A separator that is not such a
  grouping is refused as ambiguous rather than guessed at: "1.5" or "12.00" in Danish could be
  1,5 or 15 or 1.200.
- Whole kroner may end in "kr."/"kr" (or begin with it), in ",-", or in a zero fraction
  ("12.000,00"); a fraction of three digits ("180,000" in Danish) is refused as ambiguous, as
  it is a thousands grouping in the other language; any other fraction is øre, refused.
- In thousands of kroner (1.000 kr., as the case paper writes amounts) up to three decimals:
  "1,5" is 1.500 kr., "1.200" is 1.200.000 kr.
- A percentage has no grouping, may end in "%", and has at most the field's decimal places
  (trailing zeros aside): "15", "15,00", "15,5 %".

A refused text gets a message that quotes it (`refusal_message`); the browser's echo shows the
same messages, rendered by the widget with a placeholder for the text.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from django.utils.formats import get_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The largest amount any money field holds, in kroner: 10 billion.
MAX_AMOUNT = 10_000_000_000
# The largest percentage.
MAX_PERCENT = Decimal(100)
# In thousands of kroner, the third decimal is a whole krone.
THOUSANDS_DECIMALS = 3
# Longer text is no amount; it is refused before it is read.
MAX_LENGTH = 40
# More digits than this before the decimal separator is beyond any limit.
MAX_DIGITS = 15

# The characters besides the group separator that group thousands: a space, a non-breaking
# space, a narrow non-breaking space (French-style number formatting) and a thin space.
SPACES = " \u00a0\u202f\u2009"
# A minus sign: the ASCII hyphen-minus, or the typographic minus pasted from a document.
MINUS = "-\u2212"

_KRONER_SUFFIX = re.compile(r"^(.*?)\s*kr\.?$", re.IGNORECASE)
_KRONER_PREFIX = re.compile(r"^kr\.?\s*(.*)$", re.IGNORECASE)
_PERCENT_SUFFIX = re.compile(r"^(.*?)\s*%$")

Number = TypeVar("Number", int, Decimal)


class Mode(StrEnum):
    """What a field holds: whole kroner, kroner typed in thousands, or a percentage."""

    KRONER = "kroner"
    THOUSANDS = "thousands"
    PERCENT = "percent"


class Code(StrEnum):
    """Why a text is no amount; each has its message (`core.forms.refusal_message`)."""

    INVALID = "invalid"
    AMBIGUOUS = "ambiguous"
    DECIMALS = "decimals"
    DIGITS = "digits"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"


class AmountRefused(ValueError):
    """The text is not an amount of the field's kind; `code` says why."""

    def __init__(self, code: Code, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


def parse_kroner(
    text: str,
    *,
    group: str,
    decimal: str,
    thousands: bool = False,
    signed: bool = False,
    maximum: int = MAX_AMOUNT,
) -> int | None:
    """Whole kroner typed in `text` (in thousands of kroner if `thousands`); None if empty.

    `group` and `decimal` are the language's separators. Raises `AmountRefused`.
    """
    typed = text.strip()
    if typed == "":
        return None
    rest = _checked(typed)
    if not thousands:
        rest = _without_kroner_affix(rest, decimal)
    negative, rest = _sign(rest)
    whole, fraction = _split(typed, rest, group=group, decimal=decimal, grouping=True)
    if thousands:
        if fraction is not None and len(fraction) > THOUSANDS_DECIMALS:
            raise AmountRefused(Code.DECIMALS, typed)
        amount = int(whole) * 1000 + int((fraction or "").ljust(THOUSANDS_DECIMALS, "0"))
    else:
        if fraction is not None and len(fraction) == 3:
            # "180,000" in Danish, "180.000" in English: the other language's grouping.
            raise AmountRefused(Code.AMBIGUOUS, typed)
        if fraction is not None and fraction.strip("0"):
            raise AmountRefused(Code.DECIMALS, typed)
        amount = int(whole)
    return _bounded(typed, amount, negative=negative, signed=signed, maximum=maximum)


def parse_percent(
    text: str,
    *,
    group: str,
    decimal: str,
    places: int = 2,
    maximum: Decimal = MAX_PERCENT,
) -> Decimal | None:
    """The percentage typed in `text`, at most `places` decimals; None if empty.

    Raises `AmountRefused`.
    """
    typed = text.strip()
    if typed == "":
        return None
    rest = _checked(typed)
    if match := _PERCENT_SUFFIX.match(rest):
        rest = match.group(1)
    negative, rest = _sign(rest)
    whole, fraction = _split(typed, rest, group=group, decimal=decimal, grouping=False)
    significant = (fraction or "").rstrip("0")
    if len(significant) > places:
        raise AmountRefused(Code.DECIMALS, typed)
    value = Decimal(f"{int(whole)}.{significant}" if significant else str(int(whole)))
    return _bounded(typed, value, negative=negative, signed=False, maximum=maximum)


def _checked(typed: str) -> str:
    """`typed` if it may be read at all: not too long, and no digits but ASCII ones."""
    if any(not char.isascii() and unicodedata.category(char) == "Nd" for char in typed):
        raise AmountRefused(Code.DIGITS, typed)
    if len(typed) > MAX_LENGTH:
        raise AmountRefused(Code.INVALID, typed)
    return typed


def _without_kroner_affix(rest: str, decimal: str) -> str:
    if (match := _KRONER_SUFFIX.match(rest)) or (match := _KRONER_PREFIX.match(rest)):
        rest = match.group(1)
    # "1.500,-": the Danish price notation for whole kroner.
    if rest.endswith(f"{decimal}-"):
        rest = rest[:-2]
    return rest


def _sign(rest: str) -> tuple[bool, str]:
    if rest[:1] and rest[0] in MINUS:
        return True, rest[1:]
    return False, rest


def _split(
    typed: str, rest: str, *, group: str, decimal: str, grouping: bool
) -> tuple[str, str | None]:
    """The digits before the decimal separator (without grouping) and those after it."""
    allowed = set("0123456789" + group + decimal + SPACES)
    if rest == "" or any(char not in allowed for char in rest):
        raise AmountRefused(Code.INVALID, typed)
    parts = rest.split(decimal)
    if len(parts) > 2:
        raise AmountRefused(Code.AMBIGUOUS, typed)
    whole = parts[0]
    fraction = parts[1] if len(parts) == 2 else None
    if fraction is not None and not (fraction.isascii() and fraction.isdigit()):
        raise AmountRefused(Code.AMBIGUOUS, typed)
    if whole == "":
        raise AmountRefused(Code.INVALID, typed)
    if not whole.isdigit():
        separators = {char for char in whole if not char.isdigit()}
        if not grouping or len(separators) > 1:
            raise AmountRefused(Code.AMBIGUOUS, typed)
        groups = whole.split(separators.pop())
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise AmountRefused(Code.AMBIGUOUS, typed)
        whole = "".join(groups)
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise AmountRefused(Code.TOO_LARGE, typed)
    return whole, fraction


def _bounded(typed: str, value: Number, *, negative: bool, signed: bool, maximum: Number) -> Number:
    if negative and value != 0:
        if not signed:
            raise AmountRefused(Code.NEGATIVE, typed)
        value = -value
    if abs(value) > maximum:
        raise AmountRefused(Code.TOO_LARGE, typed)
    return value


# --- Separators, display and messages, in the active language ---------------------------------


def separators() -> tuple[str, str]:
    """The active language's thousands separator and decimal separator: (".", ",") in Danish."""
    return str(get_format("THOUSAND_SEPARATOR")), str(get_format("DECIMAL_SEPARATOR"))


def display(value: int | Decimal, mode: Mode) -> str:
    """`value` as a field shows it: 1500 is "1.500" in kroner and "1,5" in thousands."""
    if mode == Mode.THOUSANDS:
        return number_format(Decimal(value) / 1000, force_grouping=True)
    if mode == Mode.PERCENT:
        return number_format(value)
    return number_format(value, force_grouping=True)


# How much of a refused text its message quotes.
QUOTED_LENGTH = 30

_REFUSALS: dict[Mode, dict[Code, Promise]] = {
    Mode.KRONER: {
        Code.INVALID: _(
            "“%(text)s” is not an amount in whole kroner. Write e.g. %(example)s or %(plain)s."
        ),
        Code.AMBIGUOUS: _(
            "“%(text)s” is not an amount in whole kroner: it can be read in more than one way. "
            "Write e.g. %(example)s or %(plain)s."
        ),
        Code.DECIMALS: _("“%(text)s” is not whole kroner: give the amount without øre."),
    },
    Mode.THOUSANDS: {
        Code.INVALID: _(
            "“%(text)s” is not an amount in thousands of kroner. "
            "Write e.g. %(example)s or %(fraction)s."
        ),
        Code.AMBIGUOUS: _(
            "“%(text)s” is not an amount in thousands of kroner: it can be read in more than "
            "one way. Write e.g. %(example)s or %(fraction)s."
        ),
        Code.DECIMALS: _(
            "“%(text)s” is not whole kroner: in thousands of kroner give at most three decimals."
        ),
    },
    Mode.PERCENT: {
        Code.INVALID: _("“%(text)s” is not a percentage. Write e.g. %(example)s or %(fraction)s."),
        Code.AMBIGUOUS: _(
            "“%(text)s” is not a percentage: it can be read in more than one way. "
            "Write e.g. %(example)s or %(fraction)s."
        ),
        Code.DECIMALS: _("“%(text)s” has too many decimals: give at most %(places)s."),
        Code.NEGATIVE: _("“%(text)s” is negative: a percentage cannot be below 0."),
        Code.TOO_LARGE: _("“%(text)s” is more than %(limit)s %%."),
    },
}
_AMOUNT_REFUSALS: dict[Code, Promise] = {
    Code.DIGITS: _("“%(text)s” has digits other than 0–9: type the number with the digits 0–9."),
    Code.NEGATIVE: _("“%(text)s” is negative: the amount cannot be below 0 kr."),
    Code.TOO_LARGE: _("“%(text)s” is beyond the limit of %(limit)s kr."),
}
_READ: dict[Mode, Promise] = {
    Mode.KRONER: _("Read as %(number)s kr."),
    Mode.THOUSANDS: _("Read as %(number)s kr."),
    Mode.PERCENT: _("Read as %(number)s %%"),
}


def quoted(text: str) -> str:
    """As much of a refused text as its message quotes."""
    text = text.strip()
    return text if len(text) <= QUOTED_LENGTH else f"{text[:QUOTED_LENGTH]}…"


def refusal_message(
    code: Code, *, mode: Mode, text: str, places: int = 2, limit: int | Decimal | None = None
) -> str:
    """What the field says about `text`, refused for `code`, in the active language.

    `text` is quoted as it is: the widget passes a placeholder for the echo to fill in.
    """
    template = _REFUSALS[mode].get(code) or _AMOUNT_REFUSALS[code]
    if limit is None:
        limit = MAX_PERCENT if mode == Mode.PERCENT else MAX_AMOUNT
    return str(template) % {
        "text": text,
        "places": places,
        "limit": display(limit, Mode.PERCENT if mode == Mode.PERCENT else Mode.KRONER),
        **_examples(mode),
    }


def _examples(mode: Mode) -> dict[str, str]:
    """The examples a message offers: what to write instead, in the field's kind."""
    if mode == Mode.THOUSANDS:
        return {"example": display(1_500_000, mode), "fraction": display(1_500, mode)}
    if mode == Mode.PERCENT:
        return {"example": display(Decimal(15), mode), "fraction": display(Decimal("15.5"), mode)}
    return {"example": display(180_000, mode), "plain": "180000"}


def read_message(mode: Mode, *, number: str) -> str:
    """What the echo says about a text it read: "Read as 180.000 kr." for `number` "180.000"."""
    return str(_READ[mode]) % {"number": number}
