"""The lists and the report page: flat query counts as rows grow, and hostile query strings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spending.models import Payment, ReportingDeadline
from tests.spending.world import World

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Query counts: flat as reports and lines grow ------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["spending:report_list", "spending:payment_list", "spending:deadline_list"]
)
def test_the_lists_take_the_same_queries_for_more_rows(
    world: World, url_name: str, django_assert_num_queries: Any
) -> None:
    client = _client(world.staff)
    _reports_more(world, 1, first_year=2020)
    client.get(reverse(url_name))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    _reports_more(world, 6, first_year=2030)
    with django_assert_num_queries(len(few)):
        client.get(reverse(url_name))


def _reports_more(world: World, count: int, *, first_year: int) -> None:
    """`count` reports with a line, deadlines and payments (of several statuses)."""
    for n in range(count):
        start = datetime.date(first_year + n, 1, 1)
        end = datetime.date(first_year + n, 12, 31)
        report = world.report(period_start=start, period_end=end)
        world.line(report, spent_on=start, paid_on=start)
        ReportingDeadline.objects.create(
            project=world.project, period_start=start, period_end=start, due_on=start
        )
        Payment.objects.create(
            project=world.project,
            funding_source=world.source,
            kind="advance",
            amount=1,
            dated=start,
            proposed_by=world.staff,
        )


def test_the_report_page_takes_the_same_queries_for_more_lines(
    world: World, django_assert_num_queries: Any
) -> None:
    report = world.report()
    world.line(report)
    client = _client(world.secretariat)
    client.get(report.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(report.get_absolute_url()).status_code == 200
    for n in range(20):
        world.line(report, amount=n + 1, effort_area=world.other_area if n % 2 else world.area)
    with django_assert_num_queries(len(few)):
        client.get(report.get_absolute_url())


HOSTILE = ["", "-1", "0", "10" * 20, "²", "abc", "1e3", "\x00", "../../etc"]


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("spending:report_list", ("page", "per_page", "sort", "project", "status")),
        ("spending:payment_list", ("page", "per_page", "sort", "project", "status")),
        ("spending:deadline_list", ("page", "per_page", "sort", "project", "final")),
    ],
)
def test_the_lists_answer_hostile_query_strings_without_a_server_error(
    world: World, url_name: str, params: tuple[str, ...]
) -> None:
    client = _client(world.admin)
    for param in params:
        for value in HOSTILE:
            response = client.get(reverse(url_name), {param: value})
            assert response.status_code in (200, 400), (param, value)


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_ids_no_database_holds_are_a_404(world: World, pk: str) -> None:
    client = _client(world.admin)
    response = client.get(f"/spending/reports/{pk}/")
    assert response.status_code == 404


def test_the_payment_list_offers_a_proposal_for_the_one_project_it_is_filtered_to(
    world: World,
) -> None:
    client = _client(world.staff)
    project = world.project
    by_id = client.get(reverse("spending:payment_list"), {"project": str(project.pk)})
    create = reverse("spending:payment_create", args=[project.pk])
    assert create in by_id.text
    by_name = client.get(reverse("spending:payment_list"), {"project": project.name})
    assert create in by_name.text
    unfiltered = client.get(reverse("spending:payment_list"))
    assert create not in unfiltered.text
