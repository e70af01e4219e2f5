"""The step indicators of a spending report and a payment, and the next action per status and
role (`spending.lifecycle`). Pure: no database."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from spending.lifecycle import PAYMENT_ORDER, REPORT_STEP, payment_lifecycle, report_lifecycle
from spending.models import Payment, SpendingReport

SECRETARIAT = {"may_enter": True, "may_review": False, "submitted_it": False, "may_pay": False}
REGION = {"may_enter": False, "may_review": True, "submitted_it": False, "may_pay": True}


def _code(status: str, *, has_content: bool = True, **role: Any) -> str | None:
    action = report_lifecycle(status=status, has_content=has_content, **role).next_action
    return action.code if action else None


@pytest.mark.parametrize(
    ("status", "has_content", "role", "action"),
    [
        ("draft", False, SECRETARIAT, "add_line"),
        ("draft", True, SECRETARIAT, "submit"),
        ("returned", True, SECRETARIAT, "submit"),
        ("submitted", True, SECRETARIAT, None),
        ("accepted", True, SECRETARIAT, None),
        ("draft", True, REGION, None),
        ("submitted", True, REGION, "accept"),
        ("submitted", True, {**REGION, "submitted_it": True}, None),
        ("accepted", True, REGION, "propose_payment"),
    ],
)
def test_a_reports_next_action_follows_its_status_and_the_users_role(
    status: str, has_content: bool, role: dict[str, bool], action: str | None
) -> None:
    assert _code(status, has_content=has_content, **role) == action


def test_a_returned_report_goes_back_to_the_first_step_marked_with_the_return() -> None:
    with translation.override("da"):
        lifecycle = report_lifecycle(status="returned", has_content=True, **SECRETARIAT)
        current = lifecycle.current
        assert (current.number, current.error, current.note) == (
            1,
            True,
            "Sendt retur til rettelse",
        )
        assert current.label == "Trin 1 af 3, nuværende"


def test_who_submitted_a_report_is_told_that_another_person_accepts_it() -> None:
    lifecycle = report_lifecycle(
        status="submitted", has_content=True, **{**REGION, "submitted_it": True}
    )
    assert lifecycle.next_action is None
    assert "en anden person skal gennemgå" in lifecycle.waiting


@pytest.mark.parametrize(
    ("status", "manages", "proposed_it", "action"),
    [
        ("proposed", True, False, "authorise"),
        ("proposed", True, True, None),
        ("proposed", False, False, None),
        ("authorised", True, True, "mark_paid"),
        ("authorised", False, False, None),
        ("paid", True, False, None),
    ],
)
def test_a_payment_is_authorised_by_a_second_person_then_paid(
    status: str, manages: bool, proposed_it: bool, action: str | None
) -> None:
    lifecycle = payment_lifecycle(status=status, manages=manages, proposed_it=proposed_it)
    assert (lifecycle.next_action.code if lifecycle.next_action else None) == action
    assert lifecycle.current.number == PAYMENT_ORDER.index(status) + 1


def test_the_proposer_is_told_that_another_person_must_authorise() -> None:
    with translation.override("da"):
        lifecycle = payment_lifecycle(status="proposed", manages=True, proposed_it=True)
    assert (
        lifecycle.waiting == "Du har foreslået denne udbetaling: en anden person skal anvise den."
    )


def test_every_status_of_the_models_has_its_step() -> None:
    assert set(REPORT_STEP) == set(SpendingReport.Status.values)
    assert list(PAYMENT_ORDER) == list(Payment.Status.values)
