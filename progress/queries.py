"""Read what targets have achieved from the logged courses and companies.

A fixed number of queries however many courses, companies and projects there are: one
aggregate over the courses and one over the companies' project links, each with one filtered
count per target (conditional aggregation), and one month-grouped query per kind of date for
the charts (repeated only per batch of `BATCH` targets). Only counts leave the database,
never a participant.

What counts, inside the period of the target's decision (`progress.pace.period_bounds`):

- citizens in onboarding courses: distinct participants with a course in the project that
  starts within the period;
- ordinary jobs / flex jobs: courses in the project with that outcome, dated within the period;
- companies working actively with inclusion: companies linked to the project whose
  "works actively with inclusion since" date lies within the period; a breakdown counts those
  of its industry.

Targets of recommended and approved decisions count (`GrantDecisionQuerySet.counting`), as for
the budget: drafts and rejected decisions set no targets yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from companies.models import Company
from grants.models import GrantDecision, Programme, Project, Target, TargetBreakdown, TargetChange
from participants.models import OnboardingCourse, people_count, same_person
from progress.pace import (
    MonthPoint,
    Progress,
    combine,
    combine_series,
    period_bounds,
    progress,
    series,
)

Indicator = Target.Indicator
OUTCOME_OF = {
    Indicator.ORDINARY_JOBS: OnboardingCourse.Outcome.ORDINARY_JOB,
    Indicator.FLEX_JOBS: OnboardingCourse.Outcome.FLEX_JOB,
}
INDICATOR_ORDER = {value: index for index, value in enumerate(Indicator.values)}

# Company <-> project links: one row per pair, so counting its rows counts companies.
CompanyProject = Company.projects.through


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

    indicator: str
    label: str
    progress: Progress
    series: list[MonthPoint]


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    targets: list[TargetProgress]


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
        .select_related("decision__project__programme")
        .prefetch_related(
            Prefetch(
                "breakdown",
                queryset=TargetBreakdown.objects.select_related("industry").order_by(
                    "industry__name", "pk"
                ),
            )
        )
    )


def in_display_order(targets: Iterable[Target]) -> list[Target]:
    """By project, then decision in time, then indicator in the order the choices list them."""
    return sorted(
        targets,
        key=lambda t: (
            t.decision.project.name,
            t.decision.first_year,
            t.decision.decided_on or date.max,
            t.decision.pk,
            INDICATOR_ORDER.get(t.indicator, len(INDICATOR_ORDER)),
        ),
    )


def _period(target: Target) -> tuple[date, date]:
    return period_bounds(target.decision.first_year, target.decision.last_year)


def _course_q(target: Target) -> Q:
    """The courses that count toward a course target (citizens or jobs)."""
    start, end = _period(target)
    in_project = Q(project_id=target.decision.project_id)
    if target.indicator == Indicator.CITIZENS_IN_COURSES:
        return in_project & Q(start_date__gte=start, start_date__lte=end)
    return in_project & Q(
        outcome=OUTCOME_OF[Indicator(target.indicator)],
        outcome_date__gte=start,
        outcome_date__lte=end,
    )


def _company_q(target: Target, industry_id: int | None = None) -> Q:
    """The company-project links that count toward a companies target (or its breakdown)."""
    start, end = _period(target)
    q = Q(
        project_id=target.decision.project_id,
        company__inclusion_started_on__gte=start,
        company__inclusion_started_on__lte=end,
    )
    if industry_id is not None:
        q &= Q(company__industry_id=industry_id)
    return q


def _split(targets: Sequence[Target]) -> tuple[list[Target], list[Target]]:
    courses = [t for t in targets if t.indicator != Indicator.COMPANIES_INCLUSION]
    companies = [t for t in targets if t.indicator == Indicator.COMPANIES_INCLUSION]
    return courses, companies


def _project_ids(targets: Iterable[Target]) -> set[int]:
    return {t.decision.project_id for t in targets}


# Conditional aggregation puts one column per target in a query; PostgreSQL allows at most
# 1664. Beyond this many targets (hundreds of projects) a query is repeated per batch.
BATCH = 300


def _batches(targets: Sequence[Target]) -> list[Sequence[Target]]:
    return [targets[i : i + BATCH] for i in range(0, len(targets), BATCH)]


def achieved_counts(targets: Sequence[Target]) -> tuple[dict[int, int], dict[int, int]]:
    """What each target and each breakdown has achieved, by id.

    One aggregate over the courses and one over the companies' project links (per batch of
    `BATCH` targets), however many rows there are.
    """
    course_targets, company_targets = _split(targets)
    achieved: dict[int, int] = {}
    by_breakdown: dict[int, int] = {}
    for batch in _batches(course_targets):
        counts = {
            f"t{t.pk}": (
                people_count(_course_q(t))
                if t.indicator == Indicator.CITIZENS_IN_COURSES
                else Count("pk", filter=_course_q(t))
            )
            for t in batch
        }
        row = OnboardingCourse.objects.filter(project_id__in=_project_ids(batch)).aggregate(
            **counts
        )
        achieved.update({t.pk: row[f"t{t.pk}"] or 0 for t in batch})
    for batch in _batches(company_targets):
        counts = {f"t{t.pk}": Count("pk", filter=_company_q(t)) for t in batch}
        for t in batch:
            for part in t.breakdown.all():
                counts[f"b{part.pk}"] = Count("pk", filter=_company_q(t, part.industry_id))
        row = CompanyProject._default_manager.filter(project_id__in=_project_ids(batch)).aggregate(
            **counts
        )
        achieved.update({t.pk: row[f"t{t.pk}"] or 0 for t in batch})
        by_breakdown.update(
            {int(key[1:]): value or 0 for key, value in row.items() if key.startswith("b")}
        )
    return achieved, by_breakdown


def _citizen_months(targets: Sequence[Target]) -> QuerySet[OnboardingCourse, dict[str, Any]]:
    # The start of the course before this one of the same participant in the project (ties
    # broken by id): a course is the participant's first within a period when there is no
    # earlier course, or the earlier one started before the period.
    earlier = OnboardingCourse.objects.filter(
        same_person(), project_id=OuterRef("project_id")
    ).filter(
        Q(start_date__lt=OuterRef("start_date"))
        | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
    )
    return (
        OnboardingCourse.objects.filter(project_id__in=_project_ids(targets))
        .annotate(
            previous_start=Subquery(earlier.order_by("-start_date", "-pk").values("start_date")[:1])
        )
        .values(month=TruncMonth("start_date"))
        .annotate(
            **{
                f"t{t.pk}": Count(
                    "pk",
                    filter=_course_q(t)
                    & (Q(previous_start__isnull=True) | Q(previous_start__lt=_period(t)[0])),
                )
                for t in targets
            }
        )
        .order_by("month")
    )


def _job_months(targets: Sequence[Target]) -> QuerySet[OnboardingCourse, dict[str, Any]]:
    return (
        OnboardingCourse.objects.filter(
            project_id__in=_project_ids(targets), outcome_date__isnull=False
        )
        .values(month=TruncMonth("outcome_date"))
        .annotate(**{f"t{t.pk}": Count("pk", filter=_course_q(t)) for t in targets})
        .order_by("month")
    )


def _company_months(targets: Sequence[Target]) -> QuerySet[Any, dict[str, Any]]:
    return (
        CompanyProject._default_manager.filter(
            project_id__in=_project_ids(targets),
            company__inclusion_started_on__isnull=False,
        )
        .values(month=TruncMonth("company__inclusion_started_on"))
        .annotate(**{f"t{t.pk}": Count("pk", filter=_company_q(t)) for t in targets})
        .order_by("month")
    )


def monthly_counts(targets: Sequence[Target]) -> dict[int, dict[date, int]]:
    """What each target achieved per calendar month, by id.

    One month-grouped query each for citizens, jobs and companies (per batch of `BATCH`
    targets). A citizen counts in the month of their first course in the project within the
    period, so the months add up to the distinct count of `achieved_counts`.
    """
    course_targets, company_targets = _split(targets)
    groups: list[tuple[list[Target], Callable[[Sequence[Target]], QuerySet[Any, Any]]]] = [
        (
            [t for t in course_targets if t.indicator == Indicator.CITIZENS_IN_COURSES],
            _citizen_months,
        ),
        (
            [t for t in course_targets if t.indicator != Indicator.CITIZENS_IN_COURSES],
            _job_months,
        ),
        (company_targets, _company_months),
    ]
    result: dict[int, dict[date, int]] = defaultdict(dict)
    for group, query in groups:
        for batch in _batches(group):
            for row in query(batch):
                month = row["month"]
                for t in batch:
                    if count := row[f"t{t.pk}"]:
                        result[t.pk][month] = count
    return result


def targets_progress(
    targets: Iterable[Target], *, today: date, with_series: bool = True
) -> list[TargetProgress]:
    """The progress of `targets` by `today`, in display order.

    The targets need their decision and project loaded and their breakdown prefetched, as
    `targets_of` does; then this runs at most five queries (per batch of `BATCH` targets),
    however many rows there are.
    """
    ordered = in_display_order(targets)
    achieved, by_breakdown = achieved_counts(ordered)
    monthly = monthly_counts(ordered) if with_series else {}
    result = []
    for t in ordered:
        start, end = _period(t)
        result.append(
            TargetProgress(
                target=t,
                start=start,
                end=end,
                progress=progress(
                    target=t.value, achieved=achieved[t.pk], start=start, end=end, today=today
                ),
                breakdown=[
                    BreakdownProgress(
                        breakdown=part,
                        progress=progress(
                            target=part.value,
                            achieved=by_breakdown.get(part.pk, 0),
                            start=start,
                            end=end,
                            today=today,
                        ),
                    )
                    for part in t.breakdown.all()
                ],
                series=(
                    series(
                        target=t.value,
                        counts_by_month=monthly.get(t.pk, {}),
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


def indicator_totals(items: Sequence[TargetProgress], *, today: date) -> list[IndicatorTotal]:
    """Each indicator present in `items`, added up, in the order the choices list them."""
    by_indicator: dict[str, list[TargetProgress]] = defaultdict(list)
    for item in items:
        by_indicator[item.target.indicator].append(item)
    return [
        IndicatorTotal(
            indicator=indicator,
            label=str(Indicator(indicator).label),
            progress=combine(item.progress for item in group),
            series=combine_series([item.series for item in group], today),
        )
        for indicator in Indicator.values
        if (group := by_indicator.get(indicator))
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


def programme_progress(programme: Programme, *, today: date) -> ProgrammeProgress:
    """Every project of `programme` with its targets' progress, and each indicator's total."""
    projects = list(Project.objects.filter(programme=programme).order_by("name"))
    items = targets_progress(targets_of(Project.objects.filter(programme=programme)), today=today)
    by_project: dict[int, list[TargetProgress]] = defaultdict(list)
    for item in items:
        by_project[item.target.decision.project_id].append(item)
    return ProgrammeProgress(
        programme=programme,
        projects=[ProjectRow(project=p, targets=by_project.get(p.pk, [])) for p in projects],
        totals=indicator_totals(items, today=today),
    )
