"""Each cell of an import row checked and turned into the value it stands for."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from stdnum.dk import cvr as stdnum_cvr

from companies.models import Company, Municipality
from core.validators import validate_cvr, validate_past_date, validate_plausible_date
from participants.imports.reader import (
    BIRTH_YEAR,
    COLUMNS,
    COMPANY_CVR,
    END_DATE,
    GENDER,
    MENTOR,
    MUNICIPALITY_CODE,
    OUTCOME,
    OUTCOME_DATE,
    REFERENCE,
    REQUIRED,
    START_DATE,
    CellValue,
    RowError,
    SheetRow,
    blank,
)
from participants.models import (
    OnboardingCourse,
    Participant,
    starts_before_birth,
    validate_birth_year,
    validate_not_cpr,
)

GENDERS = {
    "female": Participant.Gender.FEMALE, "male": Participant.Gender.MALE,
    "other": Participant.Gender.OTHER,
    # Danish words are accepted too.
    "kvinde": Participant.Gender.FEMALE, "mand": Participant.Gender.MALE,
    "andet": Participant.Gender.OTHER,
}  # fmt: skip
MENTOR_VALUES = {
    "ja": True, "yes": True, "true": True, "sand": True, "1": True, "x": True,
    "nej": False, "no": False, "false": False, "falsk": False, "0": False,
}  # fmt: skip

# Which column a model field's error belongs to.
FIELD_COLUMNS = {
    "reference": REFERENCE,
    "birth_year": BIRTH_YEAR,
    "gender": GENDER,
    "municipality": MUNICIPALITY_CODE,
    "participant": REFERENCE,
    "company": COMPANY_CVR,
    "start_date": START_DATE,
    "end_date": END_DATE,
    "mentor": MENTOR,
    "outcome": OUTCOME,
    "outcome_date": OUTCOME_DATE,
}

_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Lookups:
    """The rows' municipalities and companies, each looked up once for the whole file."""

    municipalities: Mapping[str, Municipality]
    companies: Mapping[str, Company]


def cell_text(value: CellValue) -> str:
    """A cell as text; whole numbers without a trailing ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _reference(value: CellValue, lookups: Lookups) -> str:
    reference = cell_text(value)
    validate_not_cpr(reference)
    # Excel drops the leading zero of a number: nine digits may be a CPR number too.
    if isinstance(value, int | float) and len(reference) == 9:
        validate_not_cpr(reference.zfill(10))
    return reference


def _year(value: CellValue, lookups: Lookups) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        year = int(value.strip())
    else:
        raise ValidationError(_("Enter the birth year as a number, e.g. 1985."), "not_a_number")
    # Checked here, with the cell, so that the row's dates are compared with a plausible year.
    validate_birth_year(year)
    return year


def _gender(value: CellValue, lookups: Lookups) -> str:
    if (gender := GENDERS.get(cell_text(value).lower())) is None:
        raise ValidationError(_("Enter female, male or other."), "invalid_choice")
    return gender


def _municipality(value: CellValue, lookups: Lookups) -> Municipality:
    code = cell_text(value)
    if not re.fullmatch(r"\d{3}", code):
        raise ValidationError(_("Enter the municipality's three-digit code, e.g. 751."))
    if code not in lookups.municipalities:
        raise ValidationError(
            _(
                "No municipality has the code %(code)s. "
                "The codes are listed on the template's help sheet."
            )
            % {"code": code},
            "unknown_municipality",
        )
    return lookups.municipalities[code]


def _company(value: CellValue, lookups: Lookups) -> Company:
    number = stdnum_cvr.compact(cell_text(value))
    try:
        validate_cvr(number)
    except ValidationError as exc:
        raise ValidationError(
            _("%(value)s is not a valid CVR number (eight digits with a valid check digit).")
            % {"value": cell_text(value)[:20]},
            "invalid_cvr",
        ) from exc
    if number not in lookups.companies:
        raise ValidationError(
            _(
                "No company with CVR number %(cvr)s is registered. "
                "Register the company first, then import the file again."
            )
            % {"cvr": number},
            "unknown_company",
        )
    return lookups.companies[number]


def _any_date(value: CellValue) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        with contextlib.suppress(ValueError):
            if match := _ISO_DATE.match(text):
                year, month, day = match.groups()
                return date(int(year), int(month), int(day))
            if match := _DANISH_DATE.match(text):
                day, month, year = match.groups()
                return date(int(year), int(month), int(day))
    raise ValidationError(
        _("Enter a date, e.g. 2019-03-01: a date cell, or text written as yyyy-mm-dd."),
        "not_a_date",
    )


def _date(value: CellValue, lookups: Lookups) -> date:
    """A date under the rule of every date field (`validate_plausible_date`)."""
    day = _any_date(value)
    validate_plausible_date(day)
    return day


def _past_date(value: CellValue, lookups: Lookups) -> date:
    """An end or an outcome: recorded once it happened, as the course form has it."""
    day = _any_date(value)
    validate_past_date(day)
    return day


def _mentor(value: CellValue, lookups: Lookups) -> bool:
    if isinstance(value, bool):
        return value
    if (mentor := MENTOR_VALUES.get(cell_text(value).lower())) is None:
        raise ValidationError(_("Enter ja or nej (or yes or no)."), "invalid_choice")
    return mentor


def _outcome(value: CellValue, lookups: Lookups) -> str:
    if (outcome := cell_text(value).lower()) not in OnboardingCourse.Outcome.values:
        raise ValidationError(
            _("Leave empty while the course runs, or enter one of: %(outcomes)s.")
            % {"outcomes": ", ".join(OnboardingCourse.Outcome.values)},
            "invalid_choice",
        )
    return outcome


_PARSERS: dict[str, Callable[[CellValue, Lookups], Any]] = {
    REFERENCE: _reference,
    BIRTH_YEAR: _year,
    GENDER: _gender,
    MUNICIPALITY_CODE: _municipality,
    COMPANY_CVR: _company,
    START_DATE: _date,
    END_DATE: _past_date,
    MENTOR: _mentor,
    OUTCOME: _outcome,
    OUTCOME_DATE: _past_date,
}
_no_null_characters = ProhibitNullCharactersValidator()

# What an empty optional cell means.
_BLANK = {END_DATE: None, MENTOR: False, OUTCOME: "", OUTCOME_DATE: None}


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
                # A NUL cannot be stored (PostgreSQL refuses it), nor even looked up.
                _no_null_characters(raw)
            values[column] = _PARSERS[column](raw, lookups)
        except ValidationError as exc:
            errors.append(RowError(row.number, column, exc.messages[0], exc.code or "invalid"))
    errors.extend(_row_errors(row.number, values))
    return values, errors


def _row_errors(number: int, values: Mapping[str, Any]) -> list[RowError]:
    """Problems between the cells of one row, each of them good on its own."""
    start, birth_year = values.get(START_DATE), values.get(BIRTH_YEAR)
    if start is not None and birth_year is not None and start.year < birth_year:
        # The same rule as OnboardingCourse.clean, for a participant the row registers.
        error = starts_before_birth(birth_year)
        return [RowError(number, START_DATE, error.messages[0], error.code or "invalid")]
    return []


def model_errors(number: int, exc: ValidationError) -> list[RowError]:
    """A model's validation errors as row errors, each under its column."""
    return [
        RowError(number, FIELD_COLUMNS.get(name, ""), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
