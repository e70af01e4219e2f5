"""Progress toward a target: what is achieved, and what a steady pace expects by today.

Pure arithmetic on plain values, no ORM: `progress.queries` reads the counts from the
database, and the progress page, the programme overview and the XLSX all render what these
functions compute, so they cannot disagree.

The pace is linear over the decision's period, counted in days: on the last day of the period
the whole target is expected, on the day before the first day nothing. The expected figure is a
whole number of citizens, jobs or companies, rounded down, so a target is *behind* only when
fewer have been achieved than a steady pace would certainly have reached by now.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Progress:
    """How far one target has come by `today`."""

    class Status(StrEnum):
        NOT_STARTED = "not_started"
        ON_PACE = "on_pace"
        BEHIND = "behind"
        REACHED = "reached"
        MISSED = "missed"  # the period is over and the target was not reached

    target: int
    achieved: int
    # What a linear pace over the period reaches by the end of today, rounded down.
    expected: int
    # Achieved as a percentage of the target, one decimal; None when the target is 0.
    percent: Decimal | None
    # Fewer achieved than the pace expects (after the period: the target was missed).
    behind: bool
    # Today lies after the period's last day.
    finished: bool
    # Today lies on or after the period's first day.
    started: bool

    @property
    def reached(self) -> bool:
        return self.achieved >= self.target

    @property
    def status(self) -> Progress.Status:
        """One word for the state, in this order: reached, missed, not started, behind, on pace."""
        if self.reached:
            return self.Status.REACHED
        if self.finished:
            return self.Status.MISSED
        if not self.started:
            return self.Status.NOT_STARTED
        if self.behind:
            return self.Status.BEHIND
        return self.Status.ON_PACE

    @property
    def missing(self) -> int:
        """How many are still missing to reach the target."""
        return max(self.target - self.achieved, 0)

    @property
    def bar_value(self) -> int:
        """The achieved figure capped at the target, for a progress bar whose max is the target."""
        return min(self.achieved, self.target)


@dataclass(frozen=True)
class MonthPoint:
    """One month of the chart: the cumulative achieved figure and the pace at the month's end."""

    month: date  # the first day of the month
    achieved: int | None  # None for months after today: nothing can be known yet
    expected: int


def period_bounds(first_year: int, last_year: int) -> tuple[date, date]:
    """A decision's period as dates: 1 January of its first year to 31 December of its last."""
    if first_year > last_year:
        raise ValueError(f"The period {first_year}–{last_year} ends before it begins.")
    return date(first_year, 1, 1), date(last_year, 12, 31)


def expected_by(*, target: int, start: date, end: date, day: date) -> int:
    """What a linear pace from `start` to `end` (both included) reaches by the end of `day`.

    Rounded down; 0 before the period, the whole target from its last day on.
    """
    _check_period(start, end)
    if day < start:
        return 0
    if day >= end:
        return target
    days_in_period = (end - start).days + 1
    days_gone = (day - start).days + 1
    return target * days_gone // days_in_period


