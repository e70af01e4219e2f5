"""Pages: who may see and change what, what the grid does with good and bad input."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from demo.grants import vaekstforum
from grants.models import BudgetLine, Case, FinancingLine, GrantDecision, Organisation, Project
from tests.factories import (
    AdministratorFactory,
    DecisionFactory,
    ForumMemberFactory,
    MembershipFactory,
    ProgrammeFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _ids(seed: Project) -> dict[str, int]:
    decision = seed.decisions.get(kind=GrantDecision.Kind.TOP_UP)
    return {
        "project": seed.pk,
        "decision": decision.pk,
        "case": Case.objects.get().pk,
    }


def read_pages(ids: dict[str, int]) -> list[str]:
    return [
        reverse("grants:project_list"),
        reverse("grants:project_detail", args=[ids["project"]]),
        reverse("grants:decision_list"),
        reverse("grants:decision_detail", args=[ids["decision"]]),
        reverse("grants:case_list"),
        reverse("grants:case_detail", args=[ids["case"]]),
        *[
            reverse("grants:budget_table", args=[kind, ids[kind]])
            for kind in ("decision", "case", "project")
        ],
        *[
            reverse("grants:budget_table_export", args=[kind, ids[kind], fmt])
            for kind in ("decision", "case", "project")
            for fmt in ("csv", "xlsx", "pdf")
        ],
    ]


def edit_pages(ids: dict[str, int]) -> list[str]:
    return [
        reverse("grants:decision_create", args=[ids["project"]]),
        reverse("grants:decision_update", args=[ids["decision"]]),
        reverse("grants:decision_budget", args=[ids["decision"]]),
    ]


def test_anonymous_visitor_is_sent_to_login_from_every_page(client: Client, seed: Project) -> None:
    ids = _ids(seed)
    for url in [*read_pages(ids), *edit_pages(ids)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    status_url = reverse("grants:decision_status", args=[ids["decision"]])
    assert client.post(status_url, {"status": "approved"}).status_code == 302


def test_forum_member_reads_but_may_not_edit_grants(seed: Project) -> None:
    client = Client()
    client.force_login(ForumMemberFactory.create())
    ids = _ids(seed)
    for url in read_pages(ids):
        assert client.get(url).status_code == 200, url
    for url in edit_pages(ids):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    status_url = reverse("grants:decision_status", args=[ids["decision"]])
    assert client.post(status_url, {"status": "draft"}).status_code == 403
    assert GrantDecision.objects.get(pk=ids["decision"]).status == "recommended"


def test_user_without_a_role_may_not_edit(seed: Project) -> None:
    client = Client()
    client.force_login(UserFactory.create())
    for url in edit_pages(_ids(seed)):
        assert client.get(url).status_code == 403, url


def test_regional_staff_may_read_and_edit(seed: Project) -> None:
    client = Client()
    client.force_login(StaffFactory.create())
    ids = _ids(seed)
    for url in [*read_pages(ids), *edit_pages(ids)]:
        assert client.get(url).status_code == 200, url


def test_status_change_only_by_post(staff_client: Client, seed: Project) -> None:
    url = reverse("grants:decision_status", args=[_ids(seed)["decision"]])
    assert staff_client.get(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/projects/999999/",
        "/decisions/999999/",
        "/decisions/999999/edit/",
        "/decisions/999999/budget/",
        "/cases/999999/",
        "/cases/999999/table/",
        "/decisions/999999/table.xlsx",
        "/projects/999999/decisions/new/",
        "/projects/abc/",
        "/widgets/1/table/",
        "/cases/1/table.exe",
    ],
)
def test_unknown_ids_and_formats_are_404(staff_client: Client, url: str) -> None:
    assert staff_client.get(url).status_code == 404


def test_login_page_is_open_and_logs_in(client: Client, db: None) -> None:
    user = StaffFactory.create(username="karen")
    assert client.get(reverse("login")).status_code == 200
    response = client.post(
        reverse("login"), {"username": "karen", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_refuses_an_external_next_url(client: Client, db: None) -> None:
    StaffFactory.create(username="karen")
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "karen", "password": "correct-horse-battery", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_staff_creates_a_decision_and_lands_on_its_grid(
    staff_client: Client, seed: Project
) -> None:
    response = staff_client.post(
        reverse("grants:decision_create", args=[seed.pk]),
        {
            "title": "Forlængelse 2021-2022",
            "kind": "extension",
            "deciding_body": vaekstforum().pk,
            "first_year": "2021",
            "last_year": "2022",
            "split_by_year": "on",
        },
    )
    decision = GrantDecision.objects.get(title="Forlængelse 2021-2022")
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:decision_budget", args=[decision.pk])
    assert decision.status == GrantDecision.Status.DRAFT
    assert decision.project == seed


def test_decision_form_errors_come_back_in_danish(staff_client: Client, seed: Project) -> None:
    response = staff_client.post(
        reverse("grants:decision_create", args=[seed.pk]),
        {
            "title": "",
            "kind": "extension",
            "deciding_body": vaekstforum().pk,
            "first_year": "2022",
            "last_year": "2021",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dette felt er påkrævet." in content
    assert "Sidste år kan ikke ligge før første år." in content
    assert not GrantDecision.objects.filter(first_year=2022).exists()


def test_grid_saves_all_cells_and_the_table_shows_them(staff_client: Client, seed: Project) -> None:
    decision = seed.decisions.get(kind=GrantDecision.Kind.TOP_UP)
    area = seed.effort_areas.get(name="Socialøkonomiske virksomheder")
    source = FinancingLine.objects.filter(decision=decision).first().funding_source  # type: ignore[union-attr]
    url = reverse("grants:decision_budget", args=[decision.pk])
    form = staff_client.get(url).context["form"]
    data = {name: ("" if value is None else str(value)) for name, value in form.initial.items()}
    data.update(
        {
            name: ("" if field.initial is None else str(field.initial))
            for name, field in form.fields.items()
        }
    )
    data[f"b_{area.pk}_2018"] = "250.000"
    data[f"f_{source.pk}_2018"] = str(1_000_000 + 250_000)

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert BudgetLine.objects.get(decision=decision, effort_area=area, year=2018).amount == 250_000
    page = staff_client.get(reverse("grants:decision_detail", args=[decision.pk])).content.decode()
    assert "2.250" in page  # budget total 2018 in 1.000 kr.
    assert "data-unbalanced" not in page


def test_grid_with_bad_cells_saves_nothing_and_marks_the_cells(
    staff_client: Client, seed: Project
) -> None:
    decision = seed.decisions.get(kind=GrantDecision.Kind.EXTENSION)
    area = seed.effort_areas.get(name="Indslusning")
    before = list(BudgetLine.objects.values_list("pk", "amount"))
    url = reverse("grants:decision_budget", args=[decision.pk])

    response = staff_client.post(
        url, {f"b_{area.pk}_2019": "mange penge", f"b_{area.pk}_2020": "-12.000"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "“mange penge” er ikke et beløb i hele kroner" in content
    assert "“-12.000” er negativt: beløbet kan ikke være under 0 kr." in content
    assert "Intet blev gemt" in content
    assert list(BudgetLine.objects.values_list("pk", "amount")) == before


def test_grid_refuses_cells_outside_the_period(staff_client: Client, seed: Project) -> None:
    decision = seed.decisions.get(kind=GrantDecision.Kind.EXTENSION)
    area = seed.effort_areas.get(name="Indslusning")
    before = BudgetLine.objects.count()
    response = staff_client.post(
        reverse("grants:decision_budget", args=[decision.pk]), {f"b_{area.pk}_2031": "5"}
    )
    assert response.status_code == 200
    assert "Genindlæs siden" in response.content.decode()
    assert BudgetLine.objects.count() == before


def test_unbalanced_decision_shows_red_total_and_cannot_be_approved(
    staff_client: Client, seed: Project
) -> None:
    decision = seed.decisions.get(kind=GrantDecision.Kind.EXTENSION)
    area = seed.effort_areas.get(name="Indslusning")
    BudgetLine.objects.filter(decision=decision, effort_area=area, year=2020).update(
        amount=7_400_000
    )

    page = staff_client.get(reverse("grants:decision_detail", args=[decision.pk]))
    response = staff_client.post(
        reverse("grants:decision_status", args=[decision.pk]), {"status": "approved"}, follow=True
    )

    content = page.content.decode()
    assert 'data-unbalanced="true">400<' in content
    assert "2020: budgettet afviger fra finansieringen med 400.000 kr." in content
    assert "balancerer ikke i 2020" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.RECOMMENDED


def test_balanced_decision_is_approved(staff_client: Client, seed: Project) -> None:
    decision = seed.decisions.get(kind=GrantDecision.Kind.EXTENSION)
    staff_client.post(reverse("grants:decision_status", args=[decision.pk]), {"status": "approved"})
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


def test_lists_filter_by_programme_status_and_year(staff_client: Client, seed: Project) -> None:
    url = reverse("grants:decision_list")
    by_status = staff_client.get(url, {"status": "approved"}).context["table"]
    by_year = staff_client.get(url, {"year": "2019"}).context["table"]
    by_programme = staff_client.get(url, {"programme": seed.programme_id}).context["table"]
    bad_year = staff_client.get(url, {"year": "abc"})

    assert [r.record.kind for r in by_status.rows] == ["original"]
    assert [r.record.kind for r in by_year.rows] == ["extension"]
    assert len(by_programme.rows) == 3
    assert bad_year.status_code == 200
    assert "Indtast et" in bad_year.content.decode()


def test_lists_sort_by_a_column(staff_client: Client, seed: Project) -> None:
    table = staff_client.get(reverse("grants:decision_list"), {"sort": "-period"}).context["table"]
    assert [r.record.first_year for r in table.rows] == [2019, 2017, 2016]


def test_admin_is_for_administrators_only(client: Client, seed: Project) -> None:
    urls = [
        reverse("admin:index"),
        reverse("admin:grants_fundingsource_changelist"),
        reverse("admin:grants_programme_changelist") + "?q=Inklusion",
        reverse("admin:grants_organisation_changelist") + "?q=LO",
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url
    client.force_login(SecretariatFactory.create())
    for url in urls:
        assert client.get(url).status_code == 302, url  # not staff: sent to the admin login
    client.force_login(StaffFactory.create(is_staff=True))
    for url in urls:
        assert client.get(url).status_code == 302, url  # staff flag, but not administrator
    client.force_login(AdministratorFactory.create())
    for url in urls:
        assert client.get(url).status_code == 200, url
    found = client.get(reverse("admin:grants_organisation_changelist"), {"q": "LO"})
    assert "LO Aarhus" in found.content.decode()


def test_admin_refuses_an_invalid_cvr_number(client: Client, seed: Project) -> None:
    client.force_login(AdministratorFactory.create())
    response = client.post(
        reverse("admin:grants_organisation_add"), {"name": "Ny forening", "cvr": "12345678"}
    )
    assert response.status_code == 200
    assert "ikke et gyldigt CVR-nummer" in response.content.decode()
    assert not Organisation.objects.filter(name="Ny forening").exists()


def test_danish_by_default_whatever_the_browser_asks(staff_client: Client, seed: Project) -> None:
    page = staff_client.get(reverse("grants:project_list"), HTTP_ACCEPT_LANGUAGE="en-GB,en")
    content = page.content.decode()
    assert '<html lang="da">' in content
    assert "Projekter" in content


def test_user_can_switch_to_english_and_back(staff_client: Client, seed: Project) -> None:
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = staff_client.get(reverse("grants:project_list")).content.decode()
    staff_client.post(reverse("set_language"), {"language": "da", "next": "/"})
    danish = staff_client.get(reverse("grants:project_list")).content.decode()
    assert '<html lang="en">' in english
    assert "Projects" in english
    assert "Projekter" in danish


def test_decision_list_paginates(staff_client: Client, seed: Project) -> None:
    DecisionFactory.create_batch(30, project=seed)
    first = staff_client.get(reverse("grants:decision_list")).context["table"]
    second = staff_client.get(reverse("grants:decision_list"), {"page": 2}).context["table"]
    assert len(first.page.object_list) == 25
    assert len(second.page.object_list) == 8
    assert staff_client.get(reverse("grants:decision_list"), {"page": 99}).status_code == 200


# Scope of names in the lists' filters


@pytest.mark.parametrize("name", ["grants:project_list", "grants:decision_list"])
def test_programme_choices_are_those_of_the_projects_the_user_may_read(
    staff_client: Client, name: str
) -> None:
    mine = ProjectFactory.create(programme=ProgrammeFactory.create(name="Own programme"))
    ProjectFactory.create(programme=ProgrammeFactory.create(name="Programme of others"))
    secretary = SecretariatFactory.create()
    MembershipFactory.create(user=secretary, project=mine)
    client = Client()
    client.force_login(secretary)

    response = client.get(reverse(name))

    choices = [p.name for p in response.context["filter"].form.fields["programme"].queryset]
    assert choices == ["Own programme"]
    assert "Programme of others" not in response.content.decode()
    staff = staff_client.get(reverse(name)).context["filter"].form.fields["programme"].queryset
    assert [p.name for p in staff] == ["Own programme", "Programme of others"]


def test_another_programme_by_its_id_lists_nothing_for_a_secretariat(db: None) -> None:
    mine = ProjectFactory.create()
    theirs = ProjectFactory.create()
    DecisionFactory.create(project=theirs)
    secretary = SecretariatFactory.create()
    MembershipFactory.create(user=secretary, project=mine)
    client = Client()
    client.force_login(secretary)
    for name in ("grants:project_list", "grants:decision_list"):
        response = client.get(reverse(name), {"programme": str(theirs.programme_id)})
        assert response.status_code == 200, name
        assert response.context["filter"].form.errors["programme"], name
        assert len(response.context["table"].rows) == 0, name


# The project filter: a name with suggestions, within the projects the user may read

SUGGESTIONS = reverse("grants:project_suggestions")


def _suggested(client: Client, text: str) -> list[str]:
    response = client.get(SUGGESTIONS, {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results: list[str] = response.json()["results"]
    return results


def _client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def named_projects(db: None) -> dict[str, Project]:
    return {
        name: ProjectFactory.create(name=name)
        for name in ("Vækst Vest", "Grøn vækst", "Vækst", "Kompetencer")
    }


def test_project_suggestions_are_names_containing_the_text_those_beginning_with_it_first(
    staff_client: Client, named_projects: dict[str, Project]
) -> None:
    assert _suggested(staff_client, "vækst") == ["Vækst", "Vækst Vest", "Grøn vækst"]
    assert _suggested(staff_client, " KOMP ") == ["Kompetencer"]
    assert _suggested(staff_client, "v") == []  # one letter suggests nothing yet
    assert _suggested(staff_client, "x" * 201) == []


def test_a_secretariat_is_suggested_only_its_own_projects(
    named_projects: dict[str, Project],
) -> None:
    secretary = SecretariatFactory.create()
    MembershipFactory.create(user=secretary, project=named_projects["Grøn vækst"])
    client = _client_of(secretary)
    assert _suggested(client, "vækst") == ["Grøn vækst"]
    assert _suggested(client, "Kompetencer") == []
    assert _suggested(_client_of(SecretariatFactory.create()), "vækst") == []


def test_project_suggestions_are_at_most_twenty(staff_client: Client) -> None:
    for number in range(25):
        ProjectFactory.create(name=f"Mange {number:02}")
    assert _suggested(staff_client, "mange") == [f"Mange {n:02}" for n in range(20)]


def test_decision_list_filters_by_project_name_or_id(
    staff_client: Client, named_projects: dict[str, Project]
) -> None:
    decisions = {
        name: DecisionFactory.create(project=project).pk for name, project in named_projects.items()
    }
    url = reverse("grants:decision_list")

    def listed(value: str | int) -> set[int]:
        response = staff_client.get(url, {"project": value})
        assert response.status_code == 200
        return {row.record.pk for row in response.context["table"].rows}

    # The name a suggestion gives is exactly that project; other text, every name containing it.
    assert listed("Vækst") == {decisions["Vækst"]}
    assert listed("vækst") == {decisions["Vækst"], decisions["Vækst Vest"], decisions["Grøn vækst"]}
    assert listed(named_projects["Kompetencer"].pk) == {decisions["Kompetencer"]}
    assert listed("nowhere") == set()
    page = staff_client.get(url).content.decode()
    assert '<select name="project"' not in page
    assert f'data-autocomplete="{SUGGESTIONS}"' in page


def test_another_projects_decisions_cannot_be_listed_by_its_name_or_id(
    named_projects: dict[str, Project],
) -> None:
    theirs = named_projects["Kompetencer"]
    DecisionFactory.create(project=theirs)
    secretary = SecretariatFactory.create()
    MembershipFactory.create(user=secretary, project=named_projects["Vækst"])
    client = _client_of(secretary)
    url = reverse("grants:decision_list")
    assert len(client.get(url, {"project": theirs.name}).context["table"].rows) == 0
    response = client.get(url, {"project": theirs.pk})
    assert response.context["filter"].form.errors["project"]
    assert len(response.context["table"].rows) == 0
    assert theirs.name not in response.content.decode()
