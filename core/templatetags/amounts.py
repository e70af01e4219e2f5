"""Template filters for amounts: kroner and figures with the active locale's grouping."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_amount(value: Decimal | int) -> str:
    """A number with the locale's thousands separator, one decimal at most: 12.000 in Danish."""
    places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 1
    return number_format(value, decimal_pos=places, force_grouping=True)


@register.filter
def amount(value: Decimal | int | None) -> str:
    """A figure with grouping and at most one decimal: 1234.5 -> "1.234,5"; None -> ""."""
    if value is None:
        return ""
    return format_amount(value)


@register.filter
def kroner(value: int | None) -> str:
    """Whole kroner with grouping: 1000000 -> "1.000.000"; None -> ""."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)
