"""The onboarding-course list as an XLSX workbook."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from core import xlsx
from participants.models import OnboardingCourse

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


def courses_book(courses: Iterable[OnboardingCourse]) -> xlsx.Book:
    """One row per course; dates are dates, text never runs as a formula.

    `courses` must come with participant__municipality, project and company__industry; it is
    read once, row by row, while the workbook is written.
    """
    columns = [
        xlsx.Column(title, width=width)
        for title, width in zip(course_header(), WIDTHS, strict=True)
    ]
    sheet = xlsx.Sheet(
        title=_("Onboarding courses"),
        columns=columns,
        rows=(course_row(course) for course in courses),
        auto_filter=True,
    )
    return xlsx.Book(title=_("Onboarding courses"), sheets=[sheet])
