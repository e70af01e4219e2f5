"""The company list: each filter narrows it to the right companies, and the table shows them."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Municipality
from grants.models import Project
from tests.factories import (
    CompanyFactory,
    IndustryFactory,
    LabourMarketAreaFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("companies:company_list")


def _names(client: Client, **params: str) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [company.name for company in response.context["table"].page.object_list.data]


@pytest.fixture
def companies(db: None) -> dict[str, Company]:
    herning = Municipality.objects.get(code="657")
    aarhus = Municipality.objects.get(code="751")
    farming = IndustryFactory.create(name="Landbrug")
    tourism = IndustryFactory.create(name="Turisme")
    west = LabourMarketAreaFactory.create(name="Vestjylland")
    project = ProjectFactory.create(name="Rummelig imidt")
    other_project = ProjectFactory.create(name="Another project")
    made = {
        "farm": CompanyFactory.create(
            name="Vestjysk Gård", municipality=herning, industry=farming, labour_market_area=west
        ),
        "hotel": CompanyFactory.create(
            name="Fjordhotellet", municipality=herning, industry=tourism, social_economy=True
        ),
        "workshop": CompanyFactory.create(
            name="Aarhus Snedkeri",
            municipality=aarhus,
            pioneer=True,
            inclusion_started_on=datetime.date(2017, 5, 1),
        ),
    }
    made["farm"].projects.add(project, other_project)
    made["workshop"].projects.add(project)
    return made


def test_without_filters_every_company_is_listed_by_name(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    assert _names(staff_client) == ["Aarhus Snedkeri", "Fjordhotellet", "Vestjysk Gård"]


def test_name_contains_ignores_case(staff_client: Client, companies: dict[str, Company]) -> None:
    assert _names(staff_client, q="HOTEL") == ["Fjordhotellet"]


def test_municipality_filter(staff_client: Client, companies: dict[str, Company]) -> None:
    herning = Municipality.objects.get(code="657")
    assert _names(staff_client, municipality=str(herning.pk)) == ["Fjordhotellet", "Vestjysk Gård"]


def test_industry_filter(staff_client: Client, companies: dict[str, Company]) -> None:
    industry = companies["hotel"].industry
    assert industry is not None
    assert _names(staff_client, industry=str(industry.pk)) == ["Fjordhotellet"]


def test_labour_market_area_filter(staff_client: Client, companies: dict[str, Company]) -> None:
    area = companies["farm"].labour_market_area
    assert area is not None
    assert _names(staff_client, labour_market_area=str(area.pk)) == ["Vestjysk Gård"]


def test_social_economy_filter(staff_client: Client, companies: dict[str, Company]) -> None:
    assert _names(staff_client, social_economy="true") == ["Fjordhotellet"]
    assert _names(staff_client, social_economy="false") == ["Aarhus Snedkeri", "Vestjysk Gård"]


def test_pioneer_filter(staff_client: Client, companies: dict[str, Company]) -> None:
    assert _names(staff_client, pioneer="true") == ["Aarhus Snedkeri"]


def test_project_filter_counts_all_of_a_companys_projects(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    project = companies["workshop"].projects.get()
    response = staff_client.get(URL, {"project": str(project.pk)})
    rows = {c.name: c.project_count for c in response.context["table"].page.object_list.data}
    assert rows == {"Aarhus Snedkeri": 1, "Vestjysk Gård": 2}


def test_filters_combine(staff_client: Client, companies: dict[str, Company]) -> None:
    herning = Municipality.objects.get(code="657")
    assert _names(staff_client, municipality=str(herning.pk), social_economy="false") == [
        "Vestjysk Gård"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"municipality": "999999"},
        {"municipality": "Aarhus"},
        {"industry": "abc"},
        {"project": "999999"},
        {"labour_market_area": "-1"},
    ],
)
def test_unknown_filter_values_show_an_empty_list_not_an_error(
    staff_client: Client, companies: dict[str, Company], params: dict[str, str]
) -> None:
    assert _names(staff_client, **params) == []


def test_nonsense_yes_no_value_is_ignored(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    assert len(_names(staff_client, pioneer="maybe")) == 3


def test_table_shows_the_columns_of_a_company(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    workshop = companies["workshop"]
    response = staff_client.get(URL, {"q": "Snedkeri"})
    table = response.context["table"]
    assert [c.name for c in table.columns] == [
        "name",
        "cvr",
        "municipality",
        "industry",
        "social_economy",
        "pioneer",
        "inclusion_started_on",
        "project_count",
    ]
    row = table.rows[0]
    assert row.get_cell("cvr") == workshop.cvr
    assert str(row.get_cell("municipality")) == "Aarhus"
    # Words, not glyphs; Danish is the test run's language ("Yes" / "No" before translation).
    assert row.get_cell("pioneer") in {"Ja", "Yes"}
    assert row.get_cell("social_economy") in {"Nej", "No"}
    assert row.get_cell("project_count") == 1
    page = response.content.decode()
    assert reverse("companies:company_detail", args=[workshop.pk]) in page
    assert "2017" in page


def test_table_sorts_by_number_of_projects(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    assert _names(staff_client, sort="-project_count") == [
        "Vestjysk Gård",
        "Aarhus Snedkeri",
        "Fjordhotellet",
    ]


def test_list_is_paginated_by_25(staff_client: Client) -> None:
    CompanyFactory.create_batch(30)
    assert len(_names(staff_client)) == 25
    assert len(_names(staff_client, page="2")) == 5


# Scope: a project's secretariat sees no other project's name through the list


@pytest.fixture
def secretary_of_one(companies: dict[str, Company]) -> Client:
    user = SecretariatFactory.create()
    MembershipFactory.create(user=user, project=Project.objects.get(name="Rummelig imidt"))
    client = Client()
    client.force_login(user)
    return client


def test_project_filter_names_only_the_projects_the_user_may_read(
    secretary_of_one: Client, staff_client: Client
) -> None:
    # "project" is in the name of one project only, and that one is not the secretary's.
    assert _names(secretary_of_one, project="project") == []
    assert _names(secretary_of_one, project="Another project") == []
    assert _names(staff_client, project="project") == ["Vestjysk Gård"]
    page = secretary_of_one.get(URL).content.decode()
    assert "Another project" not in page
    assert '<select name="project"' not in page
    suggestions = reverse("grants:project_suggestions")
    assert f'data-autocomplete="{suggestions}"' in page


def test_project_filter_by_name_lists_each_company_once_with_all_its_projects_counted(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    # "r" is in both projects' names, and the farm is in both.
    response = staff_client.get(URL, {"project": "R"})
    rows = {c.name: c.project_count for c in response.context["table"].page.object_list.data}
    assert rows == {"Aarhus Snedkeri": 1, "Vestjysk Gård": 2}


def test_project_filter_takes_a_suggestion_as_exactly_that_project(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    shorter = ProjectFactory.create(name="Rummelig")
    companies["hotel"].projects.add(shorter)
    assert _names(staff_client, project="Rummelig") == ["Fjordhotellet"]
    assert _names(staff_client, project="Rummelig imidt") == ["Aarhus Snedkeri", "Vestjysk Gård"]
    assert _names(staff_client, project="rummelig") == [
        "Aarhus Snedkeri",
        "Fjordhotellet",
        "Vestjysk Gård",
    ]


def test_a_link_by_project_id_shows_the_projects_name(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    project = Project.objects.get(name="Another project")
    response = staff_client.get(URL, {"project": str(project.pk)})
    assert [c.name for c in response.context["table"].page.object_list.data] == ["Vestjysk Gård"]
    assert 'value="Another project"' in response.content.decode()


def test_project_filter_costs_no_query_by_name_and_one_by_id(
    staff_client: Client, companies: dict[str, Company]
) -> None:
    project = Project.objects.get(name="Rummelig imidt")
    staff_client.get(URL)  # warm caches that are not per request

    def count(params: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(URL, params).status_code == 200
        return len(queries)

    unfiltered = count({})
    assert count({"project": project.name}) == unfiltered
    assert count({"project": "imidt"}) == unfiltered
    assert count({"project": str(project.pk)}) == unfiltered + 1
    for _ in range(5):
        CompanyFactory.create().projects.add(project, ProjectFactory.create())
    assert count({"project": project.name}) == unfiltered
    assert count({"project": str(project.pk)}) == unfiltered + 1


def test_another_projects_companies_cannot_be_listed_by_its_id(
    secretary_of_one: Client, companies: dict[str, Company]
) -> None:
    other = Project.objects.get(name="Another project")
    response = secretary_of_one.get(URL, {"project": str(other.pk)})
    assert response.status_code == 200
    assert list(response.context["table"].page.object_list.data) == []
    assert response.context["filter"].form.errors["project"]
    assert _names(secretary_of_one) == ["Aarhus Snedkeri", "Fjordhotellet", "Vestjysk Gård"]


def test_company_page_names_only_the_projects_the_user_may_read(
    secretary_of_one: Client, staff_client: Client, companies: dict[str, Company]
) -> None:
    farm = companies["farm"]  # in both projects
    other = Project.objects.get(name="Another project")
    other.programme.name = "Programme of others"
    other.programme.save()
    url = reverse("companies:company_detail", args=[farm.pk])

    page = secretary_of_one.get(url).content.decode()

    assert "Rummelig imidt" in page
    assert "Another project" not in page
    assert "Programme of others" not in page
    assert other.get_absolute_url() not in page
    staff_page = staff_client.get(url).content.decode()
    assert "Another project" in staff_page
    assert "Programme of others" in staff_page
