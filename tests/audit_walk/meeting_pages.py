"""Scenarios of the meetings and progress pages: Vækstforum's meetings, agenda and decisions
(the region's staff), targets and the values a project reports (secretariat, then region)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.grants import vaekstforum
from grants.models import Case, GrantDecision, Target
from meetings import services as meetings
from meetings.models import AgendaItem, ItemDecision, Meeting
from progress.models import ReportedValue
from tests.audit_walk.harness import Walk, scenario
from tests.meetings.factories import MeetingFactory, balanced_case

STAFF = "regional"


@scenario(actor=STAFF, posts=["meetings:meeting_create"], writes=["meetings.Meeting"])
def meeting_created(w: Walk) -> None:
    url = reverse("meetings:meeting_create")
    data = w.form(url)
    data.update(forum=str(vaekstforum().pk), date="2027-06-18", place="Regionshuset Viborg")
    w.post(url, data)
    assert Meeting.objects.filter(date=datetime.date(2027, 6, 18)).exists()


@scenario(actor=STAFF, posts=["meetings:meeting_update"], writes=["meetings.Meeting"])
def meeting_changed(w: Walk) -> None:
    url = reverse("meetings:meeting_update", args=[w.ids["meeting"]])
    data = w.form(url)
    data["place"] = "Mødelokale 3"
    w.post(url, data)
    assert Meeting.objects.get(pk=w.ids["meeting"]).place == "Mødelokale 3"


def _planning(w: Walk) -> None:
    """A meeting being planned, with the world's case as its one item."""
    meeting = MeetingFactory.create()
    assert isinstance(meeting, Meeting)
    item = meetings.item_add(
        meeting=meeting, case=Case.objects.get(pk=w.ids["case"]), by=w.user("administrator")
    )
    w.ids.update(planning=meeting.pk, planned_item=item.pk)


def _planning_and_a_case(w: Walk) -> None:
    _planning(w)
    w.ids["new_case"] = balanced_case(title="Ny sag").pk


@scenario(
    actor=STAFF,
    posts=["meetings:item_add"],
    writes=["meetings.AgendaItem"],
    given=_planning_and_a_case,
)
def agenda_item_added(w: Walk) -> None:
    url = reverse("meetings:item_add", args=[w.ids["planning"]])
    data = w.form(reverse("meetings:meeting_detail", args=[w.ids["planning"]]), url)
    data["case"] = str(w.ids["new_case"])
    w.post(url, data)
    items = AgendaItem.objects.filter(meeting_id=w.ids["planning"], case_id=w.ids["new_case"])
    assert items.exists()


def _two_items(w: Walk) -> None:
    _planning(w)
    item = meetings.item_add(
        meeting=Meeting.objects.get(pk=w.ids["planning"]),
        case=balanced_case(title="Anden sag"),
        by=w.user("administrator"),
    )
    w.ids["second_item"] = item.pk


@scenario(
    actor=STAFF, posts=["meetings:item_move"], writes=["meetings.AgendaItem"], given=_two_items
)
def agenda_item_moved(w: Walk) -> None:
    w.act(reverse("meetings:item_move", args=[w.ids["second_item"]]), {"direction": "up"})
    first = AgendaItem.objects.filter(meeting_id=w.ids["planning"]).order_by("order").first()
    assert first is not None and first.pk == w.ids["second_item"]


@scenario(
    actor=STAFF, posts=["meetings:item_remove"], writes=["meetings.AgendaItem"], given=_two_items
)
def agenda_item_removed(w: Walk) -> None:
    w.act(reverse("meetings:item_remove", args=[w.ids["second_item"]]))
    assert not AgendaItem.objects.filter(pk=w.ids["second_item"]).exists()


@scenario(actor=STAFF, posts=["meetings:meeting_step"], writes=["meetings.Meeting"])
def meeting_held(w: Walk) -> None:
    # The world's meeting is published; the next step marks it as held.
    w.act(reverse("meetings:meeting_step", args=[w.ids["meeting"], "hold"]))
    assert Meeting.objects.get(pk=w.ids["meeting"]).status == Meeting.Status.HELD


def _held(w: Walk) -> None:
    """A held meeting whose one item is a balanced case the forum decides on."""
    meeting = MeetingFactory.create()
    assert isinstance(meeting, Meeting)
    by = w.user("administrator")
    item = meetings.item_add(meeting=meeting, case=balanced_case(title="Besluttes"), by=by)
    for step in ("lock", "publish", "hold"):
        meetings.meeting_step(meeting=meeting, step=step, by=by)
    w.ids["held_item"] = item.pk


@scenario(
    actor=STAFF,
    posts=["meetings:decision_record"],
    # The forum's decision is the grant decision's: approving the item approves it.
    writes=["meetings.ItemDecision", "grants.GrantDecision"],
    given=_held,
)
def meeting_decision_recorded(w: Walk) -> None:
    url = reverse("meetings:decision_record", args=[w.ids["held_item"]])
    data = w.form(url)
    data.update(outcome="approved", text="Vækstforum indstiller bevillingen")
    w.post(url, data)
    decision = ItemDecision.objects.get(item_id=w.ids["held_item"])
    assert decision.outcome == "approved"
    granted = GrantDecision.objects.get(cases__agenda_items=w.ids["held_item"])
    assert granted.status == GrantDecision.Status.APPROVED


@scenario(actor=STAFF, posts=["progress:target_edit"], writes=["grants.Target"])
def target_changed(w: Walk) -> None:
    url = reverse("progress:target_edit", args=[w.ids["target"]])
    data = w.form(url)
    data.update(value="12", reason="Forlænget med et år")
    w.post(url, data)
    assert Target.objects.get(pk=w.ids["target"]).value == 12


@scenario(actor="member", posts=["progress:reported_create"], writes=["progress.ReportedValue"])
def value_reported(w: Walk) -> None:
    url = reverse("progress:reported_create", args=[w.ids["reportedtarget"]])
    data = w.form(url)
    data.update(period_start="2019-07-01", period_end="2019-12-31", value="20", note="Liste")
    data["evidence"] = SimpleUploadedFile("liste.pdf", b"%PDF-1.4\n%%EOF\n")
    w.post(url, data)
    reported = ReportedValue.objects.filter(target_id=w.ids["reportedtarget"], value=20)
    assert reported.exists()


@scenario(actor=STAFF, posts=["progress:reported_approve"], writes=["progress.ReportedValue"])
def reported_value_approved(w: Walk) -> None:
    w.act(reverse("progress:reported_approve", args=[w.ids["reported"]]))
    reported = ReportedValue.objects.get(pk=w.ids["reported"])
    assert reported.status == ReportedValue.Status.APPROVED


@scenario(actor=STAFF, posts=["progress:reported_return"], writes=["progress.ReportedValue"])
def reported_value_returned(w: Walk) -> None:
    url = reverse("progress:reported_return", args=[w.ids["reported"]])
    data = w.form(reverse("progress:reported_detail", args=[w.ids["reported"]]), url)
    data["reason"] = "Listen mangler datoer"
    w.post(url, data)
    reported = ReportedValue.objects.get(pk=w.ids["reported"])
    assert reported.status == ReportedValue.Status.RETURNED
