"""Read what targets have achieved from the logged courses and companies.

The counts come from `progress.counts`, one grouped query per measure; this module turns them
into each target's progress and chart, a project's page and a programme's overview. Only
counts leave the database, never a participant.

What counts, inside the period of the target's decision (`progress.pace.period_bounds`), is
the measure of the target's indicator (`progress.measures`) or, for a reported indicator, the
approved values the project reported for periods ending within it.

Targets of recommended and approved decisions count (`GrantDecisionQuerySet.counting`), as for
the budget: drafts and rejected decisions set no targets yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from grants.models import (
    GrantDecision,
    Indicator,
    Programme,
    Project,
    Target,
    TargetBreakdown,
    TargetChange,
)
from progress.counts import MonthlyCounts, breakdown_of, monthly_counts, period_of
from progress.counts import achieved_counts as achieved_counts
from progress.pace import (
    Chartable,
    MonthPoint,
    Progress,
    combine,
    progress,
    series,
    summed_series,
)


@dataclass(frozen=True)
class BreakdownProgress:
    breakdown: TargetBreakdown
    progress: Progress


@dataclass(frozen=True)
class TargetProgress:
    """One target, its period, how far it has come, its breakdown and its chart."""

    target: Target
    start: date
    end: date
    progress: Progress
    breakdown: list[BreakdownProgress]
    series: list[MonthPoint]

    @property
    def project(self) -> Project:
        return self.target.decision.project


@dataclass(frozen=True)
class IndicatorTotal:
    """One indicator added up over several targets, e.g. across a programme."""

    indicator: Indicator
    label: str
    progress: Progress
    series: list[MonthPoint]

    @property
    def key(self) -> str:
        """What names the total in the page's ids."""
        return str(self.indicator.pk)


@dataclass(frozen=True)
class ProjectRow:
    """A project in the programme overview: its targets, and per indicator their sum.

    `by_indicator` adds up the project's targets of each indicator it has (by the indicator's
    id), as the programme's `totals` add up every project's, so a column of project figures
    sums to its total.
    """

    project: Project
    targets: list[TargetProgress]
    by_indicator: dict[int, Progress] = field(default_factory=dict)

    @property
    def behind(self) -> int:
        """How many of the project's targets are behind pace today."""
        return sum(1 for item in self.targets if item.progress.status == Progress.Status.BEHIND)


@dataclass(frozen=True)
class ProgrammeProgress:
    programme: Programme
    projects: list[ProjectRow]
    totals: list[IndicatorTotal]


def targets_of(projects: QuerySet[Project]) -> QuerySet[Target]:
    """The counting targets of `projects` with what their progress needs: two queries."""
    return (
        Target.objects.filter(
            decision__in=GrantDecision.objects.counting().filter(project__in=projects)
        )
        .select_related("decision__project", "indicator")
        .prefetch_related(
            Prefetch(
                "breakdown",
                queryset=TargetBreakdown.objects.select_related("industry").order_by(
                    "dimension", "industry__name", "category", "pk"
                ),
                # A list, not a queryset per target: a programme's thousand targets each
                # cost a queryset clone otherwise.
                to_attr="prefetched_breakdown",
            )
        )
    )


def in_display_order(targets: Iterable[Target]) -> list[Target]:
    """By project, then decision in time, then indicator by code."""
    return sorted(
        targets,
        key=lambda t: (
            t.decision.project.name,
            t.decision.first_year,
            t.decision.decided_on or date.max,
            t.decision.pk,
            t.indicator.code,
        ),
    )


def targets_progress(
    targets: Iterable[Target], *, today: date, with_series: bool = True
) -> list[TargetProgress]:
    """The progress of `targets` by `today`, in display order.

    The targets need their decision and project loaded and their breakdown prefetched, as
    `targets_of` does; then this runs one query per measure present (and one for reported
    indicators), however many rows there are.
    """
    ordered = in_display_order(targets)
    return _progress_of(ordered, monthly_counts(ordered), today=today, with_series=with_series)


