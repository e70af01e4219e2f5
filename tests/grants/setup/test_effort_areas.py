"""A project's effort areas: add, rename, describe, reorder, retire; delete only without amounts.

A retired area keeps its lines (and its row) in the decisions that have them, but the budget
grid of any other decision does not offer it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from grants.models import EffortArea, GrantDecision, Project
from grants.queries import decision_report, project_report
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db: None) -> Project:
    project: Project = ProjectFactory.create()
    for order, name in enumerate(("Flere virksomheder", "Indslusning", "Socialøkonomi"), start=1):
        EffortAreaFactory.create(project=project, name=name, order=order)
    return project


def area(project: Project, name: str) -> EffortArea:
    return project.effort_areas.get(name=name)


def order(project: Project) -> list[str]:
    return list(project.effort_areas.values_list("name", flat=True))


def grid_rows(client: Client, decision: GrantDecision) -> list[str]:
    response = client.get(reverse("grants:decision_budget", args=[decision.pk]))
    return [row.label for row in response.context["form"].budget_rows]


def messages_of(client: Client, url: str) -> list[str]:
    return [str(m) for m in client.get(url).context["messages"]]


def test_staff_add_an_area_last_in_the_projects_order(
    client_of: Client, staff: User, project: Project
) -> None:
    response = client_of.post(
        reverse("grants:effortarea_create", args=[project.pk]),
        {"name": "Netværk", "description": "Netværk for virksomheder."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("grants:effortarea_list", args=[project.pk])
    assert order(project) == ["Flere virksomheder", "Indslusning", "Socialøkonomi", "Netværk"]
    added = area(project, "Netværk")
    assert added.description == "Netværk for virksomheder."
    assert added.history.get().history_user == staff


def test_staff_rename_and_describe_an_area(client_of: Client, project: Project) -> None:
    target = area(project, "Indslusning")

    response = client_of.post(
        reverse("grants:effortarea_update", args=[target.pk]),
        {"name": "Indslusningsforløb", "description": "Forløb i virksomheder."},
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.name, target.description) == ("Indslusningsforløb", "Forløb i virksomheder.")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Dette felt er påkrævet."),
        ("indslusning", "Projektet har allerede et indsatsfelt, der hedder indslusning."),
        ("x" * 201, "Denne værdi må højst have 200 tegn (den har 201)."),
    ],
)
def test_bad_area_names_are_refused(
    client_of: Client, project: Project, name: str, message: str
) -> None:
    response = client_of.post(
        reverse("grants:effortarea_create", args=[project.pk]), {"name": name}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["name"])
    assert project.effort_areas.count() == 3


def test_the_same_name_may_be_used_in_another_project(client_of: Client, project: Project) -> None:
    other = ProjectFactory.create()

    response = client_of.post(
        reverse("grants:effortarea_create", args=[other.pk]), {"name": "Indslusning"}
    )

    assert response.status_code == 302


def test_areas_move_up_and_down_and_the_tables_follow(client_of: Client, project: Project) -> None:
    decision = DecisionFactory.create(project=project, status=GrantDecision.Status.RECOMMENDED)
    for name in order(project):
        BudgetLineFactory.create(decision=decision, effort_area=area(project, name), year=2019)
    move = reverse("grants:effortarea_move", args=[area(project, "Socialøkonomi").pk])

    client_of.post(move, {"direction": "up"})
    client_of.post(move, {"direction": "up"})
    client_of.post(move, {"direction": "up"})  # already first: nothing moves

    assert order(project) == ["Socialøkonomi", "Flere virksomheder", "Indslusning"]
    assert [row.label for row in project_report(project).table.budget_rows] == order(project)
    assert grid_rows(client_of, decision) == order(project)

    client_of.post(
        reverse("grants:effortarea_move", args=[area(project, "Flere virksomheder").pk]),
        {"direction": "down"},
    )
    assert order(project) == ["Socialøkonomi", "Indslusning", "Flere virksomheder"]


def test_a_move_without_a_direction_is_refused_with_a_message(
    client_of: Client, project: Project
) -> None:
    url = reverse("grants:effortarea_move", args=[area(project, "Indslusning").pk])

    response = client_of.post(url, {"direction": "sideways"})

    assert response.status_code == 302
    assert order(project) == ["Flere virksomheder", "Indslusning", "Socialøkonomi"]
    assert "Siden var ufuldstændig: genindlæs den, og prøv igen." in messages_of(
        client_of, response["Location"]
    )


def test_a_retired_area_keeps_its_lines_but_is_offered_to_no_other_decision(
    client_of: Client, project: Project
) -> None:
    old = DecisionFactory.create(project=project)
    retiring = area(project, "Socialøkonomi")
    BudgetLineFactory.create(decision=old, effort_area=retiring, year=2019, amount=1_000_000)
    new = DecisionFactory.create(project=project)

    response = client_of.post(
        reverse("grants:effortarea_retire", args=[retiring.pk]), {"retired": "1"}
    )

    retiring.refresh_from_db()
    assert retiring.retired
    assert response["Location"] == reverse("grants:effortarea_list", args=[project.pk])
    # The old decision keeps the row, its amount and its grid cell; the new one is not offered it.
    assert "Socialøkonomi" in grid_rows(client_of, old)
    assert grid_rows(client_of, new) == ["Flere virksomheder", "Indslusning"]
    assert [r.label for r in decision_report(old).table.budget_rows][-1] == "Socialøkonomi"
    assert decision_report(old).table.budget_rows[-1].cells == (1_000_000, None)
    # Once approved, the old decision's figures count in the project's table, row and all.
    GrantDecision.objects.filter(pk=old.pk).update(status=GrantDecision.Status.APPROVED)
    assert "Socialøkonomi" in [r.label for r in project_report(project).table.budget_rows]
    assert "Socialøkonomi" not in [r.label for r in decision_report(new).table.budget_rows]
    page = client_of.get(response["Location"]).content.decode()
    assert "Udfaset" in page
    assert "Tag i brug igen" in page

    client_of.post(reverse("grants:effortarea_retire", args=[retiring.pk]), {"retired": "0"})
    assert "Socialøkonomi" in grid_rows(client_of, new)


def test_an_area_without_amounts_can_be_deleted(
    client_of: Client, staff: User, project: Project
) -> None:
    target = area(project, "Socialøkonomi")

    response = client_of.post(reverse("grants:effortarea_delete", args=[target.pk]))

    assert response.status_code == 302
    assert order(project) == ["Flere virksomheder", "Indslusning"]
    deleted = EffortArea.history.filter(id=target.pk, history_type="-").get()
    assert deleted.history_user == staff


def test_an_area_with_amounts_is_never_deleted(client_of: Client, project: Project) -> None:
    target = area(project, "Indslusning")
    for _ in range(2):
        BudgetLineFactory.create(
            decision=DecisionFactory.create(project=project), effort_area=target
        )
    # Financing lines of the same decisions do not count toward the area.
    FinancingLineFactory.create(decision=DecisionFactory.create(project=project))

    response = client_of.post(reverse("grants:effortarea_delete", args=[target.pk]))

    assert EffortArea.objects.filter(pk=target.pk).exists()
    assert (
        "Indslusning har beløb i 2 bevillinger og kan ikke slettes. Udfas det i stedet: det "
        "beholder sine beløb, men tilbydes ikke til nye."
    ) in messages_of(client_of, response["Location"])


def test_the_list_shows_each_areas_decisions_and_offers_delete_only_without_amounts(
    client_of: Client, project: Project
) -> None:
    used = area(project, "Indslusning")
    BudgetLineFactory.create(decision=DecisionFactory.create(project=project), effort_area=used)

    response = client_of.get(reverse("grants:effortarea_list", args=[project.pk]))

    counts = {a.name: a.decision_count for a in response.context["areas"]}
    assert counts == {"Flere virksomheder": 0, "Indslusning": 1, "Socialøkonomi": 0}
    html = response.content.decode()
    assert reverse("grants:effortarea_delete", args=[used.pk]) not in html
    unused = area(project, "Socialøkonomi")
    assert reverse("grants:effortarea_delete", args=[unused.pk]) in html
