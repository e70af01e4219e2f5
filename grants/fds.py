"""Form styling for Det Fælles Designsystem: the CSS classes its inputs expect."""

from typing import Any

from django import forms

_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.Textarea: "form-input",
}


class FdsFormMixin:
    """Give every widget the design system's class, unless it has one already."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "form-input"
            )
            if "class" not in widget.attrs:
                widget.attrs["class"] = css


class FdsForm(FdsFormMixin, forms.Form):
    """The base form for filters and other plain forms."""
