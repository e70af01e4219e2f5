"""The XLSX template for the course import: a sheet to fill in and a help sheet."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from companies.models import Municipality
from core import xlsx
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
    courses = _course_sheet()
    book = xlsx.Book(
        title=_("Onboarding courses to import"),
        sheets=[courses, _help_sheet(course_sheet=courses.title[:31])],
    )
    return xlsx.to_bytes(book)


def _course_sheet() -> xlsx.Sheet:
    """The header row, column formats, and dropdowns and checks where Excel can help."""
    mentor_choices = ("ja", "nej") if (get_language() or "da").startswith("da") else ("yes", "no")
    # A dropdown to pick from, not a lock: the other accepted spellings may be typed.
    choices = {
        GENDER: xlsx.Validation.choices(("female", "male", "other")),
        MENTOR: xlsx.Validation.choices(mentor_choices),
        OUTCOME: xlsx.Validation.choices(OnboardingCourse.Outcome.values),
    }
    date_check = xlsx.Validation(
        type="date",
        operator="greaterThan",
        formula1="DATE(1900,1,1)",
        error_title=_("Not a date"),
        error=_("Enter a date, e.g. 2019-03-01."),
    )
    year_check = xlsx.Validation(
        type="whole",
        operator="between",
        formula1="1900",
        formula2="2100",
        error_title=_("Not a year"),
        error=_("Enter the birth year as four digits, e.g. 1985."),
    )

    def column(code: str) -> xlsx.Column:
        if code in DATE_COLUMNS:
            return xlsx.Column(code, number_format=xlsx.DATE, validation=date_check)
        if code in (REFERENCE, COMPANY_CVR, MUNICIPALITY_CODE):
            # Text, so Excel keeps the digits as typed.
            return xlsx.Column(code, number_format=xlsx.TEXT)
        if code == BIRTH_YEAR:
            return xlsx.Column(code, validation=year_check)
        return xlsx.Column(code, validation=choices.get(code))

    return xlsx.Sheet(
        title=_("Courses"), columns=[column(code) for code in COLUMNS], validated_rows=MAX_ROWS
    )


def _help_sheet(*, course_sheet: str) -> xlsx.Sheet:
    """How to fill in the sheet, every column explained, and the municipality codes."""
    notes: list[xlsx.Line] = [
        xlsx.Row([_("How to fill in the sheet “%(sheet)s”") % {"sheet": course_sheet}], "heading"),
        [_("Each row is one onboarding course. Keep the first row, the column names, as it is.")],
        [
            _(
                "All rows are imported, or none: if a row has a problem, nothing is imported and "
                "every problem is listed with its row number and column."
            )
        ],
        [
            _("At most %(rows)s rows and %(size)s MB per file.")
            % {"rows": number_format(MAX_ROWS, force_grouping=True), "size": MAX_UPLOAD_MEGABYTES}
        ],
        [],
    ]
    rows: list[xlsx.Line] = [
        xlsx.Row([column, _("required") if required else _("optional"), text, example], "wrap")
        for column, required, text, example in _column_help()
    ]
    rows.append([])
    rows.append(xlsx.Row([_("Municipality code"), _("Municipality")], "bold"))
    rows.extend(Municipality.objects.order_by("code").values_list("code", "name"))
    columns = [
        xlsx.Column(_("Column"), width=20),
        xlsx.Column(_("Fill in"), width=14),
        xlsx.Column(_("What to enter"), width=80),
        xlsx.Column(_("Example"), width=16),
    ]
    return xlsx.Sheet(title=_("Help"), columns=columns, above=notes, rows=rows, freeze=False)
