"""The onboarding-course list as an XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.xlsx import safe_text
from participants.models import OnboardingCourse

DATE_FORMAT = "yyyy-mm-dd"
# Column widths in characters, in the order of `course_header()`.
WIDTHS = (16, 30, 30, 10, 18, 24, 12, 12, 8, 20, 12)


def course_header() -> list[str]:
    return [
        _("Participant"),
        _("Project"),
        _("Company"),
        _("CVR number"),
        _("Participant's municipality"),
        _("Company's industry"),
        _("Start"),
        _("End"),
        _("Mentor"),
        _("Outcome"),
        _("Outcome date"),
    ]


def course_row(course: OnboardingCourse) -> list[str | date | None]:
    company = course.company
    return [
        course.participant_label,
        course.project.name,
        company.name,
        company.cvr,
        course.participant.municipality.name if course.participant else None,
        company.industry.name if company.industry else None,
        course.start_date,
        course.end_date,
        _("yes") if course.mentor else _("no"),
        course.get_outcome_display() or None,
        course.outcome_date,
    ]


def courses_to_xlsx(courses: Iterable[OnboardingCourse]) -> bytes:
    """One row per course; dates are dates, text never runs as a formula.

    `courses` must come with participant__municipality, project and company__industry.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Onboarding courses")[:31]
    sheet.append(course_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for course in courses:
        sheet.append([safe_text(v) if isinstance(v, str) else v for v in course_row(course)])
        for cell in sheet[sheet.max_row]:
            _format(cell)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = _("Onboarding courses")
    workbook.properties.creator = "Rummelig"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _format(cell: Cell) -> None:
    if isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(cell.value, str):
        # An inline string, never a formula, whatever the text starts with.
        cell.data_type = "s"
