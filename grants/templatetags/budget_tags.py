"""Template filters for amounts: kroner shown in 1.000 kr. with the locale's grouping."""

from decimal import Decimal

from django import template
from django.forms import BoundField
from django.utils.formats import number_format

from grants.budget import Column, in_thousands
from grants.layout import column_label

register = template.Library()


def format_amount(value: Decimal | int) -> str:
    """A number with the active locale's thousands separator: 12.000 in Danish."""
    places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 1
    return number_format(value, decimal_pos=places, force_grouping=True)


@register.filter
def thousands(value: int | None) -> str:
    """Whole kroner as 1.000 kr.: 4000000 -> "4.000"; None -> ""."""
    if value is None:
        return ""
    return format_amount(in_thousands(value))


@register.filter
def amount(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return format_amount(value)


@register.filter
def kroner(value: int | None) -> str:
    """Whole kroner with grouping: 1000000 -> "1.000.000"."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def column_title(column: Column) -> str:
    return column_label(column)


_WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-checkbox",
}


@register.filter
def fds(field: BoundField) -> str:
    """Render a form field's widget with Det Fælles Designsystem's class for its kind."""
    widget = field.field.widget
    if "class" in widget.attrs:
        return str(field)
    kind = getattr(widget, "input_type", None) or type(widget).__name__.lower()
    return field.as_widget(attrs={"class": _WIDGET_CLASSES.get(kind, "form-input")})
