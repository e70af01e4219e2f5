"""Projects: created and edited with their applicant, operator, partners, purpose and links."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from grants.models import Organisation, Programme, Project, ProjectOrganisation
from tests.factories import OrganisationFactory, ProgrammeFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:project_create")
Role = ProjectOrganisation.Role


def links(*rows: tuple[str, str], initial: int = 0) -> dict[str, str]:
    """The link formset's fields for `rows`, with the two empty rows the page adds."""
    data = {
        "links-TOTAL_FORMS": str(len(rows) + 2),
        "links-INITIAL_FORMS": str(initial),
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
    }
    for i, (title, url) in enumerate(rows):
        data[f"links-{i}-title"] = title
        data[f"links-{i}-url"] = url
    return data


@pytest.fixture
def orgs(db: None) -> dict[str, Organisation]:
    return {
        name: OrganisationFactory.create(name=name)
        for name in ("LO Aarhus", "LO Midtjylland", "Projektsekretariatet", "Code of Care", "Huset")
    }


@pytest.fixture
def programme(db: None) -> Programme:
    programme: Programme = ProgrammeFactory.create(name="INKLUSIONmidt")
    return programme


def project_data(
    programme: Programme, orgs: dict[str, Organisation], **extra: object
) -> dict[str, object]:
    """A full project form; `extra` replaces fields (`programme_pk` the programme's)."""
    return {
        "name": "Vækst i Midt",
        "programme": extra.pop("programme_pk", programme.pk),
        "purpose": "Flere virksomheder vokser.",
        "website": "www.vaekst-midt.dk",
        "applicant": orgs["LO Aarhus"].pk,
        "on_behalf_of": orgs["LO Midtjylland"].pk,
        "operator": orgs["Projektsekretariatet"].pk,
        "partners": [orgs["Code of Care"].pk, orgs["Huset"].pk],
        **links(("Hjemmeside", "https://vaekst-midt.dk/"), ("LinkedIn", "linkedin.com/x")),
        **extra,
    }


def roles(project: Project) -> set[tuple[str, str, str | None]]:
    return {
        (po.role, po.organisation.name, po.on_behalf_of.name if po.on_behalf_of else None)
        for po in project.organisation_roles.select_related("organisation", "on_behalf_of")
    }


def test_staff_create_a_project_with_its_organisations_and_links(
    client_of: Client, staff: User, programme: Programme, orgs: dict[str, Organisation]
) -> None:
    response = client_of.post(CREATE, project_data(programme, orgs))

    project = Project.objects.get(name="Vækst i Midt")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.programme == programme
    assert project.website == "https://www.vaekst-midt.dk"
    assert roles(project) == {
        (Role.APPLICANT, "LO Aarhus", "LO Midtjylland"),
        (Role.OPERATOR, "Projektsekretariatet", None),
        (Role.PARTNER, "Code of Care", None),
        (Role.PARTNER, "Huset", None),
    }
    assert [(link.title, link.url) for link in project.links.all()] == [
        ("Hjemmeside", "https://vaekst-midt.dk/"),
        ("LinkedIn", "https://linkedin.com/x"),
    ]
    assert project.history.get().history_user == staff
    assert {r.history_user for r in ProjectOrganisation.history.all()} == {staff}
    page = client_of.get(project.get_absolute_url()).content.decode()
    assert "LO Aarhus på vegne af LO Midtjylland" in page


def test_editing_a_project_replaces_its_organisations_and_links(
    client_of: Client, programme: Programme, orgs: dict[str, Organisation]
) -> None:
    client_of.post(CREATE, project_data(programme, orgs))
    project = Project.objects.get()
    url = reverse("grants:project_update", args=[project.pk])
    assert client_of.get(url).context["form"].initial["applicant"] == orgs["LO Aarhus"].pk

    response = client_of.post(
        url,
        project_data(
            programme,
            orgs,
            applicant=orgs["Huset"].pk,
            on_behalf_of="",
            operator="",
            partners=[orgs["LO Aarhus"].pk],
            **links(("LinkedIn", "https://linkedin.com/y"), ("", ""), initial=2),
        ),
    )

    assert response.status_code == 302
    assert roles(project) == {(Role.APPLICANT, "Huset", None), (Role.PARTNER, "LO Aarhus", None)}
    assert [(link.title, link.url) for link in project.links.all()] == [
        ("LinkedIn", "https://linkedin.com/y")
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "Dette felt er påkrævet."),
        ({"programme_pk": ""}, "programme", "Dette felt er påkrævet."),
        ({"programme_pk": "tom"}, "programme", "Marker en gyldig valgmulighed."),
        ({"applicant": ""}, "applicant", "Dette felt er påkrævet."),
        ({"applicant": "999999"}, "applicant", "Marker en gyldig valgmulighed."),
        ({"website": "ikke en adresse"}, "website", "Indtast en gyldig URL."),
        (
            {"on_behalf_of": "APPLICANT"},
            "on_behalf_of",
            "En ansøger søger ikke på vegne af sig selv.",
        ),
        (
            {"partners": ["APPLICANT"]},
            "partners",
            "Ansøgeren og operatøren kan ikke også være partnere.",
        ),
        ({"name": "Findes"}, "name", "Projekt med dette Navn eksisterer allerede."),
    ],
)
def test_bad_project_input_is_refused_with_a_danish_message(
    client_of: Client,
    programme: Programme,
    orgs: dict[str, Organisation],
    change: dict[str, object],
    field: str,
    message: str,
) -> None:
    ProjectFactory.create(name="Findes")
    applicant = str(orgs["LO Aarhus"].pk)
    change = {
        key: [applicant] if value == ["APPLICANT"] else applicant if value == "APPLICANT" else value
        for key, value in change.items()
    }

    response = client_of.post(CREATE, project_data(programme, orgs, **change))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors, errors
    assert list(Project.objects.values_list("name", flat=True)) == ["Findes"]
    assert not ProjectOrganisation.objects.exists()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("Titel uden adresse", ""), "url", "Angiv linkets adresse, eller slet dets titel."),
        (("", "https://example.dk/"), "title", "Giv linket en titel, eller slet dets adresse."),
        (("Forkert", "ikke en adresse"), "url", "Indtast en gyldig URL."),
    ],
)
def test_a_half_filled_or_bad_link_is_refused(
    client_of: Client,
    programme: Programme,
    orgs: dict[str, Organisation],
    row: tuple[str, str],
    field: str,
    message: str,
) -> None:
    response = client_of.post(CREATE, project_data(programme, orgs, **links(row)))

    assert response.status_code == 200
    assert message in " ".join(response.context["links"].forms[0].errors[field])
    assert not Project.objects.exists()


def test_the_project_pages_offer_creating_and_editing_to_staff_only(
    client_of: Client, secretariat_client: Client
) -> None:
    project = ProjectFactory.create()
    edit = reverse("grants:project_update", args=[project.pk])

    assert CREATE in client_of.get(reverse("grants:project_list")).content.decode()
    page = client_of.get(project.get_absolute_url()).content.decode()
    for url in (
        edit,
        reverse("grants:effortarea_list", args=[project.pk]),
        reverse("grants:projectfundingsource_list", args=[project.pk]),
    ):
        assert url in page
    assert CREATE not in secretariat_client.get(reverse("grants:project_list")).content.decode()
