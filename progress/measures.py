"""The measures: what the application counts by itself, each one grouped query.

However many projects and targets there are, each measure is one query returning counts per
calendar month (never a participant), in total and per breakdown part where a target asks
for parts:

- citizens in onboarding courses: each person's first course within each target's period (the
  targets joined with their project's courses, grouped by target and person), counted by
  target and month of that first course; by gender and by ESF age band on entry (the age
  reached in the year of that first course, `participants.esf`);
- courses ending in an ordinary job, a flex job or education: the projects' courses grouped by
  project, outcome and month of the outcome (one query for the three); by gender and by age
  band in the year the course began;
- companies working actively with inclusion: the projects' company links grouped by project,
  industry and month in which the company began working actively with inclusion;
- distinct companies in onboarding courses: each company's first course within each target's
  period, counted by target and month of that first course; by industry;
- reported values: the approved values of reported indicators' targets, by target and month in
  which their period ends.

A part is `(dimension, category)`: `("gender", "female")`, `("age_band", "below_25")` or
`("industry", "<industry id>")`, as `part_of` names a `TargetBreakdown`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import Count, DateField, F, Func, Min, Sum
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, TruncMonth

from companies.models import Company
from grants.models import Dimension, Measure, Target, TargetBreakdown
from participants.esf import age_band
from participants.models import OnboardingCourse
from progress.models import ReportedValue

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

# Counts per calendar month, keyed by the month's first day.
Months = dict[date, int]
Part = tuple[str, str]

OUTCOME_OF = {
    Measure.ORDINARY_JOBS: OnboardingCourse.Outcome.ORDINARY_JOB,
    Measure.FLEX_JOBS: OnboardingCourse.Outcome.FLEX_JOB,
    Measure.EDUCATION: OnboardingCourse.Outcome.EDUCATION,
}

# Company <-> project links: one row per pair, so counting its rows counts companies.
CompanyProject = Company.projects.through


@dataclass
class Tally:
    """What one target (or project) counted per month: in total, and per breakdown part."""

    whole: Months = field(default_factory=dict)
    parts: dict[Part, Months] = field(default_factory=dict)

    def add(self, month: date, count: int, parts: Sequence[Part] = ()) -> None:
        self.whole[month] = self.whole.get(month, 0) + count
        for part in parts:
            months = self.parts.setdefault(part, {})
            months[month] = months.get(month, 0) + count


def part_of(breakdown: TargetBreakdown) -> Part:
    """The part a breakdown row counts: its dimension and its category (an industry's id)."""
    if breakdown.dimension == Dimension.INDUSTRY:
        return (Dimension.INDUSTRY.value, str(breakdown.industry_id))
    return (breakdown.dimension, breakdown.category)


def _people_parts(gender: str | None, birth_year: int | None, entry_year: int) -> list[Part]:
    """The gender and ESF age band a person counts in; none for an erased person."""
    parts: list[Part] = []
    if gender:
        parts.append((Dimension.GENDER.value, gender))
    if birth_year is not None and birth_year <= entry_year:
        parts.append((Dimension.AGE_BAND.value, str(age_band(birth_year, date(entry_year, 1, 1)))))
    return parts


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


def _month(field: str) -> Cast:
    # A date, not the timestamp PostgreSQL's DATE_TRUNC gives: no conversion per row.
    return Cast(TruncMonth(field), DateField())


COURSE = "decision__project__courses__"


def _firsts(
    targets: Sequence[Target], who: dict[str, F], extra: dict[str, F]
) -> list[tuple[Any, ...]]:
    """Per target, the month of each `who`'s first course within the target's period.

    The targets are joined with their project's courses that start within the target's
    period; grouped by target and `who` (with `extra`, which `who` determines), the earliest
    start is the first course; those are then counted by target, month and `extra`. Returns
    rows (target id, year, month, *extra, count).
    """
    firsts = (
        Target.objects.filter(pk__in=[t.pk for t in targets])
        .filter(
            **{
                f"{COURSE}start_date__gte": _YearStart("decision__first_year"),
                f"{COURSE}start_date__lte": _YearEnd("decision__last_year"),
            }
        )
        .values(target=F("pk"), **who, **extra)
        .alias(first=Min(f"{COURSE}start_date"))
        .annotate(year=ExtractYear("first"), month=ExtractMonth("first"))
        .order_by()
    )
    # The ORM cannot group an aggregate's result again, so the outer count is plain SQL over
    # the compiled inner query: standard SQL on every backend, its columns named by `values`.
    connection = connections[firsts.db]
    sql, params = firsts.query.sql_with_params()
    columns = ", ".join(
        connection.ops.quote_name(name) for name in ("target", "year", "month", *extra)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, COUNT(*) FROM ({sql}) firsts GROUP BY {columns}",  # noqa: S608
            params,
        )
        return list(cursor.fetchall())


def citizens_in_courses(targets: Sequence[Target], *, by_people: bool) -> dict[int, Tally]:
    """How many people had their first course within each target's period, by month.

    A person is a participant, or an erased participant whose courses share their erasure
    instead (as `participants.models.people_count` counts them): each course has exactly one
    of the two, so the pair is the person. `by_people` adds the gender and age band parts.
    """
    if not targets:
        return {}
    who = {"participant": F(f"{COURSE}participant"), "erasure": F(f"{COURSE}erasure")}
    extra = (
        {
            "gender": F(f"{COURSE}participant__gender"),
            "birth_year": F(f"{COURSE}participant__birth_year"),
        }
        if by_people
        else {}
    )
    result: dict[int, Tally] = defaultdict(Tally)
    for row in _firsts(targets, who, extra):
        target_id, year, month, *rest, count = row
        parts = _people_parts(rest[0], rest[1], int(year)) if by_people else []
        result[target_id].add(date(int(year), int(month), 1), count, parts)
    return result


def companies_in_courses(targets: Sequence[Target], *, by_industry: bool) -> dict[int, Tally]:
    """How many distinct companies had their first course within each target's period."""
    if not targets:
        return {}
    who = {"company": F(f"{COURSE}company")}
    extra = {"industry": F(f"{COURSE}company__industry")} if by_industry else {}
    result: dict[int, Tally] = defaultdict(Tally)
    for row in _firsts(targets, who, extra):
        target_id, year, month, *rest, count = row
        parts: list[Part] = (
            [(Dimension.INDUSTRY.value, str(rest[0]))] if by_industry and rest[0] else []
        )
        result[target_id].add(date(int(year), int(month), 1), count, parts)
    return result


def course_outcomes(
    project_ids: set[int], outcomes: set[str], *, by_people: bool
) -> dict[tuple[int, str], Tally]:
    """Courses with one of `outcomes`, by (project, outcome) and month of the outcome."""
    if not project_ids or not outcomes:
        return {}
    people: list[str | ExtractYear] = (
        ["participant__gender", "participant__birth_year", ExtractYear("start_date")]
        if by_people
        else []
    )
    rows = (
        OnboardingCourse.objects.filter(project_id__in=project_ids, outcome__in=outcomes)
        .values_list("project_id", "outcome", _month("outcome_date"), *people)
        .annotate(count=Count("pk"))
        .order_by()
    )
    result: dict[tuple[int, str], Tally] = defaultdict(Tally)
    for project_id, outcome, month, *rest, count in rows:
        parts = _people_parts(rest[0], rest[1], int(rest[2])) if by_people else []
        result[project_id, outcome].add(month, count, parts)
    return result


def companies_inclusion(project_ids: set[int]) -> dict[int, Tally]:
    """Linked companies working with inclusion, by project, month they began and industry."""
    if not project_ids:
        return {}
    rows = (
        CompanyProject._default_manager.filter(
            project_id__in=project_ids, company__inclusion_started_on__isnull=False
        )
        .values_list("project_id", "company__industry_id", _month("company__inclusion_started_on"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    result: dict[int, Tally] = defaultdict(Tally)
    for project_id, industry_id, month, count in rows:
        parts: list[Part] = (
            [(Dimension.INDUSTRY.value, str(industry_id))] if industry_id is not None else []
        )
        result[project_id].add(month, count, parts)
    return result


def reported(targets: Sequence[Target]) -> dict[int, Tally]:
    """The approved reported values of `targets`, by target and month their period ends."""
    if not targets:
        return {}
    rows = (
        ReportedValue.objects.approved()
        .filter(target_id__in=[t.pk for t in targets])
        .values_list("target_id", _month("period_end"))
        .annotate(total=Sum("value"))
        .order_by()
    )
    result: dict[int, Tally] = defaultdict(Tally)
    for target_id, month, total in rows:
        result[target_id].add(month, int(total))
    return result
