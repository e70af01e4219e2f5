"""Form fields shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms

# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


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
