"""The admin's course changelist: Django's own checkboxes, a page of 50, flat query counts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participants.models import OnboardingCourse
from tests.factories import CompanyFactory, CourseFactory, ParticipantFactory, UserFactory
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

URL = "admin:participants_onboardingcourse_changelist"
CHECKBOX = re.compile(r'<input type="checkbox" name="_selected_action"[^>]*>')


def _grow(world: World, n: int) -> None:
    for day in range(n):
        participant = ParticipantFactory.create(project=world.project)
        CourseFactory.create(
            participant=participant,
            company=CompanyFactory.create(),
            start_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=day),
        )


def _changelist(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(URL))
    assert response.status_code == 200
    return response.text, len(queries)


@pytest.fixture
def admin_client_and_world() -> tuple[Client, World]:
    world = build_world()
    return client_for(UserFactory.create(is_staff=True, is_superuser=True)), world


@pytest.mark.parametrize("language", ["da", "en"])
def test_each_row_has_djangos_action_checkbox(
    admin_client_and_world: tuple[Client, World], language: str
) -> None:
    client, world = admin_client_and_world
    course = OnboardingCourse.objects.select_related("participant", "project", "company").get(
        pk=world.course.pk
    )
    model_admin = admin.site._registry[OnboardingCourse]
    with translation.override(language):
        ours = model_admin.action_checkbox(course)
        djangos = admin.ModelAdmin.action_checkbox(model_admin, course)
    assert ours == djangos
    text, _queries = _changelist(client)
    with translation.override("da"):
        assert model_admin.action_checkbox(course) in text
    assert len(CHECKBOX.findall(text)) == OnboardingCourse.objects.count()
    assert 'id="action-toggle"' in text  # the header's select-all box is Django's own


def test_the_changelist_shows_50_and_its_queries_do_not_grow(
    admin_client_and_world: tuple[Client, World],
) -> None:
    client, world = admin_client_and_world
    _grow(world, 3)
    _changelist(client)  # warm caches that are not per request (content types, …)
    _text, small = _changelist(client)
    _grow(world, 60)
    text, large = _changelist(client)
    assert small == large, f"{small} queries with 4 courses, {large} with 64"
    assert len(CHECKBOX.findall(text)) == 50
    selected = client.post(
        reverse(URL),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [str(world.course.pk)],
        },
    )
    # The checkbox's name and value still select the course for an action (the confirmation).
    assert selected.status_code == 200
    assert str(world.course) in selected.text
