"""The region's list of decision bodies: kept by staff (list, create, edit, retire, delete with
confirmation and undo), named by meetings and decisions, and offered by their forms only while
not retired."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from demo.grants import vaekstforum
from grants.forms import DecisionForm
from grants.models import DecisionBody, GrantDecision
from grants.setup.body_services import body_delete, body_restore, body_save
from meetings.forms import MeetingForm
from meetings.models import Meeting
from meetings.pack import meeting_facts, pack_title
from tests.factories import (
    AdministratorFactory,
    DecisionBodyFactory,
    DecisionFactory,
    ForumMemberFactory,
    ProjectFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.grants.setup.conftest import queries_of
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

LIST = reverse("grants:decisionbody_list")
CREATE = reverse("grants:decisionbody_create")
EDIT = "grants:decisionbody_update"
DELETE = "grants:decisionbody_delete"


def _history(body: DecisionBody) -> list[tuple[str, int | None]]:
    return list(
        DecisionBody.history.filter(id=body.pk)
        .order_by("history_date", "history_id")
        .values_list("history_type", "history_user_id")
    )


# The list as the migration left it ----------------------------------------------------------


def test_a_new_database_has_the_five_bodies_of_the_former_choices_and_of_today() -> None:
    names = set(DecisionBody.objects.values_list("name", flat=True))
    assert {
        "Vækstforum",
        "Regionsrådet",
        "Erhvervsstyrelsen",
        "Danmarks Erhvervsfremmebestyrelse",
        "Regionsrådets udvalg for regional udvikling",
    } <= names
    assert vaekstforum().code == "vaekstforum"


# The services -------------------------------------------------------------------------------


def test_a_new_body_goes_last_and_its_history_names_the_author(staff: User) -> None:
    last = DecisionBody.objects.order_by("-order").first()
    assert last is not None
    body = body_save(body=DecisionBody(name="  Nyt udvalg  ", code="NU"), by=staff)
    assert body.name == "Nyt udvalg"
    assert body.order == last.order + 1
    assert _history(body) == [("+", staff.pk)]


def test_renaming_and_retiring_are_recorded_by_their_author(staff: User) -> None:
    body = DecisionBodyFactory.create(name="Udvalget")
    body.name = "Udvalget for regional udvikling"
    body_save(body=body, by=staff)
    body.retired = True
    body_save(body=body, by=staff)
    assert DecisionBody.objects.get(pk=body.pk).name == "Udvalget for regional udvikling"
    assert _history(body)[-2:] == [("~", staff.pk), ("~", staff.pk)]
    assert body not in DecisionBody.objects.offered()
    assert body in DecisionBody.objects.offered(body.pk)


@pytest.mark.parametrize(
    ("name", "code"), [("erhvervsstyrelsen", ""), ("Et nyt organ", "VAEKSTFORUM")]
)
def test_a_name_or_short_name_in_use_is_refused(staff: User, name: str, code: str) -> None:
    with pytest.raises(ValidationError):
        body_save(body=DecisionBody(name=name, code=code), by=staff)


def test_a_body_named_by_a_meeting_or_a_decision_cannot_be_deleted(staff: User) -> None:
    by_meeting = DecisionBodyFactory.create()
    MeetingFactory.create(forum=by_meeting)
    by_decision = DecisionBodyFactory.create()
    DecisionFactory.create(deciding_body=by_decision)
    for body in (by_meeting, by_decision):
        with pytest.raises(ValidationError, match="kan ikke slettes"):
            body_delete(body=body, by=staff)
        assert DecisionBody.objects.filter(pk=body.pk).exists()


def test_an_unused_body_is_deleted_and_can_be_restored(staff: User) -> None:
    body = DecisionBodyFactory.create(name="Midlertidigt udvalg")
    pk = body.pk
    body_delete(body=body, by=staff)
    assert not DecisionBody.objects.filter(pk=pk).exists()
    restored = body_restore(body_id=pk, by=staff)
    assert restored.name == "Midlertidigt udvalg"
    assert [kind for kind, _ in _history(restored)] == ["+", "-", "+"]
    with pytest.raises(ValidationError):
        body_restore(body_id=pk, by=staff)


# The pages ----------------------------------------------------------------------------------


def test_staff_create_a_body_from_the_list(client_of: Client, staff: User) -> None:
    page = client_of.get(LIST).content.decode()
    assert "Bevillingsgivende organer" in page
    assert f'href="{CREATE}"' in page
    response = client_of.post(
        CREATE,
        {"name": "Regionsrådets forretningsudvalg", "code": "FU", "description": "", "order": "0"},
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    body = DecisionBody.objects.get(name="Regionsrådets forretningsudvalg")
    assert _history(body) == [("+", staff.pk)]


def test_staff_rename_and_retire_a_body(client_of: Client) -> None:
    body = DecisionBodyFactory.create(name="Udvalg")
    response = client_of.post(
        reverse(EDIT, args=[body.pk]),
        {"name": "Udvalg for regional udvikling", "code": "", "retired": "on", "order": "7"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.retired, body.order) == ("Udvalg for regional udvikling", True, 7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "id_name_error"),
        ({"name": "erhvervsstyrelsen"}, "Regionen har allerede et bevillingsgivende organ"),
        ({"name": "Nyt", "code": "vaekstforum"}, "har kortnavnet vaekstforum"),
        ({"name": "Nyt", "order": "-1"}, "id_order_error"),
        ({"name": "x" * 201}, "id_name_error"),
    ],
)
def test_bad_body_input_is_refused_with_a_danish_message(
    client_of: Client, data: dict[str, str], message: str
) -> None:
    before = DecisionBody.objects.count()
    response = client_of.post(CREATE, {"code": "", "order": "0", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert DecisionBody.objects.count() == before


def test_deleting_asks_first_and_then_offers_undo(client_of: Client, staff: User) -> None:
    body = DecisionBodyFactory.create(name="Udgået udvalg")
    url = reverse(DELETE, args=[body.pk])
    page = client_of.get(url).content.decode()
    assert "Slet Udgået udvalg fra regionens bevillingsgivende organer?" in page
    assert DecisionBody.objects.filter(pk=body.pk).exists()
    response = client_of.post(url, follow=True)
    assert not DecisionBody.objects.filter(pk=body.pk).exists()
    restore = reverse("grants:decisionbody_restore", args=[body.pk])
    assert f'action="{restore}"' in response.content.decode()
    client_of.post(restore)
    assert DecisionBody.objects.get(pk=body.pk).name == "Udgået udvalg"
    assert {by for _kind, by in _history(body)[1:]} == {staff.pk}


def test_a_body_in_use_is_not_deleted_and_the_page_says_why(client_of: Client) -> None:
    url = reverse(DELETE, args=[vaekstforum().pk])
    MeetingFactory.create()
    page = client_of.get(url).content.decode()
    assert "Vækstforum nævnes af 1 møde" in page
    assert 'type="submit"' not in page.split('id="main-content"', 1)[1]
    response = client_of.post(url, follow=True)
    assert "kan ikke slettes" in response.content.decode()
    assert DecisionBody.objects.filter(pk=vaekstforum().pk).exists()


def test_the_list_counts_meetings_and_decisions_and_filters(client_of: Client) -> None:
    body = DecisionBodyFactory.create(name="Erhvervsudvalget", code="EU")
    MeetingFactory.create_batch(2, forum=body)
    DecisionFactory.create(deciding_body=body)
    DecisionBodyFactory.create(name="Gammelt råd", retired=True)
    page = client_of.get(LIST).content.decode()
    row = page.split(f'<a href="{reverse(EDIT, args=[body.pk])}">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="amount">(\d+)</td>', row) == [str(body.order), "2", "1"]
    table = client_of.get(LIST, {"state": "retired"}).content.decode().split("<table", 1)[1]
    assert "Gammelt råd" in table
    assert "Erhvervsudvalget" not in table
    table = client_of.get(LIST, {"q": "erhvervsudv"}).content.decode().split("<table", 1)[1]
    assert "Erhvervsudvalget" in table
    assert "Gammelt råd" not in table
    response = client_of.get(LIST, {"state": "nonsense"})
    assert response.status_code == 200


def test_the_list_reads_as_many_queries_for_many_bodies_as_for_two(client_of: Client) -> None:
    DecisionBody.objects.all().delete()
    for body in DecisionBodyFactory.create_batch(2):
        MeetingFactory.create(forum=body)
    small = queries_of(client_of, LIST)
    for body in DecisionBodyFactory.create_batch(4):
        MeetingFactory.create(forum=body)
        DecisionFactory.create(deciding_body=body)
    assert queries_of(client_of, LIST) == small


@pytest.mark.parametrize("role", ["secretariat", "forum", "none"])
def test_only_the_region_and_administrators_reach_the_list(role: str) -> None:
    user = {"secretariat": SecretariatFactory, "forum": ForumMemberFactory, "none": UserFactory}[
        role
    ].create()
    client = Client()
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    assert client.post(CREATE, {"name": "X", "order": "0"}).status_code == 403
    administrator = Client()
    administrator.force_login(AdministratorFactory.create())
    assert administrator.get(LIST).status_code == 200


def test_the_admin_deletes_through_the_service_and_names_the_administrator() -> None:
    admin = AdministratorFactory.create()
    client = Client()
    client.force_login(admin)
    body = DecisionBodyFactory.create()
    url = reverse("admin:grants_decisionbody_delete", args=[body.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not DecisionBody.objects.filter(pk=body.pk).exists()
    assert _history(body)[-1] == ("-", admin.pk)


# The forms of meetings and decisions ----------------------------------------------------------


def test_the_forms_offer_bodies_not_retired_and_keep_the_current_one() -> None:
    retired = DecisionBodyFactory.create(name="Nedlagt råd", retired=True)
    project = ProjectFactory.create()
    new_decision = DecisionForm(project_id=project.pk)
    assert retired not in new_decision.fields["deciding_body"].queryset  # type: ignore[attr-defined]
    assert vaekstforum() in new_decision.fields["deciding_body"].queryset  # type: ignore[attr-defined]
    assert retired not in MeetingForm().fields["forum"].queryset  # type: ignore[attr-defined]

    decision = DecisionFactory.create(project=project, deciding_body=retired)
    editing = DecisionForm(instance=decision, project_id=project.pk)
    assert retired in editing.fields["deciding_body"].queryset  # type: ignore[attr-defined]
    meeting = MeetingFactory.create(forum=retired)
    assert retired in MeetingForm(instance=meeting).fields["forum"].queryset  # type: ignore[attr-defined]


@pytest.mark.parametrize("choice", ["retired", "unknown", "text"])
def test_a_retired_or_unknown_body_is_a_form_error(choice: str) -> None:
    retired = DecisionBodyFactory.create(retired=True)
    value = {"retired": str(retired.pk), "unknown": "999999", "text": "vaekstforum"}[choice]
    project = ProjectFactory.create()
    decision = DecisionForm(
        {"title": "X", "kind": "original", "deciding_body": value, "first_year": "2020"}
        | {"last_year": "2020", "split_by_year": "on"},
        project_id=project.pk,
    )
    assert not decision.is_valid()
    assert "Vælg et af de bevillingsgivende organer på listen." in decision.errors["deciding_body"]
    meeting = MeetingForm({"forum": value, "date": "2027-03-12", "place": "Viborg"})
    assert not meeting.is_valid()
    assert "forum" in meeting.errors


def test_a_meeting_posted_with_an_unknown_body_is_refused_not_a_server_error(
    client_of: Client,
) -> None:
    response = client_of.post(
        reverse("meetings:meeting_create"),
        {"forum": "999999", "date": "2027-03-12", "place": "Viborg"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


# A meeting of another body ------------------------------------------------------------------


def test_a_meeting_of_danmarks_erhvervsfremmebestyrelse_bears_its_name(
    client_of: Client,
) -> None:
    body = DecisionBody.objects.get(name="Danmarks Erhvervsfremmebestyrelse")
    meeting = MeetingFactory.create(forum=body, date=datetime.date(2027, 6, 12))
    assert str(meeting) == "Danmarks Erhvervsfremmebestyrelse 12.06.2027"
    page = client_of.get(meeting.get_absolute_url()).content.decode()
    assert "Danmarks Erhvervsfremmebestyrelse 12.06.2027 – Rummelig</title>" in page
    assert re.search(r"<h1>Danmarks Erhvervsfremmebestyrelse 12\. ?juni 2027</h1>", page)
    assert "Vækstforum" not in page.split('id="main-content"', 1)[1]
    assert "Danmarks Erhvervsfremmebestyrelse" in pack_title(meeting_facts(meeting))


def test_a_decision_shows_its_own_body(client_of: Client) -> None:
    body = DecisionBody.objects.get(name="Regionsrådets udvalg for regional udvikling")
    decision = DecisionFactory.create(deciding_body=body, status=GrantDecision.Status.DRAFT)
    page = client_of.get(decision.get_absolute_url()).content.decode()
    assert "Regionsrådets udvalg for regional udvikling" in page
