"""The Django admin for the companies models: every page loads for a superuser."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from companies.models import (
    Company,
    Industry,
    IndustryAssociation,
    LabourMarketArea,
    Municipality,
    Network,
)
from tests.factories import (
    CompanyFactory,
    IndustryAssociationFactory,
    NetworkFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS: list[type[Model]] = [
    LabourMarketArea,
    Municipality,
    Industry,
    IndustryAssociation,
    Company,
    Network,
]


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def _url(model: type[Model], action: str, *args: object) -> str:
    return reverse(f"admin:companies_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def objects(db: None) -> dict[type[Model], Model]:
    company = CompanyFactory.create()
    company.projects.add(ProjectFactory.create())
    network = NetworkFactory.create()
    network.members.add(company)
    association = IndustryAssociationFactory.create()
    return {
        LabourMarketArea: network.labour_market_area,
        Municipality: Municipality.objects.get(code="751"),
        Industry: association.industry,
        IndustryAssociation: association,
        Company: company,
        Network: network,
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_load_for_a_superuser(
    admin_client: Client, objects: dict[type[Model], Model], model: type[Model]
) -> None:
    pk = objects[model].pk
    for url in [
        _url(model, "changelist"),
        _url(model, "changelist") + "?q=a",
        _url(model, "add"),
        _url(model, "change", pk),
        _url(model, "delete", pk),
    ]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_list_filter_of_the_admin_works(
    admin_client: Client, objects: dict[type[Model], Model], model: type[Model]
) -> None:
    response = admin_client.get(_url(model, "changelist"))
    for spec in response.context["cl"].filter_specs:
        for choice in spec.choices(response.context["cl"]):
            url = _url(model, "changelist") + choice["query_string"]
            assert admin_client.get(url).status_code == 200, url


def test_network_members_are_chosen_by_autocomplete(
    admin_client: Client, objects: dict[type[Model], Model]
) -> None:
    company = objects[Company]
    assert isinstance(company, Company)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "companies",
            "model_name": "network",
            "field_name": "members",
            "term": company.cvr,
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [company.name]


def test_regional_staff_without_staff_status_cannot_open_the_admin(
    staff_client: Client,
) -> None:
    response = staff_client.get(_url(Company, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
