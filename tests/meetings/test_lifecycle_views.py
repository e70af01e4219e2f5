"""The meeting page's step indicator and its one primary button: the next step for staff,
the missing decisions before the minutes, nothing for the forum."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import ItemDecision, Meeting
from tests.factories import ForumMemberFactory, StaffFactory
from tests.meetings.test_views import client_for, meeting_with, page
from tests.primary import current_step, primary_buttons

pytestmark = pytest.mark.django_db

Status = Meeting.Status


@pytest.mark.parametrize(
    ("status", "testid", "step"),
    [
        (Status.PLANNING, "step-lock", "Trin 1 af 5, nuværende: Dagsorden under planlægning"),
        (Status.LOCKED, "step-publish", "Trin 2 af 5, nuværende: Dagsorden låst"),
        (Status.PUBLISHED, "step-hold", "Trin 3 af 5, nuværende: Dagsorden offentliggjort"),
    ],
)
def test_staff_see_where_the_meeting_stands_and_its_next_step_as_the_one_primary_button(
    status: str, testid: str, step: str
) -> None:
    html = page(client_for(StaffFactory.create()), meeting_with(2, status))
    assert [button.testid for button in primary_buttons(html)] == [testid]
    assert current_step(html) == step


def test_a_held_meeting_asks_for_the_first_missing_decision_not_the_minutes() -> None:
    meeting = meeting_with(3, Status.HELD)
    first, second, _third = meeting.items.order_by("order")
    staff = StaffFactory.create()
    services.decision_record(
        item=first,
        outcome=ItemDecision.Outcome.POSTPONED,
        text="",
        decided_on=datetime.date(2027, 3, 12),
        by=staff,
    )
    html = page(client_for(staff), meeting)
    [button] = primary_buttons(html)
    assert button.testid == "step-record_decisions"
    assert button.text == "Registrér beslutningerne (2 punkter mangler)"
    assert button.attrs["href"] == reverse("meetings:decision_record", args=[second.pk])
    assert "Godkend referatet" not in html
    assert "1 af 3 punkter har en beslutning" in html


def test_once_every_item_is_decided_approving_the_minutes_is_the_primary_button() -> None:
    meeting = meeting_with(2, Status.HELD)
    staff = StaffFactory.create()
    for item in meeting.items.all():
        services.decision_record(
            item=item,
            outcome=ItemDecision.Outcome.NOTED,
            text="",
            decided_on=datetime.date(2027, 3, 12),
            by=staff,
        )
    html = page(client_for(staff), meeting)
    [button] = primary_buttons(html)
    assert (button.testid, button.text) == ("step-approve_minutes", "Godkend referatet")
    assert button.attrs["href"] == reverse(
        "meetings:meeting_step", args=[meeting.pk, "approve_minutes"]
    )


def test_approved_minutes_end_the_steps_with_no_primary_button() -> None:
    html = page(client_for(StaffFactory.create()), meeting_with(1, Status.MINUTES_APPROVED))
    assert primary_buttons(html) == []
    assert current_step(html) == "Trin 5 af 5, nuværende: Referat godkendt"


def test_forum_members_follow_the_steps_without_buttons() -> None:
    html = page(client_for(ForumMemberFactory.create()), meeting_with(1, Status.PUBLISHED))
    assert primary_buttons(html) == []
    assert current_step(html) == "Trin 3 af 5, nuværende: Dagsorden offentliggjort"
