"""The form fields of every money input: amounts in kroner and percentages.

Every page, the admin (through `core.model_fields`) and the expenditure import read amounts
with these fields, so "180.000" is 180.000 kr. everywhere, and a text that could mean two
things is refused with a message that quotes it (`core.amounts`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import amounts
from core.amounts import MAX_AMOUNT, MAX_PERCENT, AmountRefused, Mode
from core.widgets import AmountInput

# Longer than any amount the parser reads, so that the refusal, not the browser, says so.
INPUT_LENGTH = str(amounts.MAX_LENGTH)


def refusal(refused: AmountRefused, *, mode: Mode, **params: Any) -> ValidationError:
    """The form error for a refused text: its message quotes the text."""
    message = amounts.refusal_message(
        refused.code, mode=mode, text=amounts.quoted(refused.text), **params
    )
    return ValidationError(message, code=str(refused.code))


class AmountField(forms.Field):
    """Whole kroner, typed as people write them: "180.000", "180 000", "180.000 kr.".

    `mode` THOUSANDS reads the amount in thousands of kroner (the budget grid's 1.000 kr.):
    "1,5" is 1.500 kr. `negative` allows amounts below 0 (a payment's recovery). The value is
    an int, or None when the input is empty.
    """

    widget = AmountInput
    default_error_messages = {"required": _("Enter the amount.")}

    def __init__(self, *, mode: Mode = Mode.KRONER, negative: bool = False, **kwargs: Any) -> None:
        if mode == Mode.PERCENT:
            raise ValueError("A percentage is a PercentField.")
        self.mode = mode
        self.negative = negative
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        group, decimal = amounts.separators()
        try:
            return amounts.parse_kroner(
                str(value),
                group=group,
                decimal=decimal,
                thousands=self.mode == Mode.THOUSANDS,
                signed=self.negative,
            )
        except AmountRefused as refused:
            raise refusal(refused, mode=self.mode) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return amounts.display(value, self.mode)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, AmountInput):
            attrs.update(
                {
                    "class": "form-input input-width-m",
                    # A phone's number pad has no minus sign: a signed amount takes any key.
                    "inputmode": "text"
                    if self.negative
                    else ("decimal" if self.mode == Mode.THOUSANDS else "numeric"),
                    "data-amount": str(self.mode),
                    "data-amount-max": str(MAX_AMOUNT),
                    "data-amount-signed": self.negative,
                    **_TEXT_ATTRS,
                }
            )
        return attrs


class PercentField(forms.Field):
    """A percentage, 0 to `maximum`, with at most `places` decimals: "15", "15,5", "15 %".

    The value is a Decimal, or None when the input is empty.
    """

    widget = AmountInput
    default_error_messages = {"required": _("Enter the percentage.")}

    def __init__(self, *, places: int = 2, maximum: Decimal = MAX_PERCENT, **kwargs: Any) -> None:
        self.places = places
        self.maximum = maximum
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            value = amounts.display(value, Mode.PERCENT)
        group, decimal = amounts.separators()
        try:
            return amounts.parse_percent(
                str(value), group=group, decimal=decimal, places=self.places, maximum=self.maximum
            )
        except AmountRefused as refused:
            raise refusal(
                refused, mode=Mode.PERCENT, places=self.places, limit=self.maximum
            ) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return amounts.display(value, Mode.PERCENT)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, AmountInput):
            attrs.update(
                {
                    "class": "form-input input-width-xs",
                    "inputmode": "decimal",
                    "data-amount": str(Mode.PERCENT),
                    "data-amount-max": str(self.maximum),
                    "data-amount-places": str(self.places),
                    **_TEXT_ATTRS,
                }
            )
        return attrs


_TEXT_ATTRS = {"maxlength": INPUT_LENGTH, "autocomplete": "off", "spellcheck": "false"}
