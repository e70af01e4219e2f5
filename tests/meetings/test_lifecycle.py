"""A meeting's step indicator and next action, per status and role (`meetings.lifecycle`).
Pure: no database, except where the lifecycle is held against the model and the service."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.steps import State
from meetings.lifecycle import NEXT_STEP, ORDER, meeting_lifecycle
from meetings.models import Meeting
from meetings.services import STEPS


@pytest.mark.parametrize(
    ("status", "undecided", "action"),
    [
        ("planning", 0, "lock"),
        ("locked", 0, "publish"),
        ("published", 0, "hold"),
        ("held", 2, "record_decisions"),
        ("held", 0, "approve_minutes"),
        ("minutes_approved", 0, None),
    ],
)
def test_staff_are_offered_the_next_step_and_decisions_before_the_minutes(
    status: str, undecided: int, action: str | None
) -> None:
    lifecycle = meeting_lifecycle(status=status, items=3, undecided=undecided, manages=True)
    assert (lifecycle.next_action.code if lifecycle.next_action else None) == action
    assert lifecycle.current.number == ORDER.index(status) + 1


def test_a_held_meeting_with_undecided_items_asks_for_their_decisions_by_count() -> None:
    with translation.override("da"):
        lifecycle = meeting_lifecycle(status="held", items=3, undecided=2, manages=True)
        assert lifecycle.next_action is not None
        assert lifecycle.next_action.label == "Registrér beslutningerne (2 punkter mangler)"
        assert lifecycle.current.note == "1 af 3 punkter har en beslutning"
        assert lifecycle.current.label == "Trin 4 af 5, nuværende"


def test_once_every_item_is_decided_the_next_action_is_approving_the_minutes() -> None:
    with translation.override("da"):
        lifecycle = meeting_lifecycle(status="held", items=3, undecided=0, manages=True)
    assert lifecycle.next_action is not None
    assert lifecycle.next_action.label == "Godkend referatet"
    assert [step.state for step in lifecycle.steps] == [
        State.DONE,
        State.DONE,
        State.DONE,
        State.CURRENT,
        State.TO_COME,
    ]


def test_forum_members_follow_the_steps_but_are_offered_no_action() -> None:
    lifecycle = meeting_lifecycle(status="published", items=0, undecided=0, manages=False)
    assert lifecycle.next_action is None
    assert lifecycle.current.number == 3


def test_the_steps_are_the_models_statuses_and_the_actions_the_services_steps() -> None:
    assert list(ORDER) == list(Meeting.Status.values)
    assert {before: step for step, (before, _after) in STEPS.items()} == NEXT_STEP
