"""The onboarding-course list as an XLSX workbook."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import xlsx
from core.filenames import download_name
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


# What a row reads, in the order of `course_header()`: plain values, no model instances, so
# that 50,000 rows cost the database's time and the writer's, hardly any of the ORM's.
ROW_FIELDS = (
    "participant__reference",
    "project__name",
    "company__name",
    "company__cvr",
    "participant__municipality__name",
    "company__industry__name",
    "start_date",
    "end_date",
    "mentor",
    "outcome",
    "outcome_date",
)
Row = list[str | date | None]


def course_rows(courses: QuerySet[OnboardingCourse]) -> Iterator[Row]:
    """The rows of `courses` in their order, read in chunks from the database."""
    erased = str(_("erased participant"))
    yes, no = str(_("yes")), str(_("no"))
    outcomes = {value: str(label) for value, label in OnboardingCourse.Outcome.choices}
    for (
        reference,
        project,
        company,
        cvr,
        municipality,
        industry,
        start,
        end,
        mentor,
        outcome,
        outcome_date,
    ) in courses.values_list(*ROW_FIELDS).iterator(chunk_size=2000):
        yield [
            erased if reference is None else reference,
            project,
            company,
            cvr,
            municipality,
            industry,
            start,
            end,
            yes if mentor else no,
            outcomes.get(outcome) or None,
            outcome_date,
        ]


def courses_filename() -> str:
    """The download name of the course list's workbook, inline or from the background job."""
    return download_name(_("onboarding courses"), day=timezone.localdate(), ext="xlsx")


def courses_book(rows: Iterable[Row]) -> xlsx.Book:
    """One row per course (`course_rows`); dates are dates, text never runs as a formula.

    `rows` is read once, row by row, while the workbook is written.
    """
    columns = [
        xlsx.Column(title, width=width)
        for title, width in zip(course_header(), WIDTHS, strict=True)
    ]
    sheet = xlsx.Sheet(
        title=_("Onboarding courses"),
        columns=columns,
        rows=rows,
        auto_filter=True,
    )
    return xlsx.Book(title=_("Onboarding courses"), sheets=[sheet])
