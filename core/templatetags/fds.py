"""Form widgets rendered with Det Fælles Designsystem's classes."""

from django import template
from django.forms import BoundField

register = template.Library()

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
