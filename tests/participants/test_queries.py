"""The course list, its export and a participant's history read a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Category, Participant
from tests.factories import CompanyFactory, CourseFactory, IndustryFactory, ParticipantFactory
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

# Session, user, roles and memberships, the filter's choices and the access log (one insert on
# a participant's pages) and the header bell's count account for most; the rest is the page.
MAX_QUERIES = 21


def _grow(world: World, n: int) -> None:
    """`n` more participants with two courses each, and more courses for the world's one."""
    industry = IndustryFactory.create(name="Turisme")
    groups = list(Category.objects.filter(kind="target_group")[:2])
    for _ in range(n):
        company = CompanyFactory.create(industry=industry)
        company.projects.add(world.project)
        participant = ParticipantFactory.create(project=world.project)
        participant.target_groups.set(groups)
        CourseFactory.create(
            participant=participant,
            company=company,
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2019, 2, 1),
            outcome="flex_job",
            outcome_date=datetime.date(2019, 2, 1),
        )
        CourseFactory.create(participant=participant, company=company)
        CourseFactory.create(
            participant=world.participant, company=company, start_date=datetime.date(2020, 1, 1)
        )
    world.participant.target_groups.set(groups)
    world.participant.results_on_leaving.set(Category.objects.filter(kind="result_on_leaving"))


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = {
    "course list": lambda w: reverse("participants:course_list"),
    "course list, filtered": lambda w: (
        reverse("participants:course_list")
        + f"?project={w.project.pk}&status=running&outcome=none&period_from=2019-01-01"
    ),
    "course list, sorted": lambda w: reverse("participants:course_list") + "?sort=-municipality",
    "course list, by company name": lambda w: reverse("participants:course_list") + "?sort=company",
    "export": lambda w: reverse("participants:course_export"),
    "history": lambda w: w.participant.get_absolute_url(),
    "participant edit": lambda w: reverse(
        "participants:participant_update", args=[w.participant.pk]
    ),
    "course edit": lambda w: reverse("participants:course_update", args=[w.course.pk]),
    "register": lambda w: reverse("participants:participant_register"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_small_and_does_not_grow_with_data(page: str) -> None:
    world = build_world()
    client = client_for(world.secretary)
    _grow(world, 2)
    url = PAGES[page](world)
    client.get(url)  # warm caches that are not per request (content types, …)
    small = _count(client, url)

    _grow(world, 12)
    large = _count(client, url)

    assert small == large, f"{page}: {small} queries with 2 participants, {large} with 14"
    assert large <= MAX_QUERIES, f"{page}: {large} queries"
    assert Participant.objects.count() > 14


def test_the_large_export_page_counts_its_rows_in_flat_queries(settings: Any) -> None:
    # Above the limit the export page only counts the rows and offers the background job.
    settings.COURSE_EXPORT_INLINE_ROWS = 0
    world = build_world()
    client = client_for(world.secretary)
    url = reverse("participants:course_export")
    _grow(world, 2)
    client.get(url)
    small = _count(client, url)
    _grow(world, 12)
    large = _count(client, url)
    assert small == large <= MAX_QUERIES
    assert b'name="query"' in client.get(url).content
