"""A meeting's decision on an item dates what it decides: the grant decision gets the decision's
date with its new status, and the case the meeting's date, so that the decision page, the case
page, the case PDF and the meeting's agenda pack no longer say "–"."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from grants.models import Case, GrantDecision
from meetings import services
from meetings.models import ItemDecision, Meeting
from meetings.pack import agenda_pack
from tests.factories import StaffFactory
from tests.grants.cases.test_case_pdf import flat, pdf_text
from tests.meetings.factories import MeetingFactory, balanced_case

pytestmark = pytest.mark.django_db

Outcome = ItemDecision.Outcome
SHOWN = "12. marts 2027"  # MeetingFactory's date, as the pages and PDFs print it


def held_meeting() -> tuple[Meeting, Case]:
    meeting = MeetingFactory.create()
    case = balanced_case(title="Grøn omstilling")
    services.item_add(meeting=meeting, case=case, by=StaffFactory.create())
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    assert case.meeting_date is None
    assert GrantDecision.objects.get(cases=case).decided_on is None
    return meeting, case


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("outcome", [Outcome.APPROVED, Outcome.REJECTED])
def test_a_meetings_decision_shows_its_date_on_the_decision_the_case_and_its_pdfs(
    outcome: str, tmp_path: Path
) -> None:
    meeting, case = held_meeting()
    staff = StaffFactory.create()
    services.decision_record(
        item=meeting.items.get(), outcome=outcome, text="", decided_on=meeting.date, by=staff
    )
    decision = GrantDecision.objects.get(cases=case)
    case.refresh_from_db()
    assert decision.decided_on == meeting.date
    assert case.meeting_date == meeting.date
    latest = case.history.order_by("-history_id").first()
    assert latest is not None
    assert (latest.history_user_id, latest.history_change_reason) == (
        staff.pk,
        "Vækstforum, møde 12.03.2027, punkt 1",
    )

    client = Client()
    client.force_login(staff)
    assert f"<dt>Dato</dt><dd>{SHOWN}</dd>" in page_text(client, decision.get_absolute_url())
    assert f"<dt>Mødedato</dt><dd>{SHOWN}</dd>" in page_text(client, case.get_absolute_url())
    response = client.get(reverse("grants:case_pdf", args=[case.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    assert f"Mødedato {SHOWN}" in flat(pdf_text(content, tmp_path))
    assert f"Mødedato {SHOWN}" in flat(pdf_text(agenda_pack(meeting, closed=True), tmp_path))


@pytest.mark.parametrize("outcome", [Outcome.POSTPONED, Outcome.NOTED])
def test_an_outcome_that_decides_nothing_dates_nothing(outcome: str) -> None:
    meeting, case = held_meeting()
    services.decision_record(
        item=meeting.items.get(),
        outcome=outcome,
        text="",
        decided_on=meeting.date,
        by=StaffFactory.create(),
    )
    case.refresh_from_db()
    assert case.meeting_date is None
    assert GrantDecision.objects.get(cases=case).decided_on is None


def test_the_grant_decision_takes_the_recorded_date_and_the_case_the_meetings() -> None:
    meeting, case = held_meeting()
    later = meeting.date + datetime.timedelta(days=1)
    staff = StaffFactory.create()
    item = meeting.items.get()
    services.decision_record(
        item=item, outcome=Outcome.REJECTED, text="", decided_on=later, by=staff
    )
    case.refresh_from_db()
    assert GrantDecision.objects.get(cases=case).decided_on == later
    assert case.meeting_date == meeting.date
    # A correction of the date, with the same effect, dates the decision again.
    services.decision_record(
        item=item, outcome=Outcome.REJECTED, text="", decided_on=meeting.date, by=staff
    )
    assert GrantDecision.objects.get(cases=case).decided_on == meeting.date