def percent_of(achieved: int, target: int) -> Decimal | None:
    """`achieved` as a percentage of `target`, one decimal, half rounded up; None for target 0."""
    if target == 0:
        return None
    return (Decimal(achieved) * 100 / Decimal(target)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def progress(*, target: int, achieved: int, start: date, end: date, today: date) -> Progress:
    """The progress of a target of `target` over `start`..`end`, with `achieved` by `today`."""
    if target < 0 or achieved < 0:
        raise ValueError("A target and what is achieved cannot be negative.")
    expected = expected_by(target=target, start=start, end=end, day=today)
    return Progress(
        target=target,
        achieved=achieved,
        expected=expected,
        percent=percent_of(achieved, target),
        behind=achieved < expected,
        finished=today > end,
        started=today >= start,
    )


def combine(items: Iterable[Progress]) -> Progress:
    """Several targets' progress added up, e.g. one indicator across a programme's projects.

    Targets, achieved and expected figures are summed (each target keeps its own period and
    pace); the sum is behind when it falls short of the summed pace.
    """
    items = list(items)
    target = sum(p.target for p in items)
    achieved = sum(p.achieved for p in items)
    expected = sum(p.expected for p in items)
    return Progress(
        target=target,
        achieved=achieved,
        expected=expected,
        percent=percent_of(achieved, target),
        behind=achieved < expected,
        finished=bool(items) and all(p.finished for p in items),
        started=any(p.started for p in items),
    )


def months(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s month to `end`'s month."""
    _check_period(start, end)
    result = []
    month = start.replace(day=1)
    while month <= end:
        result.append(month)
        month = _next_month(month)
    return result


def cumulative(
    counts_by_month: Mapping[date, int], start: date, end: date
) -> list[tuple[date, int]]:
    """Running totals month by month over `start`..`end`.

    `counts_by_month` maps any day of a month (as TruncMonth gives the first) to the number
    achieved in that month; months outside the period are left out, missing months count 0.
    """
    per_month: dict[date, int] = {}
    for day, count in counts_by_month.items():
        key = day if day.day == 1 else day.replace(day=1)
        per_month[key] = per_month.get(key, 0) + count
    total = 0
    result = []
    for month in months(start, end):
        total += per_month.get(month, 0)
        result.append((month, total))
    return result


def series(
    *, target: int, counts_by_month: Mapping[date, int], start: date, end: date, today: date
) -> list[MonthPoint]:
    """The chart of one target: achieved so far and the linear pace, month by month."""
    this_month = today.replace(day=1)
    return [
        MonthPoint(
            month=month,
            achieved=total if month <= this_month else None,
            expected=expected_by(
                target=target, start=start, end=end, day=min(_month_end(month), end)
            ),
        )
        for month, total in cumulative(counts_by_month, start, end)
    ]


def combine_series(all_series: Sequence[Sequence[MonthPoint]], today: date) -> list[MonthPoint]:
    """Several targets' charts added up over the calendar months they cover together.

    Before a target's first month it adds nothing; after its last month it adds its final
    figures (its whole target to the pace, all it achieved to the achieved line).
    """
    present = [points for points in all_series if points]
    if not present:
        return []
    first = min(points[0].month for points in present)
    last = max(points[-1].month for points in present)
    calendar_months = months(first, _month_end(last))
    index = {month: i for i, month in enumerate(calendar_months)}
    size = len(calendar_months)
    # A programme adds up hundreds of charts: each adds its final figures from its first month
    # on (a running sum), and the difference to them in each month it has a point for.
    carried_expected, carried_achieved = [0] * (size + 1), [0] * (size + 1)
    own_expected, own_achieved = [0] * size, [0] * size
    for points in present:
        final = points[-1]
        final_achieved = final.achieved or 0
        begin = bisect_left(calendar_months, points[0].month)
        carried_expected[begin] += final.expected
        carried_achieved[begin] += final_achieved
        for month, point in {point.month: point for point in points}.items():
            i = index.get(month)
            if i is not None and i >= begin:
                own_expected[i] += point.expected - final.expected
                own_achieved[i] += (point.achieved or 0) - final_achieved
    this_month = today.replace(day=1)
    result = []
    expected = achieved = 0
    for i, month in enumerate(calendar_months):
        expected += carried_expected[i]
        achieved += carried_achieved[i]
        result.append(
            MonthPoint(
                month=month,
                achieved=achieved + own_achieved[i] if month <= this_month else None,
                expected=expected + own_expected[i],
            )
        )
    return result


@dataclass(frozen=True)
class Chartable:
    """What one target's chart is drawn from: its value, its counts by month and its period."""

    target: int
    counts_by_month: Mapping[date, int]
    start: date
    end: date


def summed_series(charts: Sequence[Chartable], today: date) -> list[MonthPoint]:
    """The same as `combine_series` of each target's `series`, without drawing each chart.

    A programme's totals add up a thousand targets' charts: the achieved line is the running
    sum of every target's counts within its period; the pace adds each target's own pace in
    its months, nothing before them and its whole target after them.
    """
    if not charts:
        return []
    by_period: dict[tuple[date, date], list[Chartable]] = {}
    for chart in charts:
        _check_period(chart.start, chart.end)
        by_period.setdefault((chart.start, chart.end), []).append(chart)
    calendar_months = months(min(c.start for c in charts), max(c.end for c in charts))
    index = {month: i for i, month in enumerate(calendar_months)}
    size = len(calendar_months)
    carried, own, counts = [0] * (size + 1), [0] * size, [0] * size
    for (start, end), group in by_period.items():
        # `expected_by` at each month's end, its days gone reckoned once for the period.
        days_in_period = (end - start).days + 1
        base = index[start.replace(day=1)]
        gone = [(min(_month_end(month), end) - start).days + 1 for month in months(start, end)]
        for chart in group:
            target = chart.target
            for offset, days_gone in enumerate(gone):
                own[base + offset] += (
                    target if days_gone >= days_in_period else target * days_gone // days_in_period
                )
    for chart in charts:
        carried[index[chart.end.replace(day=1)] + 1] += chart.target
        first, last = chart.start.replace(day=1), chart.end.replace(day=1)
        for day, count in chart.counts_by_month.items():
            month = day if day.day == 1 else day.replace(day=1)
            if first <= month <= last:
                counts[index[month]] += count
    this_month = today.replace(day=1)
    result = []
    achieved = finished = 0
    for i, month in enumerate(calendar_months):
        achieved += counts[i]
        finished += carried[i]
        result.append(
            MonthPoint(
                month=month,
                achieved=achieved if month <= this_month else None,
                expected=finished + own[i],
            )
        )
    return result


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"The period {start}–{end} ends before it begins.")


def _month_end(month: date) -> date:
    # The day before the next month's first: cheaper than calendar.monthrange, which a
    # programme's charts call tens of thousands of times.
    return _next_month(month) - timedelta(days=1)


def _next_month(month: date) -> date:
    if month.month == 12:
        return date(month.year + 1, 1, 1)
    return date(month.year, month.month + 1, 1)
