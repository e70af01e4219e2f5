"""The minutes and the agenda as a Danish reader reads them: the meeting's decision is a
"Beslutning", a recommendation's points are a real list in one unit, dates are written out,
and the files carry Danish names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from grants.models import Recommendation
from jobs.registry import JobContext, get_kind
from meetings import services
from meetings.minutes import minutes_pdf
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.pack import agenda_pack
from meetings.wording import recommendation_parts
from tests.factories import FundingSourceFactory, StaffFactory
from tests.grants.cases.test_case_pdf import pdf_text
from tests.meetings.factories import MeetingFactory, balanced_case

pytestmark = pytest.mark.django_db


def two_point_meeting() -> tuple[Meeting, AgendaItem]:
    """A meeting with one item whose case recommends 450.000 kr. and 900.000 kr."""
    meeting = MeetingFactory.create(place="Regionshuset Viborg")
    case = balanced_case(title="Grøn vækst i Skive", amount=1_350_000)
    decision = case.decisions.get()
    Recommendation.objects.filter(decision=decision).update(amount=450_000)
    Recommendation.objects.create(
        decision=decision,
        funding_source=FundingSourceFactory.create(recommendation_phrase="EU's Socialfond"),
        amount=900_000,
        first_year=2027,
        last_year=2027,
    )
    item = services.item_add(meeting=meeting, case=case, by=StaffFactory.create())
    return meeting, item


def held_with(meeting: Meeting, outcome: str, text: str = "") -> None:
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    for item in meeting.items.all():
        services.decision_record(
            item=item, outcome=outcome, text=text, decided_on=meeting.date, by=StaffFactory.create()
        )


def test_a_recommendation_with_several_points_is_stored_as_points_in_one_unit() -> None:
    _meeting, item = two_point_meeting()
    parts = recommendation_parts(item.recommendation)
    assert parts.lead == "Regional Udvikling indstiller,"
    assert len(parts.points) == 2
    assert all(point.startswith("at der af ") for point in parts.points)
    assert "450.000 kr." in parts.points[0] and parts.points[0].endswith(",")
    assert "900.000 kr." in parts.points[1] and parts.points[1].endswith(".")
    assert "mio. kr." not in item.recommendation  # never 450.000 kr. beside 0,9 mio. kr.
    assert "i 2027" in parts.points[0] and "2027–2027" not in item.recommendation


def test_a_hand_typed_recommendation_without_points_is_all_lead() -> None:
    parts = recommendation_parts("Regional Udvikling indstiller, at sagen tages til efterretning.")
    assert parts.points == ()
    assert parts.lead.endswith("til efterretning.")


def test_the_minutes_say_beslutning_and_list_the_points(tmp_path: Path) -> None:
    meeting, _item = two_point_meeting()
    held_with(meeting, ItemDecision.Outcome.POSTPONED, "Sagen genoptages på næste møde.")
    text = " ".join(pdf_text(minutes_pdf(meeting, closed=False), tmp_path).split())
    assert re.search(r"Beslutning Udsat \(12\. marts 2027\)", text), text
    assert not re.search(r"Bevilling:? Udsat", text)
    assert "Indstilling Regional Udvikling indstiller," in text
    # A real list: bullets, not the stored "- " marks.
    assert "- at der" not in text
    assert re.search(
        r"• at der af de regionale erhvervsudviklingsmidler bevilges i alt 450\.000 kr\.", text
    )
    assert re.search(r"• at der af EU's Socialfond bevilges i alt 900\.000 kr\. i 2027\.", text)
    assert "Vækstforum · 12. marts 2027 · Regionshuset Viborg" in text
    assert "Udkast: referatet er endnu ikke godkendt" in text
    assert "2027-03-12" not in text and "12.03.2027" not in text


def test_the_meeting_page_heads_the_decision_column_beslutning(staff_client: Client) -> None:
    meeting, _item = two_point_meeting()
    held_with(meeting, ItemDecision.Outcome.APPROVED)
    page = staff_client.get(meeting.get_absolute_url()).content.decode()
    assert '<th scope="col">Beslutning</th>' in page
    assert '<th scope="col">Bevilling</th>' not in page
    assert '<ul class="recommendation-points"><li>at der af' in page
    assert "- at der" not in page


def test_the_agenda_pack_cover_writes_the_date_out(tmp_path: Path) -> None:
    meeting, _item = two_point_meeting()
    text = " ".join(pdf_text(agenda_pack(meeting, closed=True), tmp_path).split())
    assert "Dato 12. marts 2027" in text
    assert "Grøn vækst i Skive" in text


@pytest.mark.parametrize(
    ("code", "closed", "name"),
    [
        ("agenda_pack", False, "dagsorden-vækstforum-2027-03-12.pdf"),
        ("agenda_pack", True, "dagsorden-vækstforum-med-lukkede-punkter-2027-03-12.pdf"),
        ("minutes", False, "referat-vækstforum-2027-03-12.pdf"),
        ("minutes", True, "referat-vækstforum-med-lukkede-punkter-2027-03-12.pdf"),
    ],
)
def test_the_agenda_and_minutes_files_have_danish_names(code: str, closed: bool, name: str) -> None:
    meeting, _item = two_point_meeting()
    if code == "minutes":
        held_with(meeting, ItemDecision.Outcome.APPROVED)
    kind = get_kind(code)
    assert kind is not None
    params = {"meeting": meeting.pk, "closed": int(closed)}
    result = kind.run(JobContext(params, StaffFactory.create(), lambda *_: None))
    assert result.filename == name
