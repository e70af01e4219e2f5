"""What targets have achieved, counted in the database: one grouped query per measure.

However many projects, targets, courses and companies there are, each measure is one query
returning counts per calendar month (never a participant):

- jobs: the projects' courses grouped by project, outcome and month of the outcome;
- companies: the projects' company links grouped by project, industry and month in which the
  company began working actively with inclusion;
- citizens: each person's first course within each citizens target's period (a join of the
  targets with their project's courses, grouped by target and person), counted by target and
  month of that first course.

A target's achieved figure is the sum of its months within its period, and its chart the
running total of the same months, so the figure and the chart cannot disagree. The months are
whole: a period runs from 1 January of its decision's first year to 31 December of its last
(`progress.pace.period_bounds`). What each measure counts is in `progress.queries`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import Count, DateField, F, Func, Min
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, TruncMonth

from companies.models import Company
from grants.models import Target, TargetBreakdown
from participants.models import OnboardingCourse
from progress.pace import period_bounds

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

Indicator = Target.Indicator
OUTCOME_OF = {
    Indicator.ORDINARY_JOBS: OnboardingCourse.Outcome.ORDINARY_JOB,
    Indicator.FLEX_JOBS: OnboardingCourse.Outcome.FLEX_JOB,
}

# Company <-> project links: one row per pair, so counting its rows counts companies.
CompanyProject = Company.projects.through

# Counts per calendar month, keyed by the month's first day.
Months = dict[date, int]


def period_of(target: Target) -> tuple[date, date]:
    """The first and last day of the target's decision's period."""
    return period_bounds(target.decision.first_year, target.decision.last_year)


def breakdown_of(target: Target) -> list[TargetBreakdown]:
    """The target's breakdown per industry, as `progress.queries.targets_of` prefetched it
    (or read now)."""
    prefetched: list[TargetBreakdown] | None = getattr(target, "prefetched_breakdown", None)
    return prefetched if prefetched is not None else list(target.breakdown.all())


class _YearDay(Func):
    """A fixed day of the year an integer expression gives, as a date: a period's bound.

    Computed in the database from the decision's years, so one query joins every target with
    its own period; it is the same day as `progress.pace.period_bounds` gives in Python.
    """

    arity = 1
    output_field = DateField()
    month_day = "01-01"

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> _AsSqlType:
        month, day = (int(part) for part in self.month_day.split("-"))
        return super().as_sql(
            compiler, connection, template=f"MAKE_DATE(%(expressions)s, {month}, {day})"
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        # SQLite keeps dates as ISO text: a four-digit year and the fixed day make one.
        return super().as_sql(
            compiler,
            connection,
            template=f"DATE(CAST(%(expressions)s AS TEXT) || '-{self.month_day}')",
        )


class _YearStart(_YearDay):
    month_day = "01-01"


class _YearEnd(_YearDay):
    month_day = "12-31"


def _citizen_months(targets: Sequence[Target]) -> dict[int, Months]:
    """Per citizens target, how many people had their first course within the period, by month.

    The targets are joined with their project's courses that start within the target's period;
    grouped by target and person, the earliest start is that person's first course; those are
    then counted by target and month. A person is a participant, or an erased participant
    whose courses share their erasure instead (as `participants.models.people_count` counts
    them): each course has exactly one of the two, so the pair is the person.
    """
    if not targets:
        return {}
    course = "decision__project__courses__"
    firsts = (
        Target.objects.filter(pk__in=[t.pk for t in targets])
        .filter(
            **{
                f"{course}start_date__gte": _YearStart("decision__first_year"),
                f"{course}start_date__lte": _YearEnd("decision__last_year"),
            }
        )
        .values(
            target=F("pk"),
            participant=F(f"{course}participant"),
            erasure=F(f"{course}erasure"),
        )
        .alias(first=Min(f"{course}start_date"))
        .annotate(year=ExtractYear("first"), month=ExtractMonth("first"))
        .order_by()
    )
    # The ORM cannot group an aggregate's result again, so the outer count is plain SQL over
    # the compiled inner query: standard SQL on every backend, its columns named by `values`.
    connection = connections[firsts.db]
    sql, params = firsts.query.sql_with_params()
    target, year, month = (connection.ops.quote_name(name) for name in ("target", "year", "month"))
    result: dict[int, Months] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {target}, {year}, {month}, COUNT(*) FROM ({sql}) firsts "  # noqa: S608
            f"GROUP BY {target}, {year}, {month}",
            params,
        )
        for target_id, first_year, first_month, count in cursor.fetchall():
            result[target_id][date(int(first_year), int(first_month), 1)] = count
    return result


def _month(field: str) -> Cast:
    # A date, not the timestamp PostgreSQL's DATE_TRUNC gives: no conversion per row.
    return Cast(TruncMonth(field), DateField())


def _job_months(project_ids: set[int]) -> dict[tuple[int, str], Months]:
    """Courses with a job outcome, by (project, outcome) and month of the outcome."""
    rows = (
        OnboardingCourse.objects.filter(project_id__in=project_ids, outcome__in=OUTCOME_OF.values())
        .values_list("project_id", "outcome", _month("outcome_date"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    result: dict[tuple[int, str], Months] = defaultdict(dict)
    for project_id, outcome, month, count in rows:
        result[project_id, outcome][month] = count
    return result


def _company_months(
    project_ids: set[int],
) -> tuple[dict[int, Months], dict[tuple[int, int], Months]]:
    """Linked companies working with inclusion, by month they began: per project, and per
    (project, industry)."""
    rows = (
        CompanyProject._default_manager.filter(
            project_id__in=project_ids, company__inclusion_started_on__isnull=False
        )
        .values_list("project_id", "company__industry_id", _month("company__inclusion_started_on"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    whole: dict[int, Months] = defaultdict(lambda: defaultdict(int))
    by_industry: dict[tuple[int, int], Months] = defaultdict(dict)
    for project_id, industry_id, month, count in rows:
        whole[project_id][month] += count
        if industry_id is not None:
            by_industry[project_id, industry_id][month] = count
    return whole, by_industry


def _within(months: Mapping[date, int], start: date, end: date) -> Months:
    return {month: count for month, count in months.items() if start <= month <= end}


@dataclass(frozen=True)
class MonthlyCounts:
    """What each target and each breakdown achieved per calendar month within its period."""

    by_target: dict[int, Months]
    by_breakdown: dict[int, Months]


def monthly_counts(targets: Sequence[Target]) -> MonthlyCounts:
    """What `targets` and their breakdowns achieved per month: three queries at most.

    The targets need their decision loaded; their breakdown is read for companies targets.
    """
    citizens = [t for t in targets if t.indicator == Indicator.CITIZENS_IN_COURSES]
    jobs = [t for t in targets if t.indicator in OUTCOME_OF]
    companies = [t for t in targets if t.indicator == Indicator.COMPANIES_INCLUSION]
    by_target: dict[int, Months] = {}
    by_breakdown: dict[int, Months] = {}
    if citizens:
        found = _citizen_months(citizens)
        by_target.update({t.pk: found.get(t.pk, {}) for t in citizens})
    if jobs:
        job_months = _job_months({t.decision.project_id for t in jobs})
        for t in jobs:
            outcome = OUTCOME_OF[Indicator(t.indicator)]
            by_target[t.pk] = _within(
                job_months.get((t.decision.project_id, outcome), {}), *period_of(t)
            )
    if companies:
        whole, by_industry = _company_months({t.decision.project_id for t in companies})
        for t in companies:
            start, end = period_of(t)
            project_id = t.decision.project_id
            by_target[t.pk] = _within(whole.get(project_id, {}), start, end)
            for part in breakdown_of(t):
                by_breakdown[part.pk] = _within(
                    by_industry.get((project_id, part.industry_id), {}), start, end
                )
    return MonthlyCounts(by_target=by_target, by_breakdown=by_breakdown)


def achieved_counts(targets: Sequence[Target]) -> tuple[dict[int, int], dict[int, int]]:
    """What each target and each breakdown has achieved, by id (the sum of its months)."""
    counts = monthly_counts(targets)
    return (
        {pk: sum(months.values()) for pk, months in counts.by_target.items()},
        {pk: sum(months.values()) for pk, months in counts.by_breakdown.items()},
    )
