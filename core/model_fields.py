"""Model fields for money: the column is Django's own, the form field is `core.fields`'.

Every form made from a model (the admin's change forms and inlines, a page's ModelForm) reads a
money column through `core.fields.AmountField` or `PercentField`, so no path types an amount
into a number input or reads it by other rules. The columns are exactly Django's: each field
names Django's class in migrations (`deconstruct`), so a column changed to one of these changes
no table and needs no migration.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db import models

from core import fields
from core.amounts import MAX_PERCENT
from core.widgets import AmountInput

_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


def _form_field(
    field: models.Field[Any, Any], form_class: type[forms.Field], **kwargs: Any
) -> forms.Field | None:
    widget = kwargs.pop("widget", None)
    # The admin passes its number input for every integer column: an amount is typed as text.
    if isinstance(widget, AmountInput) or (
        isinstance(widget, type) and issubclass(widget, AmountInput)
    ):
        kwargs["widget"] = widget
    return models.Field.formfield(field, form_class=form_class, **kwargs)


class AmountField(models.PositiveBigIntegerField[_ST, _GT]):
    """Whole kroner, 0 or more."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return _form_field(self, fields.AmountField, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveBigIntegerField", args, kwargs


class SignedAmountField(models.BigIntegerField[_ST, _GT]):
    """Whole kroner, below 0 too: a payment's recovery."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return _form_field(self, fields.AmountField, negative=True, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BigIntegerField", args, kwargs


class PercentField(models.DecimalField[_ST, _GT]):
    """A percentage from 0 to 100, with the column's decimal places."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return _form_field(
            self, fields.PercentField, places=self.decimal_places, maximum=MAX_PERCENT, **kwargs
        )

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
