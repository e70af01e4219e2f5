"""Fields shared by the spending forms: whole kroner within what a database column holds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.forms import MAX_CELL_AMOUNT

AMOUNT_WIDGET = {"class": "form-input input-width-m", "inputmode": "numeric"}
TEXT_WIDGET = {"class": "form-input"}


def kroner_field(
    *, label: Any, required: bool = True, negative: bool = False, **kwargs: Any
) -> forms.IntegerField:
    """Whole kroner: no decimals, no more than the budget grid accepts."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=-MAX_CELL_AMOUNT if negative else 0,
        max_value=MAX_CELL_AMOUNT,
        widget=forms.NumberInput(attrs=AMOUNT_WIDGET),
        error_messages={
            "invalid": _("Enter whole kroner, without decimals."),
            "min_value": _("The amount cannot be negative.")
            if not negative
            else _("The amount is too small."),
            "max_value": _("The amount is too large."),
            "required": _("Enter the amount."),
        },
        **kwargs,
    )
