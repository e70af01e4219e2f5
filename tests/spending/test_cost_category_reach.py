"""The programme's cost categories are reachable where staff need them, and a programme without
any tells the secretariat why no expense can be entered (not only "Dette felt er påkrævet")."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from grants.models import Project
from spending.models import ExpenditureLine, SpendingReport
from spending.services import reports as report_services
from tests.factories import EffortAreaFactory, MembershipFactory, ProjectFactory
from tests.spending.world import World

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_programme_report(world: World) -> SpendingReport:
    """A report of a project whose programme was just set up: it has no cost categories."""
    project = ProjectFactory.create()
    assert isinstance(project, Project)
    EffortAreaFactory.create(project=project)
    MembershipFactory.create(project=project, user=world.secretariat)
    return report_services.report_create(
        project=project,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 6, 30),
        by=world.secretariat,
    )


def test_the_secretariat_is_told_the_programme_has_no_cost_categories(world: World) -> None:
    report = _new_programme_report(world)
    page = _client(world.secretariat).get(reverse("spending:line_create", args=[report.pk]))
    body = page.content.decode()
    assert 'data-testid="no-categories"' in body
    assert f"{report.project.programme.name} har ingen omkostningskategorier endnu" in body
    assert "Bed regionens medarbejdere om at oprette programmets omkostningskategorier" in body
    # No form that could only fail.
    assert 'name="cost_category"' not in body


def test_a_post_without_categories_says_why_and_saves_nothing(world: World) -> None:
    report = _new_programme_report(world)
    response = _client(world.secretariat).post(
        reverse("spending:line_create", args=[report.pk]),
        {"spent_on": "2024-02-01", "description": "Løn", "amount": "1.000"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Programmet har ingen omkostningskategorier endnu" in str(form.errors["cost_category"])
    assert not ExpenditureLine.objects.filter(report=report).exists()


def test_an_administrator_is_shown_the_way_to_set_the_categories_up(world: World) -> None:
    # Administrators both enter lines and set programmes up; regional staff only review lines.
    report = _new_programme_report(world)
    body = _client(world.admin).get(reverse("spending:line_create", args=[report.pk]))
    url = reverse("spending:category_list", args=[report.project.programme_id])
    assert f'href="{url}"' in body.content.decode()


def test_a_programme_with_categories_shows_the_form(world: World) -> None:
    report = world.report()
    body = _client(world.secretariat).get(reverse("spending:line_create", args=[report.pk]))
    assert 'name="cost_category"' in body.content.decode()
    assert 'data-testid="no-categories"' not in body.content.decode()


def test_the_programme_and_project_pages_link_to_the_cost_categories(world: World) -> None:
    client = _client(world.staff)
    categories = reverse("spending:category_list", args=[world.project.programme_id])
    pages = [
        reverse("grants:programme_list"),
        reverse("grants:programme_update", args=[world.project.programme_id]),
        reverse("grants:project_detail", args=[world.project.pk]),
    ]
    for url in pages:
        assert f'href="{categories}"' in client.get(url).content.decode(), url
    finance = reverse("spending:finance_list")
    assert f'href="{finance}"' in client.get(reverse("grants:programme_list")).content.decode()


def test_the_secretariat_is_not_offered_the_set_up_link(world: World) -> None:
    categories = reverse("spending:category_list", args=[world.project.programme_id])
    body = _client(world.secretariat).get(reverse("grants:project_detail", args=[world.project.pk]))
    assert f'href="{categories}"' not in body.content.decode()
