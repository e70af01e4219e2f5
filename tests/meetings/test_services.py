"""The meeting's rules: the agenda changes only in planning, the steps come in order, a case
with open consistency findings stays off a locked agenda, and the decision on an item sets the
case's grant decisions' status with the meeting as the reason in their history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from grants.cases.checks import finding_acknowledge, open_findings
from grants.models import FindingAcknowledgement, GrantDecision
from meetings import services
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.wording import item_recommendation
from tests.factories import DecisionBodyFactory, StaffFactory
from tests.meetings.factories import MeetingFactory, balanced_case, unbalanced_case

pytestmark = pytest.mark.django_db

Status = Meeting.Status
Outcome = ItemDecision.Outcome
DAY = datetime.date(2027, 3, 12)


def codes(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str | None]:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def meeting_with(n: int, status: str = Status.PLANNING) -> Meeting:
    meeting = MeetingFactory.create()
    for index in range(n):
        services.item_add(
            meeting=meeting, case=balanced_case(title=f"Sag {index + 1}"), by=StaffFactory.create()
        )
    if status != Status.PLANNING:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
    return meeting


def numbers_and_titles(meeting: Meeting) -> list[tuple[int, str]]:
    return [
        (item.number, item.case.title)
        for item in meeting.items.select_related("case").order_by("order")
    ]


# Wording ------------------------------------------------------------------------------------


def test_one_recommendation_sentence_reads_as_one_sentence() -> None:
    assert (
        item_recommendation(["at der bevilges i alt 1 mio. kr. i 2027"])
        == "Regional Udvikling indstiller, at der bevilges i alt 1 mio. kr. i 2027."
    )


def test_several_sentences_are_listed_and_none_gives_no_text() -> None:
    text = item_recommendation(["at a", "at b"])
    assert text == "Regional Udvikling indstiller,\n\n- at a,\n- at b."
    assert item_recommendation([]) == ""
    assert item_recommendation(["  "]) == ""


# The agenda in planning ----------------------------------------------------------------------


def test_items_are_numbered_in_order_and_take_the_cases_recommendation() -> None:
    meeting = meeting_with(3)
    assert numbers_and_titles(meeting) == [(1, "Sag 1"), (2, "Sag 2"), (3, "Sag 3")]
    item = meeting.items.get(number=1)
    assert item.recommendation == (
        "Regional Udvikling indstiller, at der af de regionale erhvervsudviklingsmidler "
        "bevilges i alt 1 mio. kr. i 2027."
    )
    assert not item.supplementary


def test_moving_swaps_neighbours_and_refuses_past_either_end() -> None:
    meeting = meeting_with(3)
    third = meeting.items.get(number=3)
    services.item_move(item=third, up=True, by=StaffFactory.create())
    assert numbers_and_titles(meeting) == [(1, "Sag 1"), (2, "Sag 3"), (3, "Sag 2")]
    first = meeting.items.get(number=1)
    with pytest.raises(ValidationError) as up:
        services.item_move(item=first, up=True, by=StaffFactory.create())
    assert codes(up) == {"at_end"}
    last = meeting.items.get(number=3)
    with pytest.raises(ValidationError):
        services.item_move(item=last, up=False, by=StaffFactory.create())
    assert numbers_and_titles(meeting) == [(1, "Sag 1"), (2, "Sag 3"), (3, "Sag 2")]


def test_removing_an_item_renumbers_the_rest() -> None:
    meeting = meeting_with(3)
    services.item_remove(item=meeting.items.get(number=1), by=StaffFactory.create())
    assert numbers_and_titles(meeting) == [(1, "Sag 2"), (2, "Sag 3")]


def test_a_case_goes_on_an_agenda_once() -> None:
    meeting = meeting_with(1)
    case = meeting.items.get().case
    with pytest.raises(ValidationError) as excinfo:
        services.item_add(meeting=meeting, case=case, by=StaffFactory.create())
    assert codes(excinfo) == {"duplicate"}
    assert meeting.items.count() == 1


def test_a_supplementary_item_is_refused_before_the_agenda_is_locked() -> None:
    meeting = meeting_with(0)
    with pytest.raises(ValidationError) as excinfo:
        services.item_add(
            meeting=meeting, case=balanced_case(), supplementary=True, by=StaffFactory.create()
        )
    assert codes(excinfo) == {"not_locked"}
    assert not meeting.items.exists()


# Locking and the findings gate ---------------------------------------------------------------


def test_locking_freezes_the_agenda() -> None:
    meeting = meeting_with(2)
    services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())
    item = meeting.items.get(number=1)
    for attempt in (
        lambda: services.item_move(item=item, up=False, by=StaffFactory.create()),
        lambda: services.item_remove(item=item, by=StaffFactory.create()),
        lambda: services.item_add(meeting=meeting, case=balanced_case(), by=StaffFactory.create()),
    ):
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert codes(excinfo) == {"agenda_locked"}
    assert numbers_and_titles(meeting) == [(1, "Sag 1"), (2, "Sag 2")]


def test_a_locked_agenda_takes_a_supplementary_item_last() -> None:
    meeting = meeting_with(2, status=Status.LOCKED)
    item = services.item_add(
        meeting=meeting,
        case=balanced_case(title="Ekstra"),
        supplementary=True,
        by=StaffFactory.create(),
    )
    assert (item.number, item.supplementary) == (3, True)


def test_an_empty_agenda_cannot_be_locked() -> None:
    meeting = meeting_with(0)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())
    assert codes(excinfo) == {"empty_agenda"}


def test_a_case_with_open_findings_stops_the_lock_until_they_are_acknowledged() -> None:
    meeting = meeting_with(1)
    skewed = unbalanced_case(title="Skæv sag")
    services.item_add(
        meeting=meeting, case=skewed, by=StaffFactory.create()
    )  # in planning it may wait for its fix
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())
    assert codes(excinfo) == {"open_findings"}
    assert "Skæv sag" in excinfo.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == Status.PLANNING
    staff = StaffFactory.create()
    for finding in open_findings(skewed):
        finding_acknowledge(case=skewed, key=finding.key, by=staff)
    services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())
    assert Meeting.objects.get(pk=meeting.pk).status == Status.LOCKED


def test_a_supplementary_case_with_open_findings_is_refused() -> None:
    meeting = meeting_with(1, status=Status.LOCKED)
    with pytest.raises(ValidationError) as excinfo:
        services.item_add(
            meeting=meeting, case=unbalanced_case(), supplementary=True, by=StaffFactory.create()
        )
    assert codes(excinfo) == {"open_findings"}
    assert meeting.items.count() == 1


def test_a_changed_finding_is_open_again_and_blocks_the_lock() -> None:
    meeting = meeting_with(0)
    skewed = unbalanced_case()
    services.item_add(meeting=meeting, case=skewed, by=StaffFactory.create())
    staff = StaffFactory.create()
    for finding in open_findings(skewed):
        finding_acknowledge(case=skewed, key=finding.key, by=staff)
    assert FindingAcknowledgement.objects.filter(case=skewed).exists()
    skewed.decisions.get().recommendations.update(amount=3_000_000)
    with pytest.raises(ValidationError):
        services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())


def test_locking_takes_the_recommendation_as_it_is_then() -> None:
    meeting = meeting_with(1)
    item = meeting.items.get()
    item.case.decisions.get().recommendations.update(amount=1_000_000)
    AgendaItem.objects.filter(pk=item.pk).update(recommendation="stale")
    services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())
    assert "1 mio. kr." in AgendaItem.objects.get(pk=item.pk).recommendation


# The steps in order ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.PLANNING, "publish"),
        (Status.PLANNING, "hold"),
        (Status.LOCKED, "lock"),
        (Status.LOCKED, "approve_minutes"),
        (Status.PUBLISHED, "lock"),
        (Status.HELD, "publish"),
        (Status.MINUTES_APPROVED, "hold"),
    ],
)
def test_a_step_out_of_order_is_refused(status: str, step: str) -> None:
    meeting = meeting_with(1, status=status)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_step(meeting=meeting, step=step, by=StaffFactory.create())
    assert codes(excinfo) == {"wrong_status"}
    assert Meeting.objects.get(pk=meeting.pk).status == status


def test_an_unknown_step_is_refused() -> None:
    meeting = meeting_with(1)
    with pytest.raises(ValidationError):
        services.meeting_step(meeting=meeting, step="dance", by=StaffFactory.create())


def test_the_steps_run_from_planning_to_approved_minutes() -> None:
    meeting = meeting_with(1)
    staff = StaffFactory.create()
    for step, status in [
        ("lock", Status.LOCKED),
        ("publish", Status.PUBLISHED),
        ("hold", Status.HELD),
    ]:
        meeting = services.meeting_step(meeting=meeting, step=step, by=StaffFactory.create())
        assert meeting.status == status
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_step(meeting=meeting, step="approve_minutes", by=StaffFactory.create())
    assert codes(excinfo) == {"undecided"}
    item = meeting.items.get()
    services.decision_record(item=item, outcome=Outcome.NOTED, text="", decided_on=DAY, by=staff)
    meeting = services.meeting_step(
        meeting=meeting, step="approve_minutes", by=StaffFactory.create()
    )
    assert meeting.status == Status.MINUTES_APPROVED
    assert [h.status for h in meeting.history.order_by("history_id")][-1] == "minutes_approved"


def test_forum_date_and_place_cannot_change_once_held() -> None:
    meeting = meeting_with(1, status=Status.HELD)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_update(
            meeting=meeting, fields={"place": "Aarhus"}, by=StaffFactory.create()
        )
    assert codes(excinfo) == {"held"}
    assert Meeting.objects.get(pk=meeting.pk).place != "Aarhus"


# Decisions and the grant decisions ----------------------------------------------------------


def decision_of(item: AgendaItem) -> GrantDecision:
    return GrantDecision.objects.get(cases=item.case)


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (Outcome.APPROVED, GrantDecision.Status.APPROVED),
        (Outcome.APPROVED_WITH_CHANGES, GrantDecision.Status.APPROVED),
        (Outcome.REJECTED, GrantDecision.Status.REJECTED),
        (Outcome.POSTPONED, GrantDecision.Status.RECOMMENDED),
        (Outcome.NOTED, GrantDecision.Status.RECOMMENDED),
    ],
)
def test_the_outcome_sets_the_grant_decisions_status(outcome: str, status: str) -> None:
    meeting = meeting_with(1, status=Status.HELD)
    item = meeting.items.get()
    staff = StaffFactory.create()
    services.decision_record(item=item, outcome=outcome, text="Tekst", decided_on=DAY, by=staff)
    decision = decision_of(item)
    assert decision.status == status
    latest = decision.history.order_by("-history_id").first()
    assert latest is not None
    if status != GrantDecision.Status.RECOMMENDED:
        assert latest.history_change_reason == "Vækstforum, møde 12.03.2027, punkt 1"
        assert latest.history_user_id == staff.pk
    else:
        assert latest.history_change_reason in (None, "")


def test_only_the_forums_own_decisions_change() -> None:
    meeting = MeetingFactory.create()
    case = balanced_case(body=DecisionBodyFactory.create(name="Regionsrådet (test)"))
    services.item_add(meeting=meeting, case=case, by=StaffFactory.create())
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.HELD)
    services.decision_record(
        item=meeting.items.get(),
        outcome=Outcome.APPROVED,
        text="",
        decided_on=DAY,
        by=StaffFactory.create(),
    )
    assert GrantDecision.objects.get(cases=case).status == GrantDecision.Status.RECOMMENDED


def test_an_unapprovable_grant_decision_refuses_the_whole_record() -> None:
    meeting = meeting_with(1, status=Status.HELD)
    item = meeting.items.get()
    decision_of(item).financing_lines.update(amount=1)  # no longer balances
    with pytest.raises(ValidationError):
        services.decision_record(
            item=item,
            outcome=Outcome.APPROVED,
            text="",
            decided_on=DAY,
            by=StaffFactory.create(),
        )
    assert not ItemDecision.objects.exists()
    assert decision_of(item).status == GrantDecision.Status.RECOMMENDED


@pytest.mark.parametrize("status", [Status.PLANNING, Status.PUBLISHED, Status.MINUTES_APPROVED])
def test_decisions_are_recorded_only_while_the_meeting_is_held(status: str) -> None:
    meeting = meeting_with(1, status=status)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            item=meeting.items.get(),
            outcome=Outcome.NOTED,
            text="",
            decided_on=DAY,
            by=StaffFactory.create(),
        )
    assert codes(excinfo) == {"wrong_status"}
    assert not ItemDecision.objects.exists()


def test_an_item_for_information_is_only_noted() -> None:
    meeting = meeting_with(1, status=Status.HELD)
    item = meeting.items.get()
    AgendaItem.objects.filter(pk=item.pk).update(kind=AgendaItem.Kind.INFORMATION)
    item.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            item=item, outcome=Outcome.APPROVED, text="", decided_on=DAY, by=StaffFactory.create()
        )
    assert codes(excinfo) == {"information"}
    assert decision_of(item).status == GrantDecision.Status.RECOMMENDED


def test_an_unknown_outcome_is_refused() -> None:
    meeting = meeting_with(1, status=Status.HELD)
    with pytest.raises(ValidationError):
        services.decision_record(
            item=meeting.items.get(),
            outcome="maybe",
            text="",
            decided_on=DAY,
            by=StaffFactory.create(),
        )


def test_a_correction_may_not_undo_what_the_first_record_did() -> None:
    meeting = meeting_with(1, status=Status.HELD)
    item = meeting.items.get()
    staff = StaffFactory.create()
    services.decision_record(item=item, outcome=Outcome.APPROVED, text="", decided_on=DAY, by=staff)
    services.decision_record(
        item=item, outcome=Outcome.APPROVED_WITH_CHANGES, text="Ændret", decided_on=DAY, by=staff
    )
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            item=item, outcome=Outcome.REJECTED, text="", decided_on=DAY, by=staff
        )
    assert codes(excinfo) == {"outcome_changes_effect"}
    record = ItemDecision.objects.get(item=item)
    assert (record.outcome, record.text) == (Outcome.APPROVED_WITH_CHANGES, "Ændret")
    assert decision_of(item).status == GrantDecision.Status.APPROVED
