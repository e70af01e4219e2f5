"""A reported value's step indicator and next action (`progress.lifecycle`). Pure: no database."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.steps import State
from progress.lifecycle import STEP, reported_lifecycle
from progress.models import ReportedValue


@pytest.mark.parametrize(
    ("status", "may_decide", "reported_it", "may_report", "action"),
    [
        ("submitted", True, False, False, "approve"),
        ("submitted", True, True, False, None),
        ("submitted", False, False, True, None),
        ("returned", False, False, True, "report_again"),
        ("returned", True, False, False, None),
        ("approved", True, False, True, None),
    ],
)
def test_a_values_next_action_follows_its_status_and_the_users_role(
    status: str, may_decide: bool, reported_it: bool, may_report: bool, action: str | None
) -> None:
    lifecycle = reported_lifecycle(
        status=status, may_decide=may_decide, reported_it=reported_it, may_report=may_report
    )
    assert (lifecycle.next_action.code if lifecycle.next_action else None) == action


def test_a_returned_value_stops_at_the_approval_marked_and_says_what_follows() -> None:
    with translation.override("da"):
        lifecycle = reported_lifecycle(
            status="returned", may_decide=False, reported_it=False, may_report=True
        )
        assert (lifecycle.current.number, lifecycle.current.error) == (2, True)
        assert lifecycle.current.note == "Sendt retur: indberet værdien igen"


def test_an_approved_value_has_every_step_behind_it_but_the_last() -> None:
    lifecycle = reported_lifecycle(
        status="approved", may_decide=True, reported_it=False, may_report=True
    )
    assert [step.state for step in lifecycle.steps] == [State.DONE, State.DONE, State.CURRENT]


def test_every_status_of_the_model_has_its_step() -> None:
    assert set(STEP) == set(ReportedValue.Status.values)
