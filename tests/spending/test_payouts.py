"""The payment ceiling per funding source, from plain data (no database)."""

from __future__ import annotations

from decimal import Decimal

from grants.budget import DecisionFigures, effective_figures
from spending.payouts import (
    BELOW_ZERO,
    HELD_BACK,
    OVER_GRANT,
    Shortfall,
    ceiling_of,
    granted_by_source,
    held_back,
    over_committed,
    payment_refusal,
    shortfalls,
)

REGION, ESF = 1, 2


def test_granted_adds_yearly_financing_and_period_totals_per_source() -> None:
    figures = [
        DecisionFigures(
            id=1,
            kind="original",
            first_year=2016,
            last_year=2018,
            financing={(REGION, 2016): 1_000, (REGION, 2017): 2_000, (ESF, 2017): 500},
        ),
        DecisionFigures(
            id=2, kind="top_up", first_year=2019, last_year=2019, period_totals={ESF: 700}
        ),
    ]
    assert granted_by_source(figures) == {REGION: 3_000, ESF: 1_200}


def test_a_revision_replaces_the_revised_years_in_what_is_granted() -> None:
    original = DecisionFigures(
        id=1,
        kind="original",
        first_year=2016,
        last_year=2018,
        financing={(REGION, 2016): 1_000, (REGION, 2017): 2_000, (REGION, 2018): 2_000},
    )
    revision = DecisionFigures(
        id=2,
        kind="revision",
        first_year=2017,
        last_year=2017,
        financing={(REGION, 2017): 1_500},
        revises_id=1,
    )
    assert granted_by_source(effective_figures([original, revision])) == {REGION: 4_500}


def test_the_held_back_share_is_rounded_up() -> None:
    assert held_back(1_000_000, Decimal("10.00")) == 100_000
    assert held_back(1_005, Decimal("10.00")) == 101
    assert held_back(1_000, Decimal("0")) == 0


def test_payments_stop_at_the_held_back_share_until_the_final_report() -> None:
    ceiling = ceiling_of(
        granted=1_000, committed=850, share_percent=Decimal("10"), final_accepted=False
    )
    assert (ceiling.ceiling, ceiling.payable) == (900, 50)
    assert payment_refusal(ceiling, 50) is None
    assert payment_refusal(ceiling, 51) == HELD_BACK
    final = ceiling_of(
        granted=1_000, committed=850, share_percent=Decimal("10"), final_accepted=True
    )
    assert payment_refusal(final, 150) is None
    assert payment_refusal(final, 151) == OVER_GRANT


def test_more_than_granted_is_refused_even_after_the_final_report() -> None:
    ceiling = ceiling_of(granted=0, committed=0, share_percent=Decimal("10"), final_accepted=True)
    assert payment_refusal(ceiling, 1) == OVER_GRANT


def test_a_recovery_may_not_take_the_total_below_nothing() -> None:
    ceiling = ceiling_of(
        granted=1_000, committed=300, share_percent=Decimal("10"), final_accepted=False
    )
    assert payment_refusal(ceiling, -300) is None
    assert payment_refusal(ceiling, -301) == BELOW_ZERO


# A grant coming down: what a change lowered below what is committed -------------------------


def test_a_grant_lowered_below_the_committed_is_a_shortfall_of_what_the_change_took() -> None:
    found = shortfalls(
        before={REGION: 1_500_000, ESF: 800},
        after={REGION: 1_000_000, ESF: 700},
        committed={REGION: 1_200_000, ESF: 700},
    )
    # ESF came down, but not below what is committed from it.
    assert found == [Shortfall(REGION, 1_500_000, 1_000_000, 1_200_000)]
    assert found[0].claim == 200_000


def test_a_source_no_decision_grants_any_longer_is_claimed_in_full() -> None:
    (found,) = shortfalls(before={REGION: 400_000}, after={}, committed={REGION: 400_000})
    assert (found.granted, found.claim) == (0, 400_000)


def test_what_was_over_before_the_change_is_not_claimed_for_it() -> None:
    (found,) = shortfalls(
        before={REGION: 1_000_000}, after={REGION: 100_000}, committed={REGION: 1_100_000}
    )
    assert found.claim == 900_000


def test_a_grant_that_did_not_come_down_has_no_shortfall_even_when_over() -> None:
    committed = {REGION: 1_100_000}
    assert (
        shortfalls(before={REGION: 1_000_000}, after={REGION: 1_000_000}, committed=committed) == []
    )
    assert (
        shortfalls(before={REGION: 1_000_000}, after={REGION: 1_050_000}, committed=committed) == []
    )


def test_over_committed_names_each_source_paid_beyond_its_grant() -> None:
    assert over_committed({REGION: 1_000, ESF: 500}, {REGION: 1_100, ESF: 500}) == {
        REGION: (1_100, 1_000)
    }
    assert over_committed({}, {ESF: 1}) == {ESF: (1, 0)}
