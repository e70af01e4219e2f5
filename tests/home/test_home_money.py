"""The front page's money sections: what staff and the secretariat see, where the counts lead,
and the same queries however many reports, payments and deadlines there are."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spending.models import Payment, SpendingReport
from tests.factories import ForumMemberFactory, SecretariatFactory, StaffFactory
from tests.spending.factories import DeadlineFactory, PaymentFactory, ReportFactory
from tests.spending.world import World, build_world

pytestmark = pytest.mark.django_db

HOME = reverse("home:home")
TODAY = datetime.date(2018, 3, 1)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("home.views.today", lambda: TODAY)


def _page(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section[^>]*data-section="{name}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def _counts(section: str) -> dict[str, tuple[str, str]]:
    """data-money -> (link, count)."""
    return {
        kind: (href, count)
        for href, count, kind in re.findall(
            r'<a href="([^"]*)" data-count="(\d+)" data-money="(\w+)"', section
        )
    }


def _fill(world: World, n: int, first: int = 0) -> None:
    """`n` submitted reports, proposed payments and overdue deadlines."""
    for i in range(first, first + n):
        start = datetime.date(2016, 1, 1) + datetime.timedelta(days=i)
        ReportFactory.create(
            project=world.project,
            status=SpendingReport.Status.SUBMITTED,
            period_start=start,
            period_end=start,
            created_by=world.secretariat,
            submitted_by=world.secretariat,
        )
        PaymentFactory.create(
            project=world.project,
            funding_source=world.source,
            status=Payment.Status.PROPOSED,
            proposed_by=world.staff,
        )
        DeadlineFactory.create(
            project=world.project,
            period_start=start,
            period_end=start,
            due_on=datetime.date(2017, 6, 1) + datetime.timedelta(days=i),
        )


def test_staff_see_what_awaits_them_with_links_to_the_filtered_lists(world: World) -> None:
    _fill(world, 2)
    counts = _counts(_section(_page(world.staff), "money"))
    assert counts == {
        "review": (reverse("spending:report_list") + "?status=submitted", "2"),
        "authorise": (reverse("spending:payment_list") + "?status=proposed", "2"),
        "overdue": (reverse("spending:deadline_list"), "2"),
        # The two overdue reports, and nothing spent of 2017's 1.000.000: under-spending.
        "warnings": (reverse("spending:warning_list"), "3"),
    }
    assert "2 regnskaber afventer gennemgang" in _page(world.staff)


def test_the_secretariat_sees_its_reports_due_and_not_the_staff_counts(world: World) -> None:
    overdue = DeadlineFactory.create(
        project=world.project,
        period_start=datetime.date(2017, 7, 1),
        period_end=datetime.date(2017, 12, 31),
        due_on=datetime.date(2018, 2, 28),
    )
    coming = DeadlineFactory.create(
        project=world.project,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 3, 31),
        due_on=datetime.date(2018, 4, 30),
    )
    DeadlineFactory.create(
        project=world.project,
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2018, 12, 31),
        due_on=datetime.date(2019, 2, 28),
    )
    other = SecretariatFactory.create()
    page = _page(world.secretariat)
    assert _section(page, "money") == ""
    section = _section(page, "reports-due")
    rows = re.findall(r'<tr data-deadline="(\d+)">(.*?)</tr>', section, re.S)
    assert [int(pk) for pk, _ in rows] == [overdue.pk, coming.pk]
    assert "data-overdue" in rows[0][1]
    assert "data-overdue" not in rows[1][1]
    assert _section(_page(other), "reports-due").count("<tr data-deadline") == 0


def test_the_forum_sees_no_money_section(world: World) -> None:
    page = _page(ForumMemberFactory.create())
    assert _section(page, "money") == ""
    assert _section(page, "reports-due") == ""


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["staff", "secretariat"])
def test_the_money_sections_cost_the_same_queries_however_much_there_is(
    world: World, role: str, django_assert_num_queries: Any
) -> None:
    user = StaffFactory.create() if role == "staff" else world.secretariat
    client = Client()
    client.force_login(user)
    _fill(world, 1)
    client.get(HOME)
    small = _queries(client)
    _fill(world, 5, first=10)
    with django_assert_num_queries(small):
        assert client.get(HOME).status_code == 200
