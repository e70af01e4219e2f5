"""The progress arithmetic, without the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.pace import (
    Chartable,
    MonthPoint,
    combine,
    combine_series,
    cumulative,
    expected_by,
    months,
    percent_of,
    period_bounds,
    progress,
    series,
    summed_series,
)

# The extension of the seed case: 2019–2020, 730 + 1 days (2020 is a leap year).
START, END = period_bounds(2019, 2020)
DAYS = 731


def test_a_period_runs_from_new_year_of_the_first_year_to_new_years_eve_of_the_last() -> None:
    assert period_bounds(2019, 2020) == (date(2019, 1, 1), date(2020, 12, 31))
    assert period_bounds(2016, 2016) == (date(2016, 1, 1), date(2016, 12, 31))


def test_a_period_that_ends_before_it_begins_is_refused() -> None:
    with pytest.raises(ValueError):
        period_bounds(2020, 2019)
    with pytest.raises(ValueError):
        expected_by(target=10, start=END, end=START, day=START)


def test_the_pace_is_linear_over_the_days_of_the_period_rounded_down() -> None:
    # 400 citizens over 731 days: after 365 days 199.7… are expected, so 199.
    assert (
        expected_by(target=400, start=START, end=END, day=date(2019, 12, 31)) == 400 * 365 // DAYS
    )
    assert expected_by(target=400, start=START, end=END, day=date(2019, 12, 31)) == 199
    # The first day counts as a day gone by the end of it.
    assert expected_by(target=731, start=START, end=END, day=START) == 1
    assert expected_by(target=90, start=START, end=END, day=date(2020, 7, 1)) == 90 * 548 // DAYS


def test_nothing_is_expected_before_the_period_and_everything_from_its_last_day() -> None:
    assert expected_by(target=400, start=START, end=END, day=date(2018, 12, 31)) == 0
    assert expected_by(target=400, start=START, end=END, day=END) == 400
    assert expected_by(target=400, start=START, end=END, day=date(2031, 5, 5)) == 400


def test_the_pace_never_leaves_zero_to_target() -> None:
    for day in (date(2000, 1, 1), START, date(2019, 6, 30), END, date(2099, 1, 1)):
        assert 0 <= expected_by(target=60, start=START, end=END, day=day) <= 60


def test_percent_has_one_decimal_rounded_half_up_and_may_pass_100() -> None:
    assert percent_of(1, 3) == Decimal("33.3")
    assert percent_of(2, 3) == Decimal("66.7")
    assert percent_of(1, 8) == Decimal("12.5")
    assert percent_of(1, 16) == Decimal("6.3")
    assert percent_of(45, 40) == Decimal("112.5")
    assert percent_of(0, 40) == Decimal("0.0")


def test_a_target_of_zero_has_no_percentage() -> None:
    assert percent_of(0, 0) is None
    result = progress(target=0, achieved=3, start=START, end=END, today=date(2019, 6, 1))
    assert result.percent is None
    assert result.expected == 0
    assert not result.behind
    assert result.reached
    assert result.bar_value == 0


def test_a_target_behind_its_pace_is_marked() -> None:
    # Half way through 2019–2020: 200 of 400 expected.
    today = date(2019, 12, 31)
    behind = progress(target=400, achieved=150, start=START, end=END, today=today)
    assert behind.expected == 199
    assert behind.behind
    assert behind.percent == Decimal("37.5")
    assert behind.missing == 250

    on_pace = progress(target=400, achieved=199, start=START, end=END, today=today)
    assert not on_pace.behind
    ahead = progress(target=400, achieved=250, start=START, end=END, today=today)
    assert not ahead.behind


def test_before_the_period_nothing_is_expected_and_nothing_is_behind() -> None:
    result = progress(target=60, achieved=0, start=START, end=END, today=date(2018, 10, 1))
    assert result.expected == 0
    assert not result.behind
    assert not result.started
    assert not result.finished


def test_after_the_period_the_whole_target_is_expected() -> None:
    missed = progress(target=40, achieved=38, start=START, end=END, today=date(2021, 3, 1))
    assert missed.finished
    assert missed.started
    assert missed.expected == 40
    assert missed.behind
    assert not missed.reached

    reached = progress(target=40, achieved=45, start=START, end=END, today=date(2021, 3, 1))
    assert not reached.behind
    assert reached.reached
    assert reached.bar_value == 40
    assert reached.missing == 0


def test_on_the_last_day_the_period_is_not_yet_finished() -> None:
    result = progress(target=40, achieved=40, start=START, end=END, today=END)
    assert not result.finished
    assert result.expected == 40


def test_negative_figures_are_refused() -> None:
    with pytest.raises(ValueError):
        progress(target=-1, achieved=0, start=START, end=END, today=START)
    with pytest.raises(ValueError):
        progress(target=1, achieved=-1, start=START, end=END, today=START)


def test_combined_progress_adds_targets_achieved_and_pace() -> None:
    today = date(2019, 12, 31)
    a = progress(target=400, achieved=150, start=START, end=END, today=today)
    b = progress(
        target=600, achieved=600, start=date(2016, 1, 1), end=date(2018, 12, 31), today=today
    )
    total = combine([a, b])
    assert (total.target, total.achieved, total.expected) == (1000, 750, 199 + 600)
    assert total.behind
    assert total.percent == Decimal("75.0")
    assert total.started
    assert not total.finished
    empty = combine([])
    assert (empty.target, empty.percent, empty.behind, empty.finished) == (0, None, False, False)


def test_months_cover_the_period_from_first_to_last_month() -> None:
    assert months(date(2019, 11, 15), date(2020, 2, 1)) == [
        date(2019, 11, 1),
        date(2019, 12, 1),
        date(2020, 1, 1),
        date(2020, 2, 1),
    ]
    assert len(months(START, END)) == 24


def test_cumulative_adds_up_month_by_month_and_ignores_months_outside_the_period() -> None:
    counts = {
        date(2018, 12, 1): 99,  # before the period
        date(2019, 1, 1): 2,
        date(2019, 3, 1): 3,
        date(2019, 3, 20): 1,  # any day of a month counts in that month
        date(2021, 1, 1): 99,  # after the period
    }
    result = cumulative(counts, START, date(2019, 4, 30))
    assert result == [
        (date(2019, 1, 1), 2),
        (date(2019, 2, 1), 2),
        (date(2019, 3, 1), 6),
        (date(2019, 4, 1), 6),
    ]
    assert cumulative({}, START, END)[-1] == (date(2020, 12, 1), 0)


def test_the_chart_series_has_the_pace_at_each_months_end_and_nothing_after_today() -> None:
    points = series(
        target=731,
        counts_by_month={date(2019, 1, 1): 10, date(2019, 2, 1): 5},
        start=START,
        end=END,
        today=date(2019, 2, 10),
    )
    assert len(points) == 24
    assert points[0] == MonthPoint(month=date(2019, 1, 1), achieved=10, expected=31)
    assert points[1] == MonthPoint(month=date(2019, 2, 1), achieved=15, expected=59)
    assert points[2].achieved is None
    assert points[-1] == MonthPoint(month=date(2020, 12, 1), achieved=None, expected=731)


def test_combined_series_carry_a_finished_target_forward_and_wait_for_a_later_one() -> None:
    today = date(2019, 2, 15)
    early = series(
        target=12,
        counts_by_month={date(2018, 12, 1): 4},
        start=date(2018, 1, 1),
        end=date(2018, 12, 31),
        today=today,
    )
    late = series(
        target=24,
        counts_by_month={date(2019, 1, 1): 1, date(2019, 2, 1): 1},
        start=START,
        end=END,
        today=today,
    )
    combined = combine_series([early, late], today)
    assert combined[0].month == date(2018, 1, 1)
    assert combined[-1].month == date(2020, 12, 1)
    by_month = {p.month: p for p in combined}
    assert by_month[date(2018, 12, 1)] == MonthPoint(date(2018, 12, 1), achieved=4, expected=12)
    assert by_month[date(2019, 1, 1)].achieved == 5
    assert by_month[date(2019, 2, 1)].achieved == 6
    assert by_month[date(2019, 3, 1)].achieved is None
    assert by_month[date(2020, 12, 1)].expected == 36
    assert combine_series([], today) == []
    assert combine_series([[], late], today) == late


@pytest.mark.parametrize(
    ("achieved", "today", "status"),
    [
        (0, date(2018, 6, 1), "not_started"),
        (400, date(2018, 6, 1), "reached"),
        (150, date(2019, 12, 31), "behind"),
        (250, date(2019, 12, 31), "on_pace"),
        (399, date(2021, 1, 1), "missed"),
        (400, date(2021, 1, 1), "reached"),
    ],
)
def test_the_status_names_the_state_in_one_word(achieved: int, today: date, status: str) -> None:
    result = progress(target=400, achieved=achieved, start=START, end=END, today=today)
    assert result.status == status


def _combine_series_by_month(all_series: list[list[MonthPoint]], today: date) -> list[MonthPoint]:
    """The definition, month by month: what `combine_series` computes in one pass."""
    present = [points for points in all_series if points]
    if not present:
        return []
    first = min(points[0].month for points in present)
    last = max(points[-1].month for points in present)
    result = []
    for month in months(first, date(last.year, last.month, 28)):
        achieved = expected = 0
        for points in present:
            if month < points[0].month:
                continue
            point = {p.month: p for p in points}.get(month, points[-1])
            expected += point.expected
            achieved += point.achieved or 0
        this_month = today.replace(day=1)
        result.append(MonthPoint(month, achieved if month <= this_month else None, expected))
    return result


_years = st.integers(min_value=2014, max_value=2024)
_charts = st.builds(
    lambda first, length, target, counts, today: series(
        target=target,
        counts_by_month={date(first + i // 12, 1 + i % 12, 1): c for i, c in counts},
        start=date(first, 1, 1),
        end=date(first + length, 12, 31),
        today=today,
    ),
    _years,
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=500),
    st.lists(st.tuples(st.integers(0, 47), st.integers(0, 30)), max_size=10),
    st.dates(min_value=date(2013, 1, 1), max_value=date(2029, 12, 31)),
)
# Hand-made points too: gaps, repeated months and unknown achieved figures.
_points = st.lists(
    st.builds(
        MonthPoint,
        st.builds(lambda y, m: date(y, m, 1), _years, st.integers(1, 12)),
        st.one_of(st.none(), st.integers(0, 100)),
        st.integers(0, 100),
    ),
    max_size=6,
).map(lambda points: sorted(points, key=lambda p: p.month))


@given(
    st.lists(st.one_of(_charts, _points), max_size=8),
    st.dates(min_value=date(2013, 1, 1), max_value=date(2029, 12, 31)),
)
def test_combined_series_are_the_month_by_month_sum(
    all_series: list[list[MonthPoint]], today: date
) -> None:
    assert combine_series(all_series, today) == _combine_series_by_month(all_series, today)


_chartables = st.builds(
    lambda first, length, target, counts: Chartable(
        target=target,
        counts_by_month={date(first + i // 12, 1 + i % 12, 1 + day): c for i, day, c in counts},
        start=date(first, 1, 1),
        end=date(first + length, 12, 31),
    ),
    _years,
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=500),
    st.lists(st.tuples(st.integers(-12, 60), st.integers(0, 27), st.integers(0, 30)), max_size=10),
)


@given(
    st.lists(_chartables, max_size=8),
    st.dates(min_value=date(2013, 1, 1), max_value=date(2029, 12, 31)),
)
def test_summed_series_are_the_combined_charts(charts: list[Chartable], today: date) -> None:
    drawn = [
        series(
            target=c.target,
            counts_by_month=c.counts_by_month,
            start=c.start,
            end=c.end,
            today=today,
        )
        for c in charts
    ]
    assert summed_series(charts, today) == combine_series(drawn, today)