def _progress_of(
    ordered: Sequence[Target], counts: MonthlyCounts, *, today: date, with_series: bool
) -> list[TargetProgress]:
    result = []
    for t in ordered:
        start, end = period_of(t)
        months = counts.by_target.get(t.pk, {})
        result.append(
            TargetProgress(
                target=t,
                start=start,
                end=end,
                progress=progress(
                    target=t.value,
                    achieved=sum(months.values()),
                    start=start,
                    end=end,
                    today=today,
                ),
                breakdown=[
                    BreakdownProgress(
                        breakdown=part,
                        progress=progress(
                            target=part.value,
                            achieved=sum(counts.by_breakdown.get(part.pk, {}).values()),
                            start=start,
                            end=end,
                            today=today,
                        ),
                    )
                    for part in breakdown_of(t)
                ],
                series=(
                    series(
                        target=t.value,
                        counts_by_month=months,
                        start=start,
                        end=end,
                        today=today,
                    )
                    if with_series
                    else []
                ),
            )
        )
    return result


def indicator_totals(
    items: Sequence[TargetProgress], counts: MonthlyCounts, *, today: date
) -> list[IndicatorTotal]:
    """Each indicator present in `items`, added up, by code.

    Each total's chart is the sum of its targets' charts (`progress.pace.summed_series`),
    drawn from the targets' `counts` without drawing each target's chart.
    """
    by_indicator: dict[int, list[TargetProgress]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for item in items:
        by_indicator[item.target.indicator_id].append(item)
        indicators[item.target.indicator_id] = item.target.indicator
    return [
        IndicatorTotal(
            indicator=indicator,
            label=indicator.name,
            progress=combine(item.progress for item in group),
            series=summed_series(
                [
                    Chartable(
                        target=item.target.value,
                        counts_by_month=counts.by_target.get(item.target.pk, {}),
                        start=item.start,
                        end=item.end,
                    )
                    for item in group
                ],
                today,
            ),
        )
        for indicator in sorted(indicators.values(), key=lambda i: i.code)
        if (group := by_indicator[indicator.pk])
    ]


def project_progress(project: Project, *, today: date) -> list[TargetProgress]:
    """The progress of every counting target of `project`, with the targets' change history."""
    targets = targets_of(Project.objects.filter(pk=project.pk)).prefetch_related(
        Prefetch(
            "changes",
            queryset=TargetChange.objects.select_related("changed_by").order_by(
                "-changed_at", "-pk"
            ),
        )
    )
    return targets_progress(targets, today=today)


def _by_indicator(items: Sequence[TargetProgress]) -> dict[int, Progress]:
    groups: dict[int, list[Progress]] = defaultdict(list)
    for item in items:
        groups[item.target.indicator_id].append(item.progress)
    return {indicator: combine(group) for indicator, group in groups.items()}


def programme_progress(programme: Programme, *, today: date) -> ProgrammeProgress:
    """Every project of `programme` with its targets' progress, and each indicator's total.

    The overview draws no target's chart (`TargetProgress.series` is empty; the project's
    page draws them), only each total's.
    """
    projects = list(Project.objects.filter(programme=programme).order_by("name"))
    ordered = in_display_order(targets_of(Project.objects.filter(programme=programme)))
    counts = monthly_counts(ordered)
    items = _progress_of(ordered, counts, today=today, with_series=False)
    by_project: dict[int, list[TargetProgress]] = defaultdict(list)
    for item in items:
        by_project[item.target.decision.project_id].append(item)
    return ProgrammeProgress(
        programme=programme,
        projects=[
            ProjectRow(
                project=p,
                targets=by_project.get(p.pk, []),
                by_indicator=_by_indicator(by_project.get(p.pk, [])),
            )
            for p in projects
        ],
        totals=indicator_totals(items, counts, today=today),
    )
