"""Onboarding courses imported from an Excel sheet: reading, checking and writing the rows.

An import is all or nothing. `read_sheet` turns an uploaded file into plain rows, or refuses
the file as a whole (not an Excel file, too large, wrong columns, too many rows).
`courses_import` checks every row and either writes all of them in one transaction or raises
`ImportRowsError` listing every problem as (row number in Excel, column, message).
The template to fill in is built by `participants.imports.template`.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from stdnum.dk import cvr as stdnum_cvr

from accounts import guards
from companies.models import Company, Municipality
from core.validators import validate_cvr
from grants.models import Project
from participants.models import OnboardingCourse, Participant, validate_not_cpr

# Limits that keep one import a short request: checked before the file is read.
MAX_UPLOAD_MEGABYTES = 2
MAX_UPLOAD_BYTES = MAX_UPLOAD_MEGABYTES * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a zip; a small file may unpack to a huge one. A full sheet of MAX_ROWS rows
# unpacks to about 2.5 MB; refuse anything unpacking past ten times that.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
# Header cells read at most; a real template has ten.
MAX_HEADER_COLUMNS = 200

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format

# The columns, in the template's order. Codes, not translated: the file is the same in
# every language, and a sheet filled in Danish imports the same as one filled in English.
REFERENCE = "reference"
BIRTH_YEAR = "birth_year"
GENDER = "gender"
MUNICIPALITY_CODE = "municipality_code"
COMPANY_CVR = "company_cvr"
START_DATE = "start_date"
END_DATE = "end_date"
MENTOR = "mentor"
OUTCOME = "outcome"
OUTCOME_DATE = "outcome_date"
COLUMNS = (
    REFERENCE, BIRTH_YEAR, GENDER, MUNICIPALITY_CODE, COMPANY_CVR,
    START_DATE, END_DATE, MENTOR, OUTCOME, OUTCOME_DATE,
)  # fmt: skip
REQUIRED = frozenset({REFERENCE, BIRTH_YEAR, GENDER, MUNICIPALITY_CODE, COMPANY_CVR, START_DATE})
DATE_COLUMNS = (START_DATE, END_DATE, OUTCOME_DATE)

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

User = AbstractBaseUser | AnonymousUser
CellValue = Any  # what openpyxl gives: str, int, float, bool, datetime, time, None


@dataclass(frozen=True)
class SheetRow:
    """One row of the sheet: its row number as Excel shows it, and its cells by column."""

    number: int
    values: Mapping[str, CellValue]


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or, with an empty column, in the row as a whole)."""

    row: int
    column: str
    message: str
    code: str = "invalid"


@dataclass(frozen=True)
class ImportResult:
    participants_created: int
    participants_reused: int
    courses_created: int


