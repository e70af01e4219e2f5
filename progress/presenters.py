"""What the progress pages show of `progress.queries` results: status words and chart data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.amounts import amount
from grants.models import TargetChange
from progress.pace import MonthPoint, Progress
from progress.queries import IndicatorTotal, ProgrammeProgress, ProjectRow, TargetProgress

# The same words as templates/progress/_progress_status.html.
STATUS_LABELS = {
    Progress.Status.NOT_STARTED: gettext_lazy("Not started"),
    Progress.Status.ON_PACE: gettext_lazy("On pace"),
    Progress.Status.BEHIND: gettext_lazy("Behind pace"),
    Progress.Status.REACHED: gettext_lazy("Reached"),
    Progress.Status.MISSED: gettext_lazy("Not reached"),
}


# The same classes as templates/progress/_progress_status.html.
STATUS_BADGES = {
    Progress.Status.NOT_STARTED: "badge-info",
    Progress.Status.ON_PACE: "badge-info",
    Progress.Status.BEHIND: "badge-warning",
    Progress.Status.REACHED: "badge-success",
    Progress.Status.MISSED: "badge-error",
}


def status_label(progress: Progress) -> str:
    return str(STATUS_LABELS[progress.status])


def month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class Chart:
    """A chart's data for `json_script` and the table that repeats its numbers."""

    element_id: str
    title: str
    target: int
    points: list[MonthPoint]

    @cached_property
    def labels(self) -> list[str]:
        return [month_label(p.month) for p in self.points]

    @property
    def data(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "achieved": [p.achieved for p in self.points],
            "expected": [p.expected for p in self.points],
            "target": self.target,
            "names": {
                "achieved": _("Achieved"),
                "expected": _("Expected at a steady pace"),
                "target": _("Target"),
            },
        }

    @property
    def rows(self) -> list[tuple[str, int | None, int]]:
        return [
            (label, p.achieved, p.expected)
            for label, p in zip(self.labels, self.points, strict=True)
        ]


@dataclass(frozen=True)
class ShownTarget:
    item: TargetProgress
    chart: Chart
    changes: list[TargetChange]


def shown_targets(items: Iterable[TargetProgress]) -> list[ShownTarget]:
    """Each target with its chart and its changes (prefetched by the query)."""
    return [
        ShownTarget(
            item=item,
            chart=Chart(
                element_id=f"progress-data-{item.target.pk}",
                title=item.target.indicator.name,
                target=item.target.value,
                points=item.series,
            ),
            changes=list(item.target.changes.all()),
        )
        for item in items
    ]


def shown_totals(totals: Iterable[IndicatorTotal]) -> list[tuple[IndicatorTotal, Chart]]:
    """Each indicator's total with its chart."""
    return [
        (
            total,
            Chart(
                element_id=f"progress-data-total-{total.key}",
                title=total.label,
                target=total.progress.target,
                points=total.series,
            ),
        )
        for total in totals
    ]


@dataclass(frozen=True)
class ProjectCell:
    """One indicator of one project in the overview, with the ids that name its bar."""

    indicator: str  # the indicator's code
    progress: Progress | None  # None: the project has no target of this indicator
    labelled_by: str
    figures_id: str

    # The overview renders hundreds of cells: its row markup is inline, not included, and
    # takes the status's words and badge from here.
    @property
    def status_label(self) -> str:
        return status_label(self.progress) if self.progress else ""

    @cached_property
    def percent(self) -> str:
        """The percentage as the bar's fallback text shows it, "37,5"; "" without one."""
        if self.progress is None or self.progress.percent is None:
            return ""
        return str(floatformat(self.progress.percent, 1))

    @cached_property
    def figures(self) -> str:
        """The figures in text as _progress_bar.html writes them: "3 of 400 (0.8 %)"."""
        if self.progress is None:
            return ""
        text = _("%(achieved)s of %(target)s") % {
            "achieved": amount(self.progress.achieved),
            "target": amount(self.progress.target),
        }
        percent = self.percent
        return f"{text} ({percent} %)" if percent else text

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.progress.status] if self.progress else ""


@dataclass(frozen=True)
class ShownProject:
    row: ProjectRow
    label_id: str
    cells: list[ProjectCell]


def indicator_column_id(indicator: str) -> str:
    return f"project-column-{indicator}"


def shown_projects(overview: ProgrammeProgress) -> list[ShownProject]:
    """Each project as one row: a cell per indicator of the programme, in the totals' order.

    A bar is named by its project and its column ("Rummelig imidt flex jobs").
    """
    result = []
    for row in overview.projects:
        label_id = f"project-label-{row.project.pk}"
        result.append(
            ShownProject(
                row=row,
                label_id=label_id,
                cells=[
                    ProjectCell(
                        indicator=total.indicator.code,
                        progress=row.by_indicator.get(total.indicator.pk),
                        labelled_by=f"{label_id} {indicator_column_id(total.key)}",
                        figures_id=f"project-{row.project.pk}-{total.key}-figures",
                    )
                    for total in overview.totals
                ],
            )
        )
    return result
