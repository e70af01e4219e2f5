"""Progress toward targets as XLSX workbooks, through the one writer (`core.xlsx`).

Numbers are numbers; every text is a string cell, never a formula. The workbooks render the
same `progress.queries` results as the pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from core import xlsx
from core.people import person_name
from grants.models import Programme, Project, TargetChange
from progress.pace import Progress
from progress.presenters import status_label
from progress.queries import IndicatorTotal, ProgrammeProgress, TargetProgress


def project_book(project: Project, items: Sequence[TargetProgress], *, day: date) -> xlsx.Book:
    """A project's targets, their breakdowns and how the targets changed."""
    title = _("Progress of %(name)s") % {"name": project.name}
    return xlsx.Book(
        title=title,
        sheets=[_progress_sheet(title, day, items, with_project=False), _changes_sheet(items)],
    )


def programme_book(programme: Programme, overview: ProgrammeProgress, *, day: date) -> xlsx.Book:
    """Every target of every project of the programme, and each indicator's total."""
    title = _("Progress of %(name)s") % {"name": programme.name}
    items = [item for row in overview.projects for item in row.targets]
    return xlsx.Book(
        title=title,
        sheets=[
            _progress_sheet(title, day, items, with_project=True),
            _totals_sheet(overview.totals),
        ],
    )


def _columns(titles: Sequence[str], formats: Mapping[str, str] | None = None) -> list[xlsx.Column]:
    """18 characters wide, the first 36; `formats` maps a title to its number format."""
    formats = formats or {}
    return [
        xlsx.Column(title, width=36 if index == 0 else 18, number_format=formats.get(title))
        for index, title in enumerate(titles)
    ]


def _progress_sheet(
    title: str, day: date, items: Sequence[TargetProgress], *, with_project: bool
) -> xlsx.Sheet:
    columns = _columns(
        [
            *([_("Project")] if with_project else []),
            _("Decision"),
            _("First year"),
            _("Last year"),
            _("Indicator"),
            _("Breakdown"),
            _("Target"),
            _("Achieved"),
            _("Percent"),
            _("Expected by today"),
            _("Status"),
        ],
        {_("First year"): xlsx.YEAR, _("Last year"): xlsx.YEAR, _("Percent"): xlsx.ONE_DECIMAL},
    )
    return xlsx.Sheet(
        title=_("Progress"),
        columns=columns,
        above=[xlsx.Row([title], "heading"), [_("Measured on"), day], []],
        rows=_progress_rows(items, with_project=with_project),
    )


def _progress_rows(
    items: Sequence[TargetProgress], *, with_project: bool
) -> Iterator[list[object]]:
    for item in items:
        decision = item.target.decision
        lead = [
            *([item.project.name] if with_project else []),
            decision.title,
            decision.first_year,
            decision.last_year,
            item.target.indicator.name,
        ]
        yield [*lead, None, *_figures(item.progress)]
        for part in item.breakdown:
            yield [*lead, part.breakdown.label, *_figures(part.progress)]


def _figures(progress: Progress) -> list[object]:
    return [
        progress.target,
        progress.achieved,
        progress.percent,
        progress.expected,
        status_label(progress),
    ]


def _changes_sheet(items: Sequence[TargetProgress]) -> xlsx.Sheet:
    columns = _columns(
        [
            _("Decision"),
            _("Indicator"),
            _("Changed at"),
            _("Changed by"),
            _("Old value"),
            _("New value"),
            _("Reason"),
        ]
    )
    rows = (
        [
            item.target.decision.title,
            item.target.indicator.name,
            timezone.localtime(change.changed_at).replace(tzinfo=None),
            _user_name(change),
            change.old_value,
            change.new_value,
            change.reason,
        ]
        for item in items
        for change in item.target.changes.all()
    )
    return xlsx.Sheet(title=_("Target changes"), columns=columns, rows=rows)


def _totals_sheet(totals: Sequence[IndicatorTotal]) -> xlsx.Sheet:
    columns = _columns(
        [
            _("Indicator"),
            _("Target"),
            _("Achieved"),
            _("Percent"),
            _("Expected by today"),
            _("Status"),
        ],
        {_("Percent"): xlsx.ONE_DECIMAL},
    )
    rows = ([total.label, *_figures(total.progress)] for total in totals)
    return xlsx.Sheet(title=_("Totals"), columns=columns, rows=rows)


def _user_name(change: TargetChange) -> str:
    user = change.changed_by
    if user is None:
        return ""
    return person_name(user)
