"""What the progress pages show of `progress.queries` results: status words and chart data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import TargetChange
from progress.pace import MonthPoint, Progress
from progress.queries import IndicatorTotal, TargetProgress

# The same words as templates/progress/_progress_status.html.
STATUS_LABELS = {
    Progress.Status.NOT_STARTED: gettext_lazy("Not started"),
    Progress.Status.ON_PACE: gettext_lazy("On pace"),
    Progress.Status.BEHIND: gettext_lazy("Behind pace"),
    Progress.Status.REACHED: gettext_lazy("Reached"),
    Progress.Status.MISSED: gettext_lazy("Not reached"),
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

    @property
    def data(self) -> dict[str, Any]:
        return {
            "labels": [month_label(p.month) for p in self.points],
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
        return [(month_label(p.month), p.achieved, p.expected) for p in self.points]


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
                title=str(item.target.get_indicator_display()),
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
                element_id=f"progress-data-total-{total.indicator}",
                title=total.label,
                target=total.progress.target,
                points=total.series,
            ),
        )
        for total in totals
    ]
