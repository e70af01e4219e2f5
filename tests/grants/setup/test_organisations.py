"""Organisations: list with search by name or CVR number, create and edit them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from grants.models import Organisation, ProjectOrganisation
from tests.factories import OrganisationFactory, ProjectFactory
from tests.grants.setup.conftest import queries_of

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:organisation_create")
LIST = reverse("grants:organisation_list")


def names(response: object) -> list[str]:
    return [row.record.name for row in response.context["table"].rows]  # type: ignore[attr-defined]


def test_staff_create_an_organisation_with_cvr_and_address(client_of: Client, staff: User) -> None:
    response = client_of.post(
        CREATE,
        {
            "name": "LO Aarhus",
            "cvr": "DK 29 18 94 55",
            "address": "Banegårdspladsen 1\n8000 Aarhus C",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="LO Aarhus")
    assert organisation.cvr == "29189455"
    assert organisation.address == "Banegårdspladsen 1\n8000 Aarhus C"
    assert organisation.history.get().history_user == staff


def test_an_organisation_may_have_no_cvr_number(client_of: Client) -> None:
    for name in ("Uden CVR 1", "Uden CVR 2"):
        assert client_of.post(CREATE, {"name": name, "cvr": ""}).status_code == 302

    assert list(Organisation.objects.values_list("cvr", flat=True)) == ["", ""]


def test_staff_edit_an_organisation(client_of: Client) -> None:
    organisation = OrganisationFactory.create(name="Gammelt", cvr="29189455")

    response = client_of.post(
        reverse("grants:organisation_update", args=[organisation.pk]),
        {"name": "Nyt", "cvr": "29189455", "address": "Vej 2"},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.cvr, organisation.address) == (
        "Nyt",
        "29189455",
        "Vej 2",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Dette felt er påkrævet."),
        ({"name": "X", "cvr": "29189454"}, "cvr", "29189454 er ikke et gyldigt CVR-nummer"),
        ({"name": "X", "cvr": "1234"}, "cvr", "1234 er ikke et gyldigt CVR-nummer"),
        ({"name": "X", "cvr": "010203-1234"}, "cvr", "Dette ligner et CPR-nummer."),
        (
            {"name": "X", "cvr": "12345674"},
            "cvr",
            "CVR-nummeret 12345674 er allerede registreret for Findes.",
        ),
        ({"name": "Findes"}, "name", "Organisation med dette Navn eksisterer allerede."),
    ],
)
def test_bad_organisation_input_is_refused_with_a_danish_message(
    client_of: Client, data: dict[str, str], field: str, message: str
) -> None:
    OrganisationFactory.create(name="Findes", cvr="12345674")

    response = client_of.post(CREATE, data)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors, errors
    assert Organisation.objects.count() == 1


def test_search_finds_organisations_by_part_of_the_name(client_of: Client) -> None:
    for name in ("LO Aarhus", "LO Midtjylland", "Huset Venture"):
        OrganisationFactory.create(name=name)

    assert names(client_of.get(LIST, {"q": "lo "})) == ["LO Aarhus", "LO Midtjylland"]
    assert names(client_of.get(LIST, {"q": "venture"})) == ["Huset Venture"]
    assert names(client_of.get(LIST, {"q": "ingen"})) == []
    assert (
        "Ingen organisation passer på søgningen."
        in client_of.get(LIST, {"q": "x"}).content.decode()
    )


def test_search_finds_an_organisation_by_its_cvr_number_however_typed(client_of: Client) -> None:
    OrganisationFactory.create(name="Code of Care", cvr="29189455")
    OrganisationFactory.create(name="Huset Venture", cvr="12345674")

    for typed in ("29189455", "DK29189455", "29 18 94 55", "2918"):
        assert names(client_of.get(LIST, {"q": typed})) == ["Code of Care"], typed


def test_the_list_counts_each_organisations_projects_once(client_of: Client) -> None:
    organisation = OrganisationFactory.create(name="LO Aarhus")
    project = ProjectFactory.create()
    ProjectOrganisation.objects.create(
        project=project, organisation=organisation, role=ProjectOrganisation.Role.APPLICANT
    )
    ProjectOrganisation.objects.create(
        project=project, organisation=organisation, role=ProjectOrganisation.Role.PARTNER
    )
    ProjectOrganisation.objects.create(
        project=ProjectFactory.create(),
        organisation=organisation,
        role=ProjectOrganisation.Role.OPERATOR,
    )

    [row] = client_of.get(LIST).context["table"].rows
    assert row.get_cell("project_count") == 2


def _with_projects(count: int) -> None:
    for organisation in OrganisationFactory.create_batch(count):
        ProjectOrganisation.objects.create(
            project=ProjectFactory.create(),
            organisation=organisation,
            role=ProjectOrganisation.Role.PARTNER,
        )


def test_the_list_reads_as_many_queries_for_ten_organisations_as_for_two(
    client_of: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _with_projects(2)
    two = queries_of(client_of, LIST + "?q=Organisation")
    _with_projects(8)

    with django_assert_num_queries(two):
        response = client_of.get(LIST + "?q=Organisation")
    assert len(response.context["table"].rows) == 10
