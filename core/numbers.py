"""Figures and kroner as text, with the active language's grouping: 12.000 in Danish.

Plain functions, no templates: the pure domain modules format their messages with them, and
the template filters of `core.templatetags.amounts` are these same functions.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def format_amount(value: Decimal | int) -> str:
    """A number with the locale's thousands separator, one decimal at most: 12.000 in Danish."""
    places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 1
    return number_format(value, decimal_pos=places, force_grouping=True)


def format_kroner(value: int) -> str:
    """Whole kroner with grouping: 1000000 -> "1.000.000"."""
    return number_format(value, force_grouping=True)
