"""Two letters written at the same time get two numbers: the second waits for the decision's
row, which the first holds locked until it commits, and numbers after it.

Each write runs in its own thread with its own connection, as two requests would. On SQLite a
write transaction takes the database's write lock when it begins, which serialises the two the
same way.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from applications.models import GrantLetter
from applications.services import letters as services
from tests.applications.letter_helpers import approved_decision
from tests.factories import ProjectFactory, StaffFactory
from tests.test_concurrent_writes import WAIT, _until_waiting

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_letters_written_at_once_get_the_next_two_numbers() -> None:
    staff, other = StaffFactory.create(), StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    outcomes: dict[str, object] = {}
    first_done, commit = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                outcomes["first"] = services.letter_write(decision=decision, by=staff)
                first_done.set()
                assert commit.wait(WAIT)
        except BaseException as exc:  # pragma: no cover - reported below
            outcomes["first"] = exc
            first_done.set()
        finally:
            connection.close()

    def race() -> None:
        try:
            outcomes["second"] = services.letter_write(decision=decision, by=other)
        except BaseException as exc:  # pragma: no cover - reported below
            outcomes["second"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=hold)
    one.start()
    assert first_done.wait(WAIT)
    two = threading.Thread(target=race)
    two.start()
    try:
        _until_waiting(two)
    finally:
        commit.set()
        one.join(WAIT)
        two.join(WAIT)
    assert not one.is_alive() and not two.is_alive()
    first, second = outcomes["first"], outcomes["second"]
    assert isinstance(first, GrantLetter), first
    assert isinstance(second, GrantLetter), second
    assert (first.number, second.number) == (1, 2)
