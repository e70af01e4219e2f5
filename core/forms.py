"""Form fields shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise

# A text, or one translated when it is shown.
StrOrPromise = str | Promise

# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(text: object, *, minimum: int = 1) -> int | None:
    """The id `text` names, or None: only ASCII digits, from `minimum` (1) to `MAX_ID`.

    For ids (and version numbers, from 0) read from URLs, query strings, forms' hidden fields
    and command lines. `str.isdigit()` alone passes "²" and "٣", which `int()` then refuses or
    reads as another number; an id past 64 bits is no row of any table.
    """
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()):
        return None
    if len(text) > MAX_ID_DIGITS:
        return None
    number = int(text)
    return number if minimum <= number <= MAX_ID else None


class IdsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several choices by id, where an id past what a database holds is simply not a choice.

    Django checks a single id against the column's range, but not a list of them: on SQLite
    an id past 64 bits would end the request with an OverflowError (a server error).
    """

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django refuses it itself
            if not -MAX_ID - 1 <= number <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


def required_when(field: forms.Field, when: StrOrPromise) -> forms.Field:
    """Mark `field` as required only sometimes: its label says when, not "(optional)".

    For a field the form or its service demands in some cases only (a reason when a line is
    reduced, a report for an interim payment): "(optional)" beside it would not be true.
    """
    field.required = False
    field.required_when = when  # type: ignore[attr-defined]
    return field
