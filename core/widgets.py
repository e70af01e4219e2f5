"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms

from core.validators import DATE_INPUT_BOUNDS


class DateInput(forms.DateInput):
    """The browser's date picker, holding an ISO date and offering only plausible dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**DATE_INPUT_BOUNDS, **(attrs or {})}, format="%Y-%m-%d")
