"""Widgets shared by the spending forms. Amounts are `core.fields.AmountField`."""

from __future__ import annotations

TEXT_WIDGET = {"class": "form-input"}
