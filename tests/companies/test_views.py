"""Company pages: who may see and change what, and what the form does with good and bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from companies.models import Company, Municipality
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    IndustryAssociationFactory,
    IndustryFactory,
    LabourMarketAreaFactory,
    MembershipFactory,
    NetworkFactory,
    ProjectFactory,
    SecretariatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def read_pages(company: Company) -> list[str]:
    return [
        reverse("companies:company_list"),
        reverse("companies:company_detail", args=[company.pk]),
    ]


def edit_pages(company: Company) -> list[str]:
    return [
        reverse("companies:company_create"),
        reverse("companies:company_update", args=[company.pk]),
    ]


def _data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Vestjysk Tømrer ApS",
        "cvr": "25313763",
        "municipality": str(Municipality.objects.get(code="657").pk),
        "labour_market_area": "",
        "industry": "",
        "inclusion_started_on": "",
        "notes": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# Permissions


def test_anonymous_visitor_is_sent_to_login_from_every_page(client: Client) -> None:
    company = CompanyFactory.create()
    for url in [*read_pages(company), *edit_pages(company)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("companies:company_create"), _data())
    assert response.status_code == 302
    assert not Company.objects.filter(cvr="25313763").exists()


def test_regional_staff_read_but_may_not_create_or_edit(staff_client: Client) -> None:
    company = CompanyFactory.create(name="Before")
    for url in read_pages(company):
        assert staff_client.get(url).status_code == 200, url
    for url in edit_pages(company):
        assert staff_client.get(url).status_code == 403, url
        assert staff_client.post(url, _data(name="After")).status_code == 403, url
    company.refresh_from_db()
    assert company.name == "Before"
    assert not Company.objects.filter(cvr="25313763").exists()


def test_secretariat_reads_creates_and_edits(secretariat_client: Client) -> None:
    company = CompanyFactory.create()
    for url in [*read_pages(company), *edit_pages(company)]:
        assert secretariat_client.get(url).status_code == 200, url


def test_user_without_a_role_sees_no_company_page(db: None) -> None:
    client = _client(UserFactory.create())
    company = CompanyFactory.create()
    for url in [*read_pages(company), *edit_pages(company)]:
        assert client.get(url).status_code == 403, url


def test_edit_links_show_only_to_those_who_may_edit(
    staff_client: Client, secretariat_client: Client
) -> None:
    company = CompanyFactory.create()
    create_url = reverse("companies:company_create")
    update_url = reverse("companies:company_update", args=[company.pk])
    detail_url = reverse("companies:company_detail", args=[company.pk])
    list_url = reverse("companies:company_list")
    assert create_url not in staff_client.get(list_url).content.decode()
    assert update_url not in staff_client.get(detail_url).content.decode()
    assert create_url in secretariat_client.get(list_url).content.decode()
    assert update_url in secretariat_client.get(detail_url).content.decode()


@pytest.mark.parametrize(
    "url",
    ["/companies/999999/", "/companies/999999/edit/", "/companies/abc/", "/companies/1/delete/"],
)
def test_unknown_ids_are_404(secretariat_client: Client, url: str) -> None:
    assert secretariat_client.get(url).status_code == 404


# Creating and editing


def test_secretariat_creates_a_company_and_lands_on_its_page(db: None) -> None:
    user = SecretariatFactory.create()
    mine = MembershipFactory.create(user=user).project
    industry = IndustryFactory.create(name="Landbrug")
    response = _client(user).post(
        reverse("companies:company_create"),
        _data(
            cvr="DK 25 31 37 63",
            industry=str(industry.pk),
            social_economy="on",
            inclusion_started_on="2018-03-01",
            projects=[str(mine.pk)],
        ),
    )
    company = Company.objects.get(cvr="25313763")
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:company_detail", args=[company.pk])
    assert company.name == "Vestjysk Tømrer ApS"
    assert company.municipality.code == "657"
    assert company.industry == industry
    assert company.social_economy is True
    assert company.pioneer is False
    assert str(company.inclusion_started_on) == "2018-03-01"
    assert list(company.projects.all()) == [mine]


def test_labour_market_area_defaults_to_the_municipalitys(secretariat_client: Client) -> None:
    area = LabourMarketAreaFactory.create(name="Vestjylland")
    Municipality.objects.filter(code="657").update(labour_market_area=area)
    secretariat_client.post(reverse("companies:company_create"), _data())
    assert Company.objects.get(cvr="25313763").labour_market_area == area


def test_a_chosen_labour_market_area_is_kept(secretariat_client: Client) -> None:
    Municipality.objects.filter(code="657").update(
        labour_market_area=LabourMarketAreaFactory.create(name="Vestjylland")
    )
    chosen = LabourMarketAreaFactory.create(name="Midtjylland")
    secretariat_client.post(
        reverse("companies:company_create"), _data(labour_market_area=str(chosen.pk))
    )
    assert Company.objects.get(cvr="25313763").labour_market_area == chosen


def test_secretariat_edits_a_company(secretariat_client: Client) -> None:
    company = CompanyFactory.create(name="Old name", pioneer=False)
    response = secretariat_client.post(
        reverse("companies:company_update", args=[company.pk]),
        _data(name="New name", cvr=company.cvr, pioneer="on"),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "New name"
    assert company.pioneer is True


def test_saving_a_company_under_its_own_cvr_is_no_duplicate(secretariat_client: Client) -> None:
    company = CompanyFactory.create()
    response = secretariat_client.post(
        reverse("companies:company_update", args=[company.pk]), _data(cvr=company.cvr)
    )
    assert response.status_code == 302


# Projects in the form


def test_form_offers_only_the_projects_the_user_works_in(db: None) -> None:
    user = SecretariatFactory.create()
    mine = MembershipFactory.create(user=user).project
    ProjectFactory.create(name="Someone else's project")
    form = _client(user).get(reverse("companies:company_create")).context["form"]
    assert list(form.fields["projects"].queryset) == [mine]


def test_editing_keeps_links_to_projects_the_user_cannot_see(db: None) -> None:
    user = SecretariatFactory.create()
    mine = MembershipFactory.create(user=user).project
    also_mine = MembershipFactory.create(user=user).project
    theirs = ProjectFactory.create()
    company = CompanyFactory.create()
    company.projects.set([mine, theirs])

    response = _client(user).post(
        reverse("companies:company_update", args=[company.pk]),
        _data(cvr=company.cvr, projects=[str(also_mine.pk)]),
    )

    assert response.status_code == 302
    assert set(company.projects.all()) == {also_mine, theirs}


def test_unlinking_every_visible_project_keeps_the_hidden_ones(db: None) -> None:
    user = SecretariatFactory.create()
    mine = MembershipFactory.create(user=user).project
    theirs = ProjectFactory.create()
    company = CompanyFactory.create()
    company.projects.set([mine, theirs])

    _client(user).post(
        reverse("companies:company_update", args=[company.pk]), _data(cvr=company.cvr)
    )

    assert list(company.projects.all()) == [theirs]


def test_linking_to_a_project_the_user_does_not_work_in_is_refused(db: None) -> None:
    user = SecretariatFactory.create()
    theirs = ProjectFactory.create()
    response = _client(user).post(
        reverse("companies:company_create"), _data(projects=[str(theirs.pk)])
    )
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert not Company.objects.exists()


# Bad input


def _errors(response: Any, field: str) -> list[str]:
    """The error codes the form gave `field`."""
    assert response.status_code == 200
    return [e.code for e in response.context["form"].errors.as_data().get(field, [])]


@pytest.mark.parametrize(
    "cvr",
    [
        "25313764",  # wrong check digit
        "1234567",  # seven digits
        "123456789",  # nine digits
        "2531376A",
        "abcdefgh",
        "12345678",  # eight digits, wrong check digit
        "",
        "٢٥٣١٣٧٦٣",  # Arabic-Indic digits
    ],
)
def test_invalid_cvr_is_refused_and_nothing_saved(secretariat_client: Client, cvr: str) -> None:
    response = secretariat_client.post(reverse("companies:company_create"), _data(cvr=cvr))
    assert _errors(response, "cvr")
    assert not Company.objects.exists()


@pytest.mark.parametrize("cpr", ["010190-1234", "0101901234", "010190 1234"])
def test_cpr_number_in_the_cvr_field_is_named_as_such_and_not_echoed_in_the_error(
    secretariat_client: Client, cpr: str
) -> None:
    response = secretariat_client.post(reverse("companies:company_create"), _data(cvr=cpr))
    assert _errors(response, "cvr") == ["cpr_number"]
    assert not any(cpr in str(e) for e in response.context["form"].errors["cvr"])
    assert not Company.objects.exists()


def test_cpr_number_in_the_notes_is_refused(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        reverse("companies:company_create"), _data(notes="Borger 010190-1234 startede i dag")
    )
    assert _errors(response, "notes") == ["cpr_number"]
    assert not Company.objects.exists()


def test_duplicate_cvr_names_the_company_that_has_it_and_saves_nothing(
    secretariat_client: Client,
) -> None:
    CompanyFactory.create(name="LD Cluster Herning", cvr="25313763")
    response = secretariat_client.post(
        reverse("companies:company_create"), _data(name="Another", cvr="2531 3763")
    )
    assert _errors(response, "cvr") == ["unique"]
    assert "LD Cluster Herning" in str(response.context["form"].errors["cvr"])
    assert Company.objects.count() == 1


def test_editing_to_another_companys_cvr_is_refused(secretariat_client: Client) -> None:
    CompanyFactory.create(cvr="25313763")
    company = CompanyFactory.create(name="Unchanged")
    old_cvr = company.cvr
    response = secretariat_client.post(
        reverse("companies:company_update", args=[company.pk]),
        _data(name="Changed", cvr="25313763"),
    )
    assert _errors(response, "cvr") == ["unique"]
    company.refresh_from_db()
    assert (company.name, company.cvr) == ("Unchanged", old_cvr)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 201),
        ("municipality", ""),
        ("municipality", "999999"),
        ("municipality", "Aarhus"),
        ("industry", "999999"),
        ("labour_market_area", "999999"),
        ("inclusion_started_on", "2099-01-01"),
        ("inclusion_started_on", "31-02-2019"),
        ("projects", "999999"),
        ("projects", "abc"),
    ],
)
def test_bad_field_is_refused_and_nothing_saved(
    secretariat_client: Client, field: str, value: str
) -> None:
    response = secretariat_client.post(reverse("companies:company_create"), _data(**{field: value}))
    assert _errors(response, field)
    assert not Company.objects.exists()


# The company's page


def test_company_page_shows_projects_networks_and_a_count_of_courses_only(
    staff_client: Client,
) -> None:
    company = CompanyFactory.create(name="Ringkøbing Fjord Turisme")
    project = ProjectFactory.create(name="Rummelig imidt")
    company.projects.add(project)
    network = NetworkFactory.create(name="Netværk Vestjylland")
    network.members.add(company)
    courses = [
        CourseFactory.create(company=company, participant__reference="REF-SECRET-1"),
        CourseFactory.create(company=company, participant__reference="REF-SECRET-2"),
    ]
    CourseFactory.create()  # in another company

    response = staff_client.get(reverse("companies:company_detail", args=[company.pk]))

    page = response.content.decode()
    assert response.context["course_count"] == 2
    assert "Rummelig imidt" in page
    assert project.get_absolute_url() in page
    assert "Netværk Vestjylland" in page
    for course in courses:
        assert course.participant is not None
        assert course.participant.reference not in page
        assert reverse("participants:participant_detail", args=[course.participant_id]) not in page


def test_company_page_lists_the_industry_associations_of_its_industry(
    staff_client: Client,
) -> None:
    industry = IndustryFactory.create(name="Turisme")
    IndustryAssociationFactory.create(
        name="Ringkøbing Fjord Turisme", town="Ringkøbing", industry=industry
    )
    IndustryAssociationFactory.create(name="Vestjysk Landboforening")
    company = CompanyFactory.create(industry=industry)
    page = staff_client.get(reverse("companies:company_detail", args=[company.pk])).content
    assert "Ringkøbing Fjord Turisme".encode() in page
    assert b"Vestjysk Landboforening" not in page


def test_edit_form_ticks_the_projects_the_company_is_in(db: None) -> None:
    user = SecretariatFactory.create()
    linked = MembershipFactory.create(user=user).project
    MembershipFactory.create(user=user)
    company = CompanyFactory.create()
    company.projects.add(linked)
    response = _client(user).get(reverse("companies:company_update", args=[company.pk]))
    form = response.context["form"]
    ticked = [option.data["value"] for option in form["projects"] if option.data["selected"]]
    assert [str(value) for value in ticked] == [str(linked.pk)]
    assert re.search(rf'<input[^>]*value="{linked.pk}"[^>]*checked', response.content.decode())
