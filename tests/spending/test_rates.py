"""The flat rates and a report's totals, from plain data (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from spending.rates import (
    Category,
    Line,
    flat_rate,
    needs_auditor_statement,
    report_totals,
    with_flat_rates,
)

SALARY, EXTERNAL, FLAT18, FLAT40 = 1, 2, 3, 4
AREA_A, AREA_B = 10, 20
CATEGORIES = [
    Category(SALARY),
    Category(EXTERNAL),
    Category(FLAT18, kind="flat_rate", rate=Decimal("18.00"), base_id=SALARY),
]


def test_flat_rate_is_the_percentage_of_the_base_rounded_down() -> None:
    assert flat_rate(100_000, Decimal("18.00")) == 18_000
    assert flat_rate(100_000, Decimal("40.00")) == 40_000
    assert flat_rate(1_001, Decimal("18.00")) == 180  # 180.18
    assert flat_rate(999, Decimal("40.00")) == 399  # 399.6: never more than the rate
    assert flat_rate(0, Decimal("18.00")) == 0


def test_flat_rate_refuses_a_negative_base() -> None:
    with pytest.raises(ValueError):
        flat_rate(-1, Decimal("18.00"))


def test_totals_add_the_flat_rate_of_the_salary_lines_per_area_and_year() -> None:
    lines = [
        Line(SALARY, AREA_A, 2017, 100_000),
        Line(SALARY, AREA_A, 2017, 50_000),
        Line(SALARY, AREA_B, 2018, 10_000),
        Line(EXTERNAL, AREA_A, 2017, 30_000),
    ]
    totals = report_totals(lines, CATEGORIES)
    assert totals.by_category == {SALARY: 160_000, EXTERNAL: 30_000, FLAT18: 27_000 + 1_800}
    assert totals.by_area == {AREA_A: 150_000 + 30_000 + 27_000, AREA_B: 10_000 + 1_800}
    assert totals.by_year == {2017: 207_000, 2018: 11_800}
    assert totals.by_area_year[(AREA_B, 2018)] == 11_800
    assert totals.total == 218_800


def test_an_esf_rate_of_40_percent_is_computed_the_same_way() -> None:
    categories = [
        Category(SALARY),
        Category(FLAT40, kind="flat_rate", rate=Decimal("40.00"), base_id=SALARY),
    ]
    totals = report_totals([Line(SALARY, AREA_A, 2017, 250_000)], categories)
    assert totals.by_category[FLAT40] == 100_000
    assert totals.total == 350_000


def test_a_flat_rate_category_takes_no_lines_of_its_own() -> None:
    with pytest.raises(ValueError, match="flat-rate"):
        with_flat_rates([Line(FLAT18, AREA_A, 2017, 5_000)], CATEGORIES)


def test_a_line_of_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError):
        report_totals([Line(99, AREA_A, 2017, 5_000)], CATEGORIES)


def test_accepted_totals_count_reviewed_amounts_and_their_flat_rate() -> None:
    lines = [
        Line(SALARY, AREA_A, 2017, 100_000, accepted=80_000),  # reduced
        Line(SALARY, AREA_A, 2017, 20_000, accepted=None),  # not reviewed
        Line(EXTERNAL, AREA_A, 2017, 30_000, accepted=0),  # rejected
    ]
    accepted = report_totals(lines, CATEGORIES, accepted=True)
    assert accepted.by_category == {SALARY: 80_000, EXTERNAL: 0, FLAT18: 14_400}
    assert accepted.total == 94_400
    reported = report_totals(lines, CATEGORIES)
    assert reported.total == 150_000 + 21_600


def test_the_computed_flat_rate_line_is_not_reviewed_while_its_base_is_not() -> None:
    computed = with_flat_rates([Line(SALARY, AREA_A, 2017, 10_000)], CATEGORIES)[-1]
    assert (computed.category_id, computed.amount, computed.accepted) == (FLAT18, 1_800, None)


def test_no_lines_total_nothing() -> None:
    totals = report_totals([], CATEGORIES)
    assert (totals.total, totals.by_category, totals.by_year) == (0, {}, {})


def test_the_auditor_statement_is_needed_only_above_the_threshold() -> None:
    assert not needs_auditor_statement(500_000, 500_000)
    assert needs_auditor_statement(500_001, 500_000)
