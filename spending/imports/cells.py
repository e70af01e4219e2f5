"""Each cell of an import row checked and turned into the value it stands for."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import amounts
from core.fields import AmountField, refusal
from core.validators import validate_plausible_date
from grants.models import EffortArea
from spending.imports.reader import (
    AMOUNT,
    COLUMNS,
    COST_CATEGORY,
    DESCRIPTION,
    EFFORT_AREA,
    INVOICE_NUMBER,
    PAID_ON,
    REQUIRED,
    SPENT_ON,
    CellValue,
    RowError,
    SheetRow,
    blank,
)
from spending.models import CostCategory, ExpenditureLine

# Which column a model field's error belongs to.
FIELD_COLUMNS = {
    "spent_on": SPENT_ON,
    "paid_on": PAID_ON,
    "effort_area": EFFORT_AREA,
    "cost_category": COST_CATEGORY,
    "description": DESCRIPTION,
    "invoice_number": INVOICE_NUMBER,
    "amount": AMOUNT,
}

_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Text cells are read as typed amounts: 12000, 12.000, 12 000, "12.000 kr.", "12.000,00".
_AMOUNT_FIELD = AmountField()
_DESCRIPTION_LENGTH = ExpenditureLine._meta.get_field("description").max_length or 300
_INVOICE_LENGTH = ExpenditureLine._meta.get_field("invoice_number").max_length or 50


@dataclass(frozen=True)
class Lookups:
    """The report's effort areas (by name) and cost categories (by code and by name)."""

    areas: Mapping[str, EffortArea]
    categories: Mapping[str, CostCategory]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def lookups_for(areas: list[EffortArea], categories: list[CostCategory]) -> Lookups:
    by_name = {_key(c.name): c for c in categories}
    by_code = {_key(c.code): c for c in categories}
    return Lookups(
        areas={_key(a.name): a for a in areas if not a.retired},
        categories={**by_name, **by_code},
    )


def cell_text(value: CellValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: CellValue, lookups: Lookups) -> date:
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        with contextlib.suppress(ValueError):
            if match := _ISO_DATE.match(text):
                year, month, number = match.groups()
                day = date(int(year), int(month), int(number))
            elif match := _DANISH_DATE.match(text):
                number, month, year = match.groups()
                day = date(int(year), int(month), int(number))
    if day is None:
        raise ValidationError(
            _("Enter a date, e.g. 2017-03-01: a date cell, or text written as yyyy-mm-dd."),
            "not_a_date",
        )
    validate_plausible_date(day)
    return day


def _area(value: CellValue, lookups: Lookups) -> EffortArea:
    name = cell_text(value)
    if (area := lookups.areas.get(_key(name))) is None:
        raise ValidationError(
            _("The project has no effort area named “%(name)s”. The names are on the help sheet.")
            % {"name": name[:60]},
            "unknown_area",
        )
    return area


def _category(value: CellValue, lookups: Lookups) -> CostCategory:
    text = cell_text(value)
    if (category := lookups.categories.get(_key(text))) is None:
        raise ValidationError(
            _("No cost category has the code or name “%(code)s”. They are on the help sheet.")
            % {"code": text[:60]},
            "unknown_category",
        )
    if category.is_flat_rate:
        raise ValidationError(
            _("%(name)s is a flat rate: it is computed from its base lines, never entered.")
            % {"name": category.name},
            "flat_rate",
        )
    return category


def _text(limit: int) -> Callable[[CellValue, Lookups], str]:
    def parse(value: CellValue, lookups: Lookups) -> str:
        text = cell_text(value)
        if len(text) > limit:
            raise ValidationError(
                _("At most %(limit)s characters (this has %(length)s).")
                % {"limit": limit, "length": len(text)},
                "too_long",
            )
        return text

    return parse


def _amount(value: CellValue, lookups: Lookups) -> int:
    """Whole kroner: a number cell as it is, a text cell read as every amount field reads it."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # the same limits as typed: not below 0, not too large
    if not isinstance(value, str):
        # A number with øre, or a date, time or truth value: not whole kroner.
        decimals = isinstance(value, float) and math.isfinite(value)
        text = number_format(value) if decimals else cell_text(value)
        code = amounts.Code.DECIMALS if decimals else amounts.Code.INVALID
        raise refusal(amounts.AmountRefused(code, text), mode=amounts.Mode.KRONER)
    return int(_AMOUNT_FIELD.clean(value))  # required: a blank cell never gets here


_PARSERS: dict[str, Callable[[CellValue, Lookups], Any]] = {
    SPENT_ON: _date,
    PAID_ON: _date,
    EFFORT_AREA: _area,
    COST_CATEGORY: _category,
    DESCRIPTION: _text(_DESCRIPTION_LENGTH),
    INVOICE_NUMBER: _text(_INVOICE_LENGTH),
    AMOUNT: _amount,
}
_no_null_characters = ProhibitNullCharactersValidator()
_BLANK = {INVOICE_NUMBER: ""}


def parse_row(row: SheetRow, lookups: Lookups) -> tuple[dict[str, Any], list[RowError]]:
    """The row's cells as values by column, or every cell's problem."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in COLUMNS:
        raw = row.values.get(column)
        if blank(raw):
            if column in REQUIRED:
                errors.append(RowError(row.number, column, _("Fill in this cell."), "required"))
            else:
                values[column] = _BLANK[column]
            continue
        try:
            if isinstance(raw, str):
                _no_null_characters(raw)
            values[column] = _PARSERS[column](raw, lookups)
        except ValidationError as exc:
            errors.append(RowError(row.number, column, exc.messages[0], exc.code or "invalid"))
    return values, errors


def model_errors(number: int, exc: ValidationError) -> list[RowError]:
    """A model's validation errors as row errors, each under its column."""
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", message) for message in exc.messages]
    return [
        RowError(number, FIELD_COLUMNS.get(name, ""), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
