"""Undo ("Fortryd") after a deletion: the message offers it, the row comes back as it was, under
its old id, with the author in its history, and it is refused with a message when the row no
longer fits (the report submitted meanwhile, its name taken, the agenda locked)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages.storage.base import Message
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from core import undo
from grants.models import EffortArea, ProjectFundingSource
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from spending.models import CostCategory, ExpenditureLine, ReportingDeadline, SpendingReport
from spending.services import reports as report_services
from tests.factories import (
    EffortAreaFactory,
    ForumMemberFactory,
    ProjectFactory,
    ProjectFundingSourceFactory,
    StaffFactory,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, balanced_case
from tests.spending.factories import DeadlineFactory
from tests.spending.world import build_world

UNDO_FORM = re.compile(
    r'<form method="post" action="(?P<url>[^"]+)" class="mt-3" data-testid="undo-form">'
)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _undo_url(client: Client, url: str, data: dict[str, str] | None = None) -> str:
    """POST `url` (the confirmed action); the undo button's address on the page it leads to."""
    page = client.post(url, data or {}, follow=True).content.decode()
    match = UNDO_FORM.search(page)
    assert match, "the message offers no undo"
    assert ">Fortryd</button>" in page[match.end() :]
    return match["url"]


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _last_record(model: type[models.Model], pk: int) -> Any:
    history = model.history  # type: ignore[attr-defined]
    return history.filter(id=pk).order_by("-history_date", "-history_id").first()


# --- The mechanism -------------------------------------------------------------------------


def test_an_undo_address_must_be_a_path_of_this_site() -> None:
    for url in ("https://evil.example/x/", "//evil.example/x/", "/a b/", "relative/"):
        with pytest.raises(ValueError):
            undo.offer(None, "Slettet.", url)  # type: ignore[arg-type]


def test_a_message_without_the_undo_tag_offers_nothing() -> None:
    assert undo.undo_url(Message(25, "Gemt.")) == ""
    assert undo.undo_url(Message(25, "Gemt.", extra_tags="undo //evil.example/")) == ""
    assert undo.undo_url(Message(25, "Gemt.", extra_tags="undo /a/1/restore/")) == "/a/1/restore/"


@pytest.mark.django_db
def test_the_message_stays_text_beside_its_button() -> None:
    world = build_world()
    report = world.report()
    line = world.line(report, description='<img src=x onerror="alert(1)">')
    assert isinstance(line, ExpenditureLine)
    client = _client(world.secretariat)
    page = client.post(
        reverse("spending:line_delete", args=[line.pk]), follow=True
    ).content.decode()
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert UNDO_FORM.search(page)


# --- Expenditure lines --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deleted_line_comes_back_as_it_was_with_its_author_in_the_history() -> None:
    world = build_world()
    report = world.report()
    line = world.line(report, amount=12_345)
    assert isinstance(line, ExpenditureLine)
    client = _client(world.secretariat)

    undo_url = _undo_url(client, reverse("spending:line_delete", args=[line.pk]))
    assert not ExpenditureLine.objects.filter(pk=line.pk).exists()
    response = client.post(undo_url, follow=True)

    back = ExpenditureLine.objects.get(pk=line.pk)
    assert (back.report_id, back.amount, back.description) == (report.pk, 12_345, line.description)
    record = _last_record(ExpenditureLine, line.pk)
    assert record.history_type == "+"
    assert record.history_user == world.secretariat
    assert record.history_change_reason == "fortrudt sletning"
    assert f"Linjen “{line.description}” er tilbage." in _messages(response)


@pytest.mark.django_db
def test_a_line_does_not_come_back_into_a_report_submitted_meanwhile() -> None:
    world = build_world()
    report = world.report(status_text="Forløbet som planlagt.")
    line = world.line(report)
    assert isinstance(line, ExpenditureLine)
    client = _client(world.secretariat)
    undo_url = _undo_url(client, reverse("spending:line_delete", args=[line.pk]))
    report_services.report_submit(report=report, by=world.secretariat)

    response = client.post(undo_url, follow=True)

    assert not ExpenditureLine.objects.filter(pk=line.pk).exists()
    assert any("kan ikke længere ændres" in message for message in _messages(response))


