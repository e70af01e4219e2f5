"""What targets have achieved, counted in the database: one grouped query per measure.

However many projects, targets, courses and companies there are, each measure
(`progress.measures`) is one query returning counts per calendar month, never a participant;
reported indicators add one more, of their approved values. A target's achieved figure is the
sum of its months within its period, and its chart the running total of the same months, so
the figure and the chart cannot disagree. The months are whole: a period runs from 1 January
of its decision's first year to 31 December of its last (`progress.pace.period_bounds`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from grants.models import Dimension, Measure, Target, TargetBreakdown
from progress import measures
from progress.measures import OUTCOME_OF, Months, Tally, part_of
from progress.pace import period_bounds

PEOPLE = {Dimension.GENDER.value, Dimension.AGE_BAND.value}


def period_of(target: Target) -> tuple[date, date]:
    """The first and last day of the target's decision's period."""
    return period_bounds(target.decision.first_year, target.decision.last_year)


def breakdown_of(target: Target) -> list[TargetBreakdown]:
    """The target's breakdown, as `progress.queries.targets_of` prefetched it (or read now)."""
    prefetched: list[TargetBreakdown] | None = getattr(target, "prefetched_breakdown", None)
    return prefetched if prefetched is not None else list(target.breakdown.all())


def _within(months: Mapping[date, int], start: date, end: date) -> Months:
    return {month: count for month, count in months.items() if start <= month <= end}


def _asks_for(targets: Sequence[Target], dimensions: set[str]) -> bool:
    return any(part.dimension in dimensions for t in targets for part in breakdown_of(t))


@dataclass(frozen=True)
class MonthlyCounts:
    """What each target and each breakdown achieved per calendar month within its period."""

    by_target: dict[int, Months]
    by_breakdown: dict[int, Months]


def _measure_of(target: Target) -> str:
    indicator = target.indicator
    return indicator.measure if indicator.computed else ""


def _tallies(targets: Sequence[Target]) -> dict[int, Tally]:
    """Each target's tally, unclipped to its period: one query per measure present."""
    by_measure: dict[str, list[Target]] = {}
    for t in targets:
        by_measure.setdefault(_measure_of(t), []).append(t)
    result: dict[int, Tally] = {}
    if citizens := by_measure.get(Measure.CITIZENS_IN_COURSES, []):
        found = measures.citizens_in_courses(citizens, by_people=_asks_for(citizens, PEOPLE))
        result.update({t.pk: found.get(t.pk, Tally()) for t in citizens})
    if in_courses := by_measure.get(Measure.COMPANIES_IN_COURSES, []):
        found = measures.companies_in_courses(
            in_courses, by_industry=_asks_for(in_courses, {Dimension.INDUSTRY.value})
        )
        result.update({t.pk: found.get(t.pk, Tally()) for t in in_courses})
    outcomes = [t for measure in OUTCOME_OF for t in by_measure.get(measure, [])]
    if outcomes:
        by_outcome = measures.course_outcomes(
            {t.decision.project_id for t in outcomes},
            {OUTCOME_OF[Measure(_measure_of(t))] for t in outcomes},
            by_people=_asks_for(outcomes, PEOPLE),
        )
        for t in outcomes:
            outcome = OUTCOME_OF[Measure(_measure_of(t))]
            result[t.pk] = by_outcome.get((t.decision.project_id, outcome), Tally())
    if inclusion := by_measure.get(Measure.COMPANIES_INCLUSION, []):
        by_project = measures.companies_inclusion({t.decision.project_id for t in inclusion})
        result.update({t.pk: by_project.get(t.decision.project_id, Tally()) for t in inclusion})
    if reported := by_measure.get("", []):
        found = measures.reported(reported)
        result.update({t.pk: found.get(t.pk, Tally()) for t in reported})
    return result


def monthly_counts(targets: Sequence[Target]) -> MonthlyCounts:
    """What `targets` and their breakdowns achieved per month: one query per measure.

    The targets need their decision and indicator loaded and their breakdown prefetched
    (`progress.queries.targets_of`).
    """
    by_target: dict[int, Months] = {}
    by_breakdown: dict[int, Months] = {}
    tallies = _tallies(targets)
    for t in targets:
        start, end = period_of(t)
        tally = tallies.get(t.pk, Tally())
        by_target[t.pk] = _within(tally.whole, start, end)
        for part in breakdown_of(t):
            by_breakdown[part.pk] = _within(tally.parts.get(part_of(part), {}), start, end)
    return MonthlyCounts(by_target=by_target, by_breakdown=by_breakdown)


def achieved_counts(targets: Sequence[Target]) -> tuple[dict[int, int], dict[int, int]]:
    """What each target and each breakdown has achieved, by id (the sum of its months)."""
    counts = monthly_counts(targets)
    return (
        {pk: sum(months.values()) for pk, months in counts.by_target.items()},
        {pk: sum(months.values()) for pk, months in counts.by_breakdown.items()},
    )