class ImportRowsError(ValidationError):
    """Some rows cannot be imported; nothing was written. `row_errors` lists every problem."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.row_errors = sorted(errors, key=lambda e: (e.row, _column_order(e.column)))
        super().__init__(
            [
                ValidationError(
                    _("Row %(row)s, %(column)s: %(message)s")
                    % {"row": e.row, "column": e.column or "–", "message": e.message},
                    code=e.code,
                )
                for e in self.row_errors
            ]
        )


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


# --- Reading the file ---------------------------------------------------------------------


def check_size(size: int | None) -> None:
    """Refuse a file above the limit before a byte of it is read."""
    if size is None or size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_UPLOAD_MEGABYTES},
            code="too_large",
        )


def read_sheet(upload: IO[bytes]) -> list[SheetRow]:
    """The non-empty rows below the header of the workbook's first sheet.

    Raises `ValidationError` for a file that cannot be imported at all: not an XLSX,
    damaged, unpacking to far more than its size, wrong columns, no rows or too many rows.
    """
    upload.seek(0)
    signature = upload.read(4)
    upload.seek(0)
    if signature == OLE_SIGNATURE:
        raise ValidationError(
            _(
                "This is the old Excel format (.xls). Save the sheet as “Excel Workbook (.xlsx)” "
                "and upload it again."
            ),
            code="old_excel",
        )
    not_excel = ValidationError(
        _(
            "This is not an Excel file (.xlsx). Download the template, fill it in, save it as "
            "“Excel Workbook (.xlsx)” and upload it again."
        ),
        code="not_excel",
    )
    if signature != ZIP_SIGNATURE:
        raise not_excel
    content = io.BytesIO(upload.read())
    try:
        with zipfile.ZipFile(content) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_excel from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The sheet is too large to import. Split it into smaller files."),
            code="too_large",
        )
    content.seek(0)
    try:
        workbook = load_workbook(content, read_only=True, data_only=True)
    # openpyxl raises many kinds of errors for a zip that is no workbook (KeyError, ValueError,
    # TypeError, its own exceptions); each of them means the same to the user.
    except Exception as exc:
        raise not_excel from exc
    try:
        return _rows(workbook)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid package
        raise not_excel from exc
    finally:
        workbook.close()


def _rows(workbook: Any) -> list[SheetRow]:
    if not workbook.worksheets:
        raise ValidationError(_("The file has no sheets."), code="no_rows")
    sheet = workbook.worksheets[0]
    # Some programs write a wrong size into the file: read until the rows end instead.
    sheet.reset_dimensions()
    header_row = next(
        sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), ()
    )
    positions = _check_header(header_row)
    width = max(positions.values()) + 1
    rows: list[SheetRow] = []
    for number, cells in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        values = {column: cells[index] for column, index in positions.items()}
        if all(_blank(value) for value in values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(rows)s rows. Split it into smaller files.")
                % {"rows": number_format(MAX_ROWS, force_grouping=True)},
                code="too_many_rows",
            )
        rows.append(SheetRow(number=number, values=values))
    if not rows:
        raise ValidationError(
            _("The sheet has no rows to import below the column names."), code="no_rows"
        )
    return rows


def _check_header(cells: Iterable[CellValue]) -> dict[str, int]:
    """The position of each expected column; every missing, unknown or repeated one refused."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, value in enumerate(cells):
        if _blank(value):
            continue
        name = str(value).strip().lower()
        if name not in COLUMNS:
            unknown.append(str(value).strip()[:40])
        elif name in positions:
            repeated.append(name)
        else:
            positions[name] = index
    missing = [column for column in COLUMNS if column not in positions]
    problems: list[ValidationError] = []
    if missing:
        problems.append(
            ValidationError(
                _("Columns missing from the first row: %(columns)s.")
                % {"columns": ", ".join(missing)},
                code="missing_columns",
            )
        )
    if unknown:
        problems.append(
            ValidationError(
                _("Unknown columns in the first row: %(columns)s.")
                % {"columns": ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")},
                code="unknown_columns",
            )
        )
    if repeated:
        problems.append(
            ValidationError(
                _("Columns named twice in the first row: %(columns)s.")
                % {"columns": ", ".join(repeated)},
                code="repeated_columns",
            )
        )
    if problems:
        problems.append(
            ValidationError(
                _(
                    "The first row of the first sheet must hold exactly the column names of "
                    "the template: %(columns)s."
                )
                % {"columns": ", ".join(COLUMNS)},
                code="wrong_columns",
            )
        )
        raise ValidationError(problems)
    return positions


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- Checking the rows --------------------------------------------------------------------


@dataclass(frozen=True)
class _Lookups:
    municipalities: Mapping[str, Municipality]
    companies: Mapping[str, Company]


def _text(value: CellValue) -> str:
    """A cell as text; whole numbers without a trailing ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _reference(value: CellValue, lookups: _Lookups) -> str:
    reference = _text(value)
    validate_not_cpr(reference)
    # Excel drops the leading zero of a number: nine digits may be a CPR number too.
    if isinstance(value, int | float) and len(reference) == 9:
        validate_not_cpr(reference.zfill(10))
    return reference


def _year(value: CellValue, lookups: _Lookups) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return int(value.strip())
    raise ValidationError(_("Enter the birth year as a number, e.g. 1985."), "not_a_number")


def _gender(value: CellValue, lookups: _Lookups) -> str:
    if (gender := GENDERS.get(_text(value).lower())) is None:
        raise ValidationError(_("Enter female, male or other."), "invalid_choice")
    return gender


def _municipality(value: CellValue, lookups: _Lookups) -> Municipality:
    code = _text(value)
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


def _company(value: CellValue, lookups: _Lookups) -> Company:
    number = stdnum_cvr.compact(_text(value))
    try:
        validate_cvr(number)
    except ValidationError as exc:
        raise ValidationError(
            _("%(value)s is not a valid CVR number (eight digits with a valid check digit).")
            % {"value": _text(value)[:20]},
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


def _date(value: CellValue, lookups: _Lookups) -> date:
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


def _mentor(value: CellValue, lookups: _Lookups) -> bool:
    if isinstance(value, bool):
        return value
    if (mentor := MENTOR_VALUES.get(_text(value).lower())) is None:
        raise ValidationError(_("Enter ja or nej (or yes or no)."), "invalid_choice")
    return mentor


def _outcome(value: CellValue, lookups: _Lookups) -> str:
    if (outcome := _text(value).lower()) not in OnboardingCourse.Outcome.values:
        raise ValidationError(
            _("Leave empty while the course runs, or enter one of: %(outcomes)s.")
            % {"outcomes": ", ".join(OnboardingCourse.Outcome.values)},
            "invalid_choice",
        )
    return outcome


_PARSERS: dict[str, Callable[[CellValue, _Lookups], Any]] = {
    REFERENCE: _reference,
    BIRTH_YEAR: _year,
    GENDER: _gender,
    MUNICIPALITY_CODE: _municipality,
    COMPANY_CVR: _company,
    START_DATE: _date,
    END_DATE: _date,
    MENTOR: _mentor,
    OUTCOME: _outcome,
    OUTCOME_DATE: _date,
}
_no_null_characters = ProhibitNullCharactersValidator()

# What an empty optional cell means.
_BLANK = {END_DATE: None, MENTOR: False, OUTCOME: "", OUTCOME_DATE: None}


def _parse(row: SheetRow, lookups: _Lookups) -> tuple[dict[str, Any], list[RowError]]:
    """The row's cells as values by column, or every cell's problem."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in COLUMNS:
        raw = row.values.get(column)
        if _blank(raw):
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
    return values, errors


def _model_errors(number: int, exc: ValidationError) -> list[RowError]:
    return [
        RowError(number, FIELD_COLUMNS.get(name, ""), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


@dataclass
class _Plan:
    """What an import writes once every row is found good, and the problems found."""

    errors: list[RowError] = field(default_factory=list)
    new_participants: dict[str, Participant] = field(default_factory=dict)
    reused: set[int] = field(default_factory=set)
    # Each course with the reference of its participant (a new one has no id yet).
    courses: list[tuple[str, OnboardingCourse]] = field(default_factory=list)


def _plan(project: Project, rows: Sequence[SheetRow], by: User) -> _Plan:
    """Check every row against each other and the database; write nothing."""
    cvrs = {
        stdnum_cvr.compact(_text(row.values[COMPANY_CVR]))
        for row in rows
        if not _blank(row.values.get(COMPANY_CVR)) and "\x00" not in _text(row.values[COMPANY_CVR])
    }
    lookups = _Lookups(
        municipalities={m.code: m for m in Municipality.objects.all()},
        companies={c.cvr: c for c in Company.objects.filter(cvr__in=cvrs)},
    )
    parsed = [(row.number, *_parse(row, lookups)) for row in rows]
    references = {values[REFERENCE] for _n, values, _e in parsed if REFERENCE in values}
    existing = {
        p.reference: p
        for p in Participant.objects.visible_to(by).filter(
            project=project, reference__in=references
        )
    }
    registered = set(
        OnboardingCourse.objects.visible_to(by)
        .filter(participant__in=existing.values())
        .values_list("participant_id", "company_id", "start_date")
    )

    plan = _Plan()
    # reference -> (the first row naming a new participant, its values, its problems)
    first: dict[str, tuple[int, dict[str, Any], list[RowError]]] = {}
    seen_courses: dict[tuple[str, int, date], int] = {}
    for number, values, errors in parsed:
        plan.errors.extend(errors)
        if errors:
            continue
        problems: list[RowError] = []
        reference = values[REFERENCE]
        participant = existing.get(reference)
        if participant is not None:
            plan.reused.add(participant.pk)
            for column in (BIRTH_YEAR, GENDER):
                registered_value = getattr(participant, column)
                if values[column] != registered_value:
                    message = _(
                        "The participant %(reference)s is registered in the project "
                        "with another %(column)s: %(value)s."
                    ) % {"reference": reference, "column": column, "value": registered_value}
                    problems.append(RowError(number, column, message, "participant_differs"))
        elif reference in first:
            first_number, first_values, first_problems = first[reference]
            for column in (BIRTH_YEAR, GENDER, MUNICIPALITY_CODE):
                if values[column] != first_values[column]:
                    message = _("Differs from row %(row)s, which has the same reference.") % {
                        "row": first_number
                    }
                    problems.append(RowError(number, column, message, "participant_differs"))
            # A participant with problems spoils every row that names them.
            problems.extend(RowError(number, e.column, e.message, e.code) for e in first_problems)
        else:
            new = Participant(
                project=project,
                reference=reference,
                birth_year=values[BIRTH_YEAR],
                gender=values[GENDER],
                municipality=values[MUNICIPALITY_CODE],
            )
            try:
                new.full_clean(
                    exclude=["project", "municipality"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                problems.extend(_model_errors(number, exc))
            first[reference] = (number, values, list(problems))
            plan.new_participants[reference] = new

        course = OnboardingCourse(
            project=project,
            company=values[COMPANY_CVR],
            start_date=values[START_DATE],
            end_date=values[END_DATE],
            mentor=values[MENTOR],
            outcome=values[OUTCOME],
            outcome_date=values[OUTCOME_DATE],
        )
        if participant is not None:
            course.participant = participant
        try:
            # The database checks the rules again; here they are checked for the messages.
            course.full_clean(
                exclude=["participant", "project", "company"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            problems.extend(_model_errors(number, exc))
        key = (reference, values[COMPANY_CVR].pk, values[START_DATE])
        if key in seen_courses:
            message = _(
                "The same course as row %(row)s: same reference, company and start date."
            ) % {"row": seen_courses[key]}
            problems.append(RowError(number, "", message, "duplicate_row"))
        seen_courses.setdefault(key, number)
        if participant is not None and (participant.pk, *key[1:]) in registered:
            message = _(
                "This course is already registered: same reference, company and start date."
            )
            problems.append(RowError(number, "", message, "already_registered"))
        plan.errors.extend(problems)
        plan.courses.append((reference, course))
    return plan


# --- Writing ------------------------------------------------------------------------------


def courses_import(*, project: Project, rows: Sequence[SheetRow], by: User) -> ImportResult:
    """Import onboarding courses (and their new participants) into `project`: all or none.

    `by` must work in the project's secretariat. An unknown reference becomes a new participant;
    a reference registered in the project gets a new course. Raises `ImportRowsError` listing
    every bad row, or `ValidationError` when the import as a whole is refused.
    """
    if not guards.has_perm(by, "participants.add_participant", project):
        raise ValidationError(
            _("You can only import into the projects whose secretariat you belong to."),
            code="not_a_member",
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("At most %(rows)s rows can be imported at a time.")
            % {"rows": number_format(MAX_ROWS, force_grouping=True)},
            code="too_many_rows",
        )
    if not rows:
        raise ValidationError(_("There are no rows to import."), code="no_rows")
    with transaction.atomic():
        plan = _plan(project, rows, by)
        if plan.errors:
            raise ImportRowsError(plan.errors)
        try:
            with transaction.atomic():
                created = Participant.objects.bulk_create(plan.new_participants.values())
                if any(p.pk is None for p in created):  # a database that returns no ids
                    created = list(
                        Participant.objects.filter(
                            project=project, reference__in=plan.new_participants
                        )
                    )
                by_reference = {p.reference: p for p in created}
                for reference, course in plan.courses:
                    if course.participant_id is None:
                        course.participant = by_reference[reference]
                OnboardingCourse.objects.bulk_create(course for _ref, course in plan.courses)
        except IntegrityError as exc:
            # Someone registered the same participant or course while the file was checked.
            raise ValidationError(
                _("The data changed while the file was imported. Nothing was saved: try again."),
                code="conflict",
            ) from exc
    return ImportResult(
        participants_created=len(created),
        participants_reused=len(plan.reused),
        courses_created=len(plan.courses),
    )
