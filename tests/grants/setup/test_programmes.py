"""Programmes: regional staff list, create and edit them without the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from grants.models import Programme
from tests.factories import ProgrammeFactory, ProjectFactory
from tests.grants.setup.conftest import queries_of

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:programme_create")
LIST = reverse("grants:programme_list")


def test_staff_create_a_programme_with_its_pool_and_period(client_of: Client, staff: User) -> None:
    response = client_of.post(
        CREATE,
        {"name": "Erhvervsudvikling", "pool": "REM", "first_year": "2021", "last_year": "2024"},
    )

    assert response.status_code == 302
    assert response["Location"] == LIST
    programme = Programme.objects.get(name="Erhvervsudvikling")
    assert (programme.pool, programme.first_year, programme.last_year) == ("REM", 2021, 2024)
    assert programme.period == "2021–2024"
    record = programme.history.get()
    assert record.history_user == staff
    assert "Programmet blev gemt." in [str(m) for m in client_of.get(LIST).context["messages"]]


def test_staff_edit_a_programme(client_of: Client) -> None:
    programme = ProgrammeFactory.create(name="Gammelt navn")

    response = client_of.post(
        reverse("grants:programme_update", args=[programme.pk]),
        {"name": "Nyt navn", "pool": "", "first_year": "", "last_year": ""},
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.pool, programme.period) == ("Nyt navn", "", "")
    assert programme.history.count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Dette felt er påkrævet."),
        (
            {"name": "P", "first_year": "2024", "last_year": "2021"},
            "last_year",
            "Sidste år kan ikke ligge før første år.",
        ),
        ({"name": "P", "first_year": "1999"}, "first_year", "større end eller lig 2000"),
        ({"name": "P", "last_year": "2101"}, "last_year", "mindre end eller lig 2100"),
        ({"name": "P", "first_year": "tyve"}, "first_year", "Indtast et heltal."),
        ({"name": "Findes"}, "name", "Program med dette Navn eksisterer allerede."),
    ],
)
def test_bad_programme_input_is_refused_with_a_danish_message(
    client_of: Client, data: dict[str, str], field: str, message: str
) -> None:
    ProgrammeFactory.create(name="Findes")

    response = client_of.post(CREATE, data)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors, errors
    assert not Programme.objects.exclude(name="Findes").exists()
    assert "Intet blev gemt: ret de markerede felter." in response.content.decode()


def test_the_list_shows_pool_period_and_project_count(client_of: Client) -> None:
    programme = ProgrammeFactory.create(name="INKLUSIONmidt", first_year=2016, last_year=2020)
    ProjectFactory.create_batch(2, programme=programme)

    response = client_of.get(LIST)

    html = response.content.decode()
    assert "INKLUSIONmidt" in html
    assert "2016–2020" in html
    [row] = response.context["table"].rows
    assert row.get_cell("project_count") == 2


def test_the_list_reads_as_many_queries_for_ten_programmes_as_for_two(
    client_of: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for programme in ProgrammeFactory.create_batch(2):
        ProjectFactory.create(programme=programme)
    two = queries_of(client_of, LIST)
    for programme in ProgrammeFactory.create_batch(8):
        ProjectFactory.create_batch(2, programme=programme)

    with django_assert_num_queries(two):
        response = client_of.get(LIST)
    assert len(response.context["table"].rows) == 10
