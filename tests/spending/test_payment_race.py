"""Two authorisations at the same time cannot together pay more than was granted.

Each authorisation runs in its own thread with its own connection, as two requests would. The
first is held open inside its transaction (having locked the project's row and written its
payment) until the second is seen waiting for that lock; then it commits, and the second,
checking the ceiling only once it has the lock, sees the first one's payment and is refused.
On SQLite a write transaction takes the database's write lock when it begins, which serialises
the two the same way.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from spending.models import Payment
from spending.services import payments
from tests.spending.world import build_world
from tests.test_concurrent_writes import WAIT, _until_waiting

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_authorisations_at_once_cannot_overpay() -> None:
    world = build_world()
    # Each is within the 900.000 payable before the final report; both together are not
    # (they would reach the 1.000.000 granted, into the 10 % held back).
    first, second = (
        payments.payment_propose(
            project=world.project,
            funding_source=world.source,
            kind="advance",
            amount=500_000,
            dated=datetime.date(2017, 9, 1),
            by=world.staff,
        )
        for _ in range(2)
    )
    outcomes: dict[str, object] = {}
    first_done, commit = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                outcomes["first"] = payments.payment_authorise(payment=first, by=world.other_staff)
                first_done.set()
                assert commit.wait(WAIT)
        except BaseException as exc:  # pragma: no cover - reported below
            outcomes["first"] = exc
            first_done.set()
        finally:
            connection.close()

    def race() -> None:
        try:
            outcomes["second"] = payments.payment_authorise(payment=second, by=world.admin)
        except BaseException as exc:
            outcomes["second"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=hold)
    one.start()
    assert first_done.wait(WAIT)
    assert isinstance(outcomes["first"], Payment), outcomes["first"]
    two = threading.Thread(target=race)
    two.start()
    try:
        _until_waiting(two)
    finally:
        commit.set()
        one.join(WAIT)
        two.join(WAIT)
    assert not one.is_alive() and not two.is_alive()
    refusal = outcomes["second"]
    assert isinstance(refusal, ValidationError), refusal
    assert refusal.code == "held_back"
    statuses = sorted(Payment.objects.values_list("status", flat=True))
    assert statuses == ["authorised", "proposed"]
    assert payments.committed(world.project.pk, world.source.pk) == 500_000


def test_a_crowd_of_authorisations_pays_no_more_than_the_ceiling() -> None:
    world = build_world()
    proposals = [
        payments.payment_propose(
            project=world.project,
            funding_source=world.source,
            kind="advance",
            amount=250_000,
            dated=datetime.date(2017, 9, 1),
            by=world.staff,
        )
        for _ in range(6)
    ]
    start = threading.Barrier(len(proposals))
    errors: list[BaseException] = []

    def authorise(payment: Payment) -> None:
        try:
            start.wait(WAIT)
            payments.payment_authorise(payment=payment, by=world.other_staff)
        except ValidationError:
            pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=authorise, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not errors, errors
    # 900.000 payable: three of 250.000 fit, a fourth would not.
    assert Payment.objects.filter(status="authorised").count() == 3
    assert payments.committed(world.project.pk, world.source.pk) == 750_000
