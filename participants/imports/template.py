"""The XLSX template for the course import: a sheet to fill in and a help sheet."""

from __future__ import annotations

import io

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from companies.models import Municipality
from core.xlsx import safe_text
from participants.imports.reader import (
    BIRTH_YEAR,
    COLUMNS,
    COMPANY_CVR,
    DATE_COLUMNS,
    END_DATE,
    GENDER,
    MAX_ROWS,
    MAX_UPLOAD_MEGABYTES,
    MENTOR,
    MUNICIPALITY_CODE,
    OUTCOME,
    OUTCOME_DATE,
    REFERENCE,
    START_DATE,
)
from participants.models import OnboardingCourse


def _column_help() -> list[tuple[str, bool, str, str]]:
    """(column, required, what to enter, example) for the help sheet; translated now."""
    outcomes = "; ".join(f"{value} ({label})" for value, label in OnboardingCourse.Outcome.choices)
    return [
        (
            REFERENCE,
            True,
            _(
                "The project's own reference for the citizen, e.g. RI-0042. Never a CPR number. "
                "A reference already registered in the project adds a new course for that "
                "participant: birth year and gender must then be the registered ones."
            ),
            "RI-0042",
        ),
        (BIRTH_YEAR, True, _("The year the citizen was born, four digits."), "1985"),
        (
            GENDER,
            True,
            _("female, male or other (kvinde, mand or andet are accepted too)."),
            "female",
        ),
        (
            MUNICIPALITY_CODE,
            True,
            _("The three-digit code of the citizen's municipality; the codes are listed below."),
            "751",
        ),
        (
            COMPANY_CVR,
            True,
            _(
                "The eight-digit CVR number of the company the course takes place in. "
                "The company must already be registered in Rummelig."
            ),
            "12345674",
        ),
        (START_DATE, True, _("The date the course starts, as a date cell."), "2019-03-01"),
        (
            END_DATE,
            False,
            _("The date the course ended. Leave empty while the course runs."),
            "2019-06-28",
        ),
        (MENTOR, False, _("ja or nej (yes or no). Empty means nej."), "ja"),
        (
            OUTCOME,
            False,
            _("Empty while the course runs, otherwise one of: %(outcomes)s.")
            % {"outcomes": outcomes},
            OnboardingCourse.Outcome.FLEX_JOB.value,
        ),
        (
            OUTCOME_DATE,
            False,
            _("The date of the outcome; needed with an outcome, which also needs an end date."),
            "2019-07-01",
        ),
    ]


def template_workbook() -> bytes:
    """The XLSX to fill in: a sheet with the column codes and a help sheet explaining them."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Courses")[:31]
    _fill_course_sheet(sheet)
    _fill_help_sheet(workbook.create_sheet(_("Help")[:31]), course_sheet=sheet.title)
    workbook.properties.title = _("Onboarding courses to import")
    workbook.properties.creator = "Rummelig"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_course_sheet(sheet: Worksheet) -> None:
    """The header row, column formats, and dropdowns and checks where Excel can help."""
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column in COLUMNS:
        dimension = sheet.column_dimensions[_letter(column)]
        dimension.width = 18
        if column in DATE_COLUMNS:
            dimension.number_format = "yyyy-mm-dd"
        elif column in (REFERENCE, COMPANY_CVR, MUNICIPALITY_CODE):
            # Text, so Excel keeps the digits as typed.
            dimension.number_format = "@"
    mentor_choices = "ja,nej" if (get_language() or "da").startswith("da") else "yes,no"
    for column, choices in (
        (GENDER, "female,male,other"),
        (MENTOR, mentor_choices),
        (OUTCOME, ",".join(OnboardingCourse.Outcome.values)),
    ):
        # A dropdown to pick from, not a lock: the other accepted spellings may be typed.
        _validate(
            sheet,
            column,
            DataValidation(type="list", formula1=f'"{choices}"', showErrorMessage=False),
        )
    for column in DATE_COLUMNS:
        _validate(
            sheet,
            column,
            DataValidation(
                type="date",
                operator="greaterThan",
                formula1="DATE(1900,1,1)",
                showErrorMessage=True,
                errorTitle=_("Not a date"),
                error=_("Enter a date, e.g. 2019-03-01."),
            ),
        )
    _validate(
        sheet,
        BIRTH_YEAR,
        DataValidation(
            type="whole",
            operator="between",
            formula1="1900",
            formula2="2100",
            showErrorMessage=True,
            errorTitle=_("Not a year"),
            error=_("Enter the birth year as four digits, e.g. 1985."),
        ),
    )


def _validate(sheet: Worksheet, column: str, validation: DataValidation) -> None:
    validation.allow_blank = True
    validation.add(f"{_letter(column)}2:{_letter(column)}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)


def _fill_help_sheet(sheet: Worksheet, *, course_sheet: str) -> None:
    """How to fill in the sheet, every column explained, and the municipality codes."""
    bold = Font(bold=True)
    notes = [
        _("How to fill in the sheet “%(sheet)s”") % {"sheet": course_sheet},
        _("Each row is one onboarding course. Keep the first row, the column names, as it is."),
        _(
            "All rows are imported, or none: if a row has a problem, nothing is imported and "
            "every problem is listed with its row number and column."
        ),
        _("At most %(rows)s rows and %(size)s MB per file.")
        % {"rows": number_format(MAX_ROWS, force_grouping=True), "size": MAX_UPLOAD_MEGABYTES},
        "",
    ]
    for note in notes:
        sheet.append([safe_text(note)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Column"), _("Fill in"), _("What to enter"), _("Example")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column, required, text, example in _column_help():
        sheet.append(
            [
                column,
                _("required") if required else _("optional"),
                safe_text(text),
                safe_text(example),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append([_("Municipality code"), _("Municipality")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for code, name in Municipality.objects.order_by("code").values_list("code", "name"):
        sheet.append([code, safe_text(name)])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    for letter, width in zip("ABCD", (20, 14, 80, 16), strict=True):
        sheet.column_dimensions[letter].width = width


def _letter(column: str) -> str:
    return get_column_letter(COLUMNS.index(column) + 1)
