"""A grid save that lowers a grant and a payment's authorisation at the same moment cannot both
pass: whichever comes second is refused, so authorised never ends above granted.

Both take the project's row lock first (`grants.ceiling.lock_project`). The first is held open
inside its transaction until the second is seen waiting for that lock (on PostgreSQL in
`pg_stat_activity`; on SQLite for the write lock); then it commits, and the second, checking
only once it has the lock, sees the first one's write.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from grants.models import FinancingLine, GrantDecision
from grants.services import decision_save_lines
from spending.models import Payment
from spending.services import payments
from spending.services.ceiling import committed_by_source
from tests.factories import BudgetLineFactory, DecisionFactory, FinancingLineFactory
from tests.spending.world import World, build_world
from tests.test_concurrent_writes import WAIT, _until_waiting

pytestmark = pytest.mark.django_db(transaction=True)


def _world_with_a_proposal() -> tuple[World, GrantDecision, Payment]:
    """1.000.000 approved and a recommended top-up of 500.000; 1.200.000 proposed."""
    world = build_world()
    top_up = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.TOP_UP,
        first_year=2018,
        last_year=2018,
        status=GrantDecision.Status.RECOMMENDED,
    )
    BudgetLineFactory.create(decision=top_up, effort_area=world.area, year=2018, amount=500_000)
    FinancingLineFactory.create(
        decision=top_up, funding_source=world.source, year=2018, amount=500_000
    )
    proposal = payments.payment_propose(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=1_200_000,
        dated=datetime.date(2018, 3, 1),
        by=world.staff,
    )
    return world, top_up, proposal


def _race(first: Callable[[], object], second: Callable[[], object]) -> dict[str, object]:
    """Run `first` held open in its transaction until `second` waits for it; their outcomes."""
    outcomes: dict[str, object] = {}
    first_done, commit = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                outcomes["first"] = first()
                first_done.set()
                assert commit.wait(WAIT)
        except BaseException as exc:  # pragma: no cover - reported below
            outcomes["first"] = exc
            first_done.set()
        finally:
            connection.close()

    def race() -> None:
        try:
            outcomes["second"] = second()
        except BaseException as exc:
            outcomes["second"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=hold)
    one.start()
    assert first_done.wait(WAIT)
    assert not isinstance(outcomes["first"], BaseException), outcomes["first"]
    two = threading.Thread(target=race)
    two.start()
    try:
        _until_waiting(two)
    finally:
        commit.set()
        one.join(WAIT)
        two.join(WAIT)
    assert not one.is_alive() and not two.is_alive()
    return outcomes


def test_an_authorisation_waiting_for_a_lowering_grid_save_is_refused() -> None:
    world, top_up, proposal = _world_with_a_proposal()

    def lower() -> object:
        return decision_save_lines(
            decision=top_up,
            budget={(world.area.pk, 2018): None},
            financing={(world.source.pk, 2018): None},
            confirm_empty=True,
            by=world.staff,
        )

    outcomes = _race(lower, lambda: payments.payment_authorise(payment=proposal, by=world.admin))

    refusal = outcomes["second"]
    assert isinstance(refusal, ValidationError), refusal
    assert refusal.code == "over_grant"
    assert not FinancingLine.objects.filter(decision=top_up).exists()
    assert committed_by_source(world.project.pk) == {}


def test_a_lowering_grid_save_waiting_for_an_authorisation_is_refused() -> None:
    world, top_up, proposal = _world_with_a_proposal()

    def lower() -> object:
        return decision_save_lines(
            decision=top_up,
            budget={(world.area.pk, 2018): None},
            financing={(world.source.pk, 2018): None},
            confirm_empty=True,
            by=world.staff,
        )

    outcomes = _race(lambda: payments.payment_authorise(payment=proposal, by=world.admin), lower)

    refusal = outcomes["second"]
    assert isinstance(refusal, ValidationError), refusal
    assert [e.code for e in refusal.error_list] == ["below_payments"]
    assert list(FinancingLine.objects.filter(decision=top_up).values_list("amount", flat=True)) == [
        500_000
    ]
    assert committed_by_source(world.project.pk) == {world.source.pk: 1_200_000}
