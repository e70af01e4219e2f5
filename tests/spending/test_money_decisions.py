"""Each decision's share of a project's spending and payments, from plain data (no database)."""

from __future__ import annotations

from datetime import date

from grants.budget import DecisionFigures, RowHead
from spending.money import MoneyInput, PaymentFigures, ReportFigures
from spending.money_decisions import decision_overviews, effective_id, share_out
from spending.rates import Category, Line

AREA = 1
AREAS = [RowHead(AREA, "Indslusning")]
EXTERNAL = 11
ESF, REM = 21, 22
ORIGINAL = DecisionFigures(
    id=1,
    kind="original",
    first_year=2016,
    last_year=2018,
    period_totals={ESF: 2_000_000, REM: 1_000_000},
    split_by_year=False,
)
TOP_UP = DecisionFigures(
    id=2,
    kind="top_up",
    first_year=2017,
    last_year=2018,
    budget={(AREA, 2017): 1_000_000},
    financing={(ESF, 2017): 1_000_000},
)
EXTENSION = DecisionFigures(
    id=3,
    kind="extension",
    first_year=2017,
    last_year=2019,
    budget={(AREA, 2017): 500_000},
    financing={(ESF, 2017): 500_000},
)


def _accepted(year: int, amount: int) -> ReportFigures:
    return ReportFigures(
        id=year,
        status="accepted",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        lines=(Line(EXTERNAL, AREA, year, amount, accepted=amount),),
    )


def test_share_out_fills_each_in_order_and_leaves_the_rest_to_the_last() -> None:
    left: dict[int, int] = {}
    assert share_out(150, [(1, 100), (2, 20)], left) == {1: 100, 2: 50}
    assert share_out(10, [(1, 100), (2, 20)], left) == {1: 0, 2: 10}
    assert share_out(5, [], {}) == {}


def test_spending_in_a_budgeted_year_goes_to_the_earliest_decision_first() -> None:
    data = MoneyInput(
        AREAS,
        [ORIGINAL, TOP_UP, EXTENSION],
        [Category(EXTERNAL)],
        [_accepted(2016, 400_000), _accepted(2017, 1_200_000)],
    )
    shares = decision_overviews(data)
    # 2016 has no yearly budget: it falls to the original, known only by its period totals.
    assert shares[ORIGINAL.id].total.accepted == 400_000
    assert shares[ORIGINAL.id].total.budget == 3_000_000
    # 2017: the top-up's 1.000.000 first, the rest to the extension.
    assert shares[TOP_UP.id].year(2017).accepted == 1_000_000  # type: ignore[union-attr]
    assert shares[TOP_UP.id].year(2017).percent_used == 100  # type: ignore[union-attr]
    assert shares[EXTENSION.id].year(2017).accepted == 200_000  # type: ignore[union-attr]
    assert sum(o.total.accepted for o in shares.values()) == 1_600_000


def test_over_spending_stays_on_the_last_decision_budgeting_the_cell() -> None:
    data = MoneyInput(
        AREAS, [TOP_UP, EXTENSION], [Category(EXTERNAL)], [_accepted(2017, 2_000_000)]
    )
    shares = decision_overviews(data)
    assert shares[TOP_UP.id].total.accepted == 1_000_000
    assert shares[EXTENSION.id].total.accepted == 1_000_000
    assert shares[EXTENSION.id].total.remaining == -500_000


def test_payments_are_shared_by_year_against_the_financing() -> None:
    payments = [
        PaymentFigures(ESF, 500_000, "paid", 2016),
        PaymentFigures(ESF, 1_200_000, "paid", 2017),
        PaymentFigures(ESF, 999, "proposed", 2017),
    ]
    shares = decision_overviews(MoneyInput(AREAS, [ORIGINAL, TOP_UP, EXTENSION], payments=payments))
    assert shares[ORIGINAL.id].total.paid == 500_000
    assert shares[TOP_UP.id].total.paid == 1_000_000
    assert shares[EXTENSION.id].total.paid == 200_000


def test_a_revision_belongs_to_the_decision_it_revises() -> None:
    revision = DecisionFigures(
        id=9,
        kind="revision",
        first_year=2017,
        last_year=2017,
        budget={(AREA, 2017): 1_500_000},
        financing={(ESF, 2017): 1_500_000},
        revises_id=TOP_UP.id,
    )
    decisions = [TOP_UP, revision]
    assert effective_id(decisions, revision.id) == TOP_UP.id
    assert effective_id(decisions, TOP_UP.id) == TOP_UP.id
    shares = decision_overviews(
        MoneyInput(AREAS, decisions, [Category(EXTERNAL)], [_accepted(2017, 750_000)])
    )
    assert list(shares) == [TOP_UP.id]
    assert shares[TOP_UP.id].year(2017).percent_used == 50  # type: ignore[union-attr]
