"""Form widgets shared by every app."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import SafeString, mark_safe

from core import amounts
from core.validators import DATE_INPUT_BOUNDS


class DateInput(forms.DateInput):
    """The browser's date picker, holding an ISO date and offering only plausible dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**DATE_INPUT_BOUNDS, **(attrs or {})}, format="%Y-%m-%d")


ECHO_TEMPLATE = "core/widgets/amount_echo.html"


class AmountInput(forms.TextInput):
    """A text input for an amount or a percentage, with an echo of what it reads as.

    Never `type=number`: a number input reads "180.000" as 180 in Danish. The field
    (`core.fields.AmountField`, `PercentField`) sets what the input holds (`data-amount`: kroner,
    thousands or percent) and its limits; the language's separators are added when the input
    is rendered. static/js/amounts.js reads the text as the user types and writes what it
    understood, or why it is refused, in the echo beside the input (an aria-live region): its
    own, or, with `echo`, an element shared by several inputs (the budget grid's).
    """

    template_name = "core/widgets/amount_input.html"

    class Media:
        # Pages load the script in base.html; the admin loads the media of its forms.
        js = ["js/amounts.js"]

    def __init__(self, attrs: dict[str, Any] | None = None, *, echo: str | None = None) -> None:
        super().__init__(attrs)
        self.echo = echo

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        attrs = widget["attrs"]
        group, decimal = amounts.separators()
        attrs.update({"data-amount-group": group, "data-amount-decimal": decimal})
        echo_id = self.echo
        if echo_id is None and attrs.get("id"):
            echo_id = f"{attrs['id']}_echo"
            mode = amounts.Mode(attrs.get("data-amount", amounts.Mode.KRONER))
            limit = attrs.get("data-amount-max")
            widget["echo"] = {
                "id": echo_id,
                "attrs": echo_attrs(
                    [mode],
                    places=int(attrs.get("data-amount-places", 2)),
                    limit=None if limit is None else Decimal(limit),
                ),
            }
        if echo_id:
            attrs["data-amount-echo"] = echo_id
        return context


def shared_echo(echo_id: str, modes: list[amounts.Mode]) -> SafeString:
    """The echo of several inputs that name it (`AmountInput(echo=...)`), for a page to place."""
    context = {"echo": {"id": echo_id, "attrs": echo_attrs(modes)}}
    return mark_safe(get_default_renderer().render(ECHO_TEMPLATE, context))  # noqa: S308


def echo_attrs(
    modes: list[amounts.Mode], *, places: int = 2, limit: Decimal | None = None
) -> dict[str, str]:
    """The echo's texts for inputs of `modes`: the script puts in "{text}" and "{number}"."""
    attrs = {}
    for mode in modes:
        attrs[f"data-read-{mode}"] = amounts.read_message(mode, number="{number}")
        for code in amounts.Code:
            attrs[f"data-refuse-{mode}-{code}"] = amounts.refusal_message(
                code, mode=mode, text="{text}", places=places, limit=limit
            )
    return attrs