@pytest.mark.django_db
def test_a_line_with_an_attachment_offers_no_undo_its_file_is_gone() -> None:
    world = build_world()
    report = world.report()
    line = report_services.line_add(
        report=report,
        by=world.secretariat,
        fields={
            "spent_on": datetime.date(2017, 2, 1),
            "paid_on": datetime.date(2017, 2, 15),
            "effort_area": world.area,
            "cost_category": world.salary,
            "description": "Faktura",
            "amount": 1_000,
        },
        attachment=SimpleUploadedFile("faktura.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client = _client(world.secretariat)
    page = client.post(
        reverse("spending:line_delete", args=[line.pk]), follow=True
    ).content.decode()
    assert "Linjen “Faktura” blev slettet." in page
    assert not UNDO_FORM.search(page)
    # Asked anyway (a crafted request), the service refuses.
    response = client.post(reverse("spending:line_restore", args=[line.pk]), follow=True)
    assert not ExpenditureLine.objects.filter(pk=line.pk).exists()
    assert any("bilag" in message for message in _messages(response))


@pytest.mark.django_db
def test_undo_is_for_those_who_may_delete_and_only_for_a_deleted_row() -> None:
    world = build_world()
    report = world.report()
    line = world.line(report)
    assert isinstance(line, ExpenditureLine)
    url = reverse("spending:line_restore", args=[line.pk])
    # Not deleted: nothing to undo.
    assert _client(world.secretariat).post(url).status_code == 404
    report_services.line_delete(line=line, by=world.secretariat)
    # The region reads reports but does not enter them; the forum sees none.
    assert _client(world.staff).post(url).status_code == 403
    assert _client(ForumMemberFactory.create()).post(url).status_code == 403
    assert _client(world.secretariat).get(url).status_code == 405
    assert not ExpenditureLine.objects.filter(pk=line.pk).exists()
    # Twice: the second finds nothing left to undo.
    assert _client(world.secretariat).post(url).status_code == 302
    assert _client(world.secretariat).post(url).status_code == 404


# --- Deadlines and cost categories ---------------------------------------------------------


@pytest.mark.django_db
def test_a_deleted_deadline_comes_back_unless_its_period_is_taken_meanwhile() -> None:
    world = build_world()
    deadline = DeadlineFactory.create(project=world.project)
    client = _client(world.staff)
    undo_url = _undo_url(client, reverse("spending:deadline_delete", args=[deadline.pk]))
    DeadlineFactory.create(project=world.project)  # the same period, entered again

    response = client.post(undo_url, follow=True)
    assert not ReportingDeadline.objects.filter(pk=deadline.pk).exists()
    assert "Projektet har allerede en frist for den periode." in _messages(response)

    ReportingDeadline.objects.exclude(pk=deadline.pk).delete()
    client.post(undo_url)
    assert ReportingDeadline.objects.get(pk=deadline.pk).due_on == deadline.due_on


@pytest.mark.django_db
def test_a_deleted_cost_category_comes_back_unless_its_code_is_taken_meanwhile() -> None:
    world = build_world()
    client = _client(world.staff)
    undo_url = _undo_url(client, reverse("spending:category_delete", args=[world.external.pk]))
    taken = CostCategory.objects.create(
        programme=world.project.programme, code="EXT", name="Andre eksterne"
    )

    client.post(undo_url)
    assert not CostCategory.objects.filter(pk=world.external.pk).exists()

    taken.delete()
    client.post(undo_url)
    assert CostCategory.objects.get(pk=world.external.pk).name == "Eksterne ydelser"


# --- A project's rows ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deleted_effort_area_comes_back_at_its_place_unless_its_name_is_taken() -> None:
    project = ProjectFactory.create()
    first = EffortAreaFactory.create(project=project, name="Første", order=1)
    second = EffortAreaFactory.create(project=project, name="Anden", order=2)
    client = _client(StaffFactory.create())
    undo_url = _undo_url(client, reverse("grants:effortarea_delete", args=[first.pk]))
    clash = EffortAreaFactory.create(project=project, name="Første", order=3)

    client.post(undo_url)
    assert not EffortArea.objects.filter(pk=first.pk).exists()

    clash.delete()
    client.post(undo_url)
    assert list(EffortArea.objects.filter(project=project)) == [
        EffortArea.objects.get(pk=first.pk),
        second,
    ]


@pytest.mark.django_db
def test_a_removed_funding_source_comes_back_unless_it_was_chosen_again() -> None:
    choice = ProjectFundingSourceFactory.create()
    client = _client(StaffFactory.create())
    undo_url = _undo_url(client, reverse("grants:projectfundingsource_remove", args=[choice.pk]))
    again = ProjectFundingSource.objects.create(
        project=choice.project, funding_source=choice.funding_source, order=5
    )

    response = client.post(undo_url, follow=True)
    assert not ProjectFundingSource.objects.filter(pk=choice.pk).exists()
    assert any("igen" in message for message in _messages(response))

    again.delete()
    client.post(undo_url)
    assert ProjectFundingSource.objects.get(pk=choice.pk).order == choice.order


# --- Agenda items ---------------------------------------------------------------------------


def _agenda(meeting: Meeting) -> list[tuple[int, int]]:
    return list(meeting.items.order_by("order").values_list("pk", "number"))


@pytest.mark.django_db
def test_a_removed_item_comes_back_at_its_number_and_the_others_move_down_again() -> None:
    meeting = MeetingFactory.create()
    items = [
        AgendaItemFactory.create(meeting=meeting, case=balanced_case(), number=n, order=n)
        for n in (1, 2, 3)
    ]
    staff = StaffFactory.create()
    client = _client(staff)
    undo_url = _undo_url(client, reverse("meetings:item_remove", args=[items[1].pk]))
    assert _agenda(meeting) == [(items[0].pk, 1), (items[2].pk, 2)]

    client.post(undo_url)

    assert _agenda(meeting) == [(items[0].pk, 1), (items[1].pk, 2), (items[2].pk, 3)]
    assert _last_record(AgendaItem, items[1].pk).history_user == staff


@pytest.mark.django_db
def test_an_item_does_not_come_back_to_an_agenda_locked_meanwhile() -> None:
    meeting = MeetingFactory.create()
    first, second = (
        AgendaItemFactory.create(meeting=meeting, case=balanced_case(), number=n, order=n)
        for n in (1, 2)
    )
    client = _client(StaffFactory.create())
    undo_url = _undo_url(client, reverse("meetings:item_remove", args=[second.pk]))
    meeting_services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())

    response = client.post(undo_url, follow=True)

    assert _agenda(meeting) == [(first.pk, 1)]
    assert any("Dagsordenen er låst" in message for message in _messages(response))


@pytest.mark.django_db
def test_the_confirmation_of_publishing_says_who_will_read_the_agenda() -> None:
    meeting = MeetingFactory.create(status=Meeting.Status.LOCKED)
    AgendaItemFactory.create(meeting=meeting, case=balanced_case(), number=1, order=1)
    AgendaItemFactory.create(meeting=meeting, case=balanced_case(), number=2, order=2, closed=True)
    for _ in range(3):
        ForumMemberFactory.create()
    page = (
        _client(StaffFactory.create())
        .get(reverse("meetings:meeting_step", args=[meeting.pk, "publish"]))
        .content.decode()
    )
    assert "bliver synlige for de 3 medlemmer af forummet" in page
    assert "1 lukket punkt forbliver skjult for dem." in page


@pytest.mark.django_db
def test_the_confirmation_of_deleting_a_report_counts_what_goes_with_it() -> None:
    world = build_world()
    report = world.report()
    for _ in range(3):
        world.line(report)
    page = (
        _client(world.secretariat)
        .get(reverse("spending:report_delete", args=[report.pk]))
        .content.decode()
    )
    assert "Regnskabet har 3 udgiftslinjer, som slettes med det." in page
    assert SpendingReport.objects.filter(pk=report.pk).exists()
