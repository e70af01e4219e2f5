"""Template filters for amounts: kroner and figures with the active locale's grouping."""

from decimal import Decimal

from django import template

from core.numbers import format_amount, format_kroner

register = template.Library()


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
    return format_kroner(value)
