"""Company pages run a fixed number of SQL queries, however many companies and links there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    IndustryAssociationFactory,
    IndustryFactory,
    LabourMarketAreaFactory,
    NetworkFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

# Session, user and permissions account for a few; the rest is the page's own reading.
MAX_QUERIES = 12


def _grow(company: Company, n: int) -> None:
    """Add `n` more companies, each in projects and a network, and links for `company`."""
    industry = IndustryFactory.create()
    for _ in range(n):
        other = CompanyFactory.create(industry=industry, labour_market_area=None)
        projects = ProjectFactory.create_batch(2)
        other.projects.add(*projects)
        company.projects.add(*projects)
        network = NetworkFactory.create(labour_market_area=LabourMarketAreaFactory.create())
        network.members.add(other, company)
        CourseFactory.create(company=company)
        IndustryAssociationFactory.create(industry=company.industry)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["list", "filtered list", "sorted list", "detail", "edit"])
def test_query_count_is_small_and_does_not_grow_with_data(
    secretariat_client: Client, page: str
) -> None:
    company = CompanyFactory.create(industry=IndustryFactory.create())
    url = {
        "list": reverse("companies:company_list"),
        "filtered list": reverse("companies:company_list") + "?q=Company&social_economy=false",
        "sorted list": reverse("companies:company_list") + "?sort=-municipality",
        "detail": reverse("companies:company_detail", args=[company.pk]),
        "edit": reverse("companies:company_update", args=[company.pk]),
    }[page]
    _grow(company, 2)
    secretariat_client.get(url)  # warm caches that are not per request (content types, …)
    small = _count(secretariat_client, url)

    _grow(company, 10)
    large = _count(secretariat_client, url)

    assert small == large, f"{page}: {small} queries with 3 companies, {large} with 13"
    assert large <= MAX_QUERIES, f"{page}: {large} queries"


def test_company_list_pages_take_the_same_queries_with_many_companies(
    secretariat_client: Client, django_assert_num_queries: Any
) -> None:
    url = reverse("companies:company_list")
    projects = ProjectFactory.create_batch(3)
    for company in CompanyFactory.create_batch(3):
        company.projects.add(*projects)
    secretariat_client.get(url)  # warm caches that are not per request
    with CaptureQueriesContext(connection) as few:
        secretariat_client.get(url)

    for company in CompanyFactory.create_batch(60):
        company.projects.add(*projects[:2])
    for query in ("", "?page=2", "?sort=-project_count", "?per_page=100"):
        with django_assert_num_queries(len(few)):
            response = secretariat_client.get(url + query)
        assert response.status_code == 200, query
    rows = response.context["table"].page.object_list.data
    assert len(rows) == 63
    assert {company.project_count for company in rows} == {2, 3}
