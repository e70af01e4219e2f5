"""The admin keeps the screens' rules: project scope and special-category permissions."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from participants.models import OnboardingCourse, Participant, ParticipantAccess
from participants.services import participant_erase
from tests.factories import AdministratorFactory, UserFactory
from tests.participants.world import World, build_world, client_for, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    world.participant.disability = True
    world.participant.save()
    return world


def _administrator(*extra: str) -> User:
    return grant(AdministratorFactory.create(), *extra)


def _change_url(world: World) -> str:
    return reverse("admin:participants_participant_change", args=[world.participant.pk])


def test_superuser_sees_and_edits_special_categories(world: World) -> None:
    admin = UserFactory.create(is_staff=True, is_superuser=True)
    response = client_for(admin).get(_change_url(world))
    assert 'name="disability"' in response.text


def test_administrator_without_permission_sees_no_special_categories(world: World) -> None:
    response = client_for(_administrator()).get(_change_url(world))
    assert response.status_code == 200
    assert "disability" not in response.text
    assert "foreign_background" not in response.text


def test_administrator_with_view_permission_sees_them_read_only(world: World) -> None:
    user = _administrator("view_special_categories")
    response = client_for(user).get(_change_url(world))
    assert 'name="disability"' not in response.text
    assert "field-disability" in response.text


def test_administrator_with_both_permissions_edits_them(world: World) -> None:
    user = _administrator("view_special_categories", "change_special_categories")
    response = client_for(user).get(_change_url(world))
    assert 'name="disability"' in response.text


def test_the_admin_is_the_administrators_not_the_secretariats(world: World) -> None:
    world.secretary.is_staff = True
    world.secretary.save()
    changelist = reverse("admin:participants_participant_changelist")
    assert client_for(world.secretary).get(changelist).status_code == 302  # to the admin login

    response = client_for(_administrator()).get(changelist)
    assert "RI-0001" in response.text
    assert "AP-0001" in response.text


@pytest.mark.parametrize(
    "name",
    ["participants_category", "participants_participant", "participants_onboardingcourse"],
)
def test_changelists_search_and_filter(name: str, db: None) -> None:
    admin = UserFactory.create(is_staff=True, is_superuser=True)
    build_world()
    client: Client = client_for(admin)
    response = client.get(reverse(f"admin:{name}_changelist") + "?q=a")
    assert response.status_code == 200


def test_opening_a_participant_in_the_admin_is_logged(world: World) -> None:
    administrator = _administrator()
    client_for(administrator).get(_change_url(world))
    entry = ParticipantAccess.objects.get(participant=world.participant)
    assert (entry.user, entry.action) == (administrator, ParticipantAccess.Action.VIEWED)


def test_the_admin_deletes_no_participant_only_erasure_does(world: World) -> None:
    url = reverse("admin:participants_participant_delete", args=[world.participant.pk])
    assert client_for(_administrator()).post(url, {"post": "yes"}).status_code == 403
    assert Participant.objects.filter(pk=world.participant.pk).exists()


def test_an_erased_persons_course_stays_editable_in_the_admin(world: World) -> None:
    participant_erase(participant=world.participant, by=world.secretary)
    course = OnboardingCourse.objects.get(pk=world.course.pk)
    url = reverse("admin:participants_onboardingcourse_change", args=[course.pk])
    client = client_for(_administrator())
    page = client.get(url)
    assert 'name="participant"' not in page.text
    data = {
        "project": course.project_id,
        "company": course.company_id,
        "start_date": "2019-03-01",
        "end_date": "2019-05-31",
        "outcome": "",
        "outcome_date": "",
    }
    assert client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert course.participant_id is None
    assert course.erasure_id is not None
    assert course.end_date == datetime.date(2019, 5, 31)
