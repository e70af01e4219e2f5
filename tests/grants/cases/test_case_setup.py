"""Regional staff set up a case in the browser: created from its project, its decisions chosen,
its recommendation lines and disbursement schedule entered on the case's editors."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from grants.cases.services import case_create, case_set_decisions
from grants.models import Case, GrantDecision, Project
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    ForumMemberFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return str(response.content.decode())


@pytest.fixture
def staff() -> User:
    user: User = StaffFactory.create()
    return user


@pytest.fixture
def project() -> Project:
    project: Project = ProjectFactory.create()
    return project


# Creating a case from its project --------------------------------------------------------------


def test_the_project_page_offers_staff_a_new_case(staff: User, project: Project) -> None:
    response = _client(staff).get(project.get_absolute_url())
    assert reverse("grants:case_create", args=[project.pk]) in _text(response)
    assert "Ny sag" in _text(response)


def test_the_project_page_offers_the_forum_no_new_case(project: Project) -> None:
    response = _client(ForumMemberFactory.create()).get(project.get_absolute_url())
    assert response.status_code == 200
    assert reverse("grants:case_create", args=[project.pk]) not in _text(response)


def test_staff_create_a_case_with_some_of_the_projects_decisions(
    staff: User, project: Project
) -> None:
    chosen = DecisionFactory.create(project=project, first_year=2019, last_year=2020)
    other = DecisionFactory.create(project=project, first_year=2021, last_year=2021)
    url = reverse("grants:case_create", args=[project.pk])
    form = _client(staff).get(url)
    # Only the project's decisions are offered, each with its kind, period and status.
    assert f'value="{chosen.pk}"' in _text(form)
    assert f'value="{other.pk}"' in _text(form)
    assert "2019–2020" in _text(form)

    client = _client(staff)
    response = client.post(
        url,
        {
            "title": "Forlængelse til Vækstforum",
            "meeting_date": "2019-06-20",
            "case_number": "1-30-76-45-17",
            "decisions": [chosen.pk],
        },
    )

    case = Case.objects.get(title="Forlængelse til Vækstforum")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.project == project
    assert list(case.decisions.all()) == [chosen]
    assert case.history.latest().history_user == staff
    page = client.get(case.get_absolute_url())
    assert "Sagen er oprettet." in _text(page)


def test_the_decisions_of_other_projects_are_not_offered(staff: User, project: Project) -> None:
    foreign = DecisionFactory.create()
    response = _client(staff).get(reverse("grants:case_create", args=[project.pk]))
    assert f'value="{foreign.pk}"' not in _text(response)


def test_a_decision_of_another_project_posted_by_id_is_refused(
    staff: User, project: Project
) -> None:
    foreign = DecisionFactory.create()
    response = _client(staff).post(
        reverse("grants:case_create", args=[project.pk]),
        {"title": "Sag", "decisions": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in _text(response)
    assert "Intet blev gemt" in _text(response)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Dette felt er påkrævet."),
        ({"title": "Sag", "meeting_date": "31-02-2019"}, "Indtast en gyldig dato."),
        ({"title": "Sag", "decisions": ["x"]}, "er ikke en gyldig værdi"),
        (
            {"title": "Sag", "decisions": ["99999999999999999999999"]},
            "Marker en gyldig valgmulighed",
        ),
    ],
)
def test_bad_input_creates_no_case(
    staff: User, project: Project, data: dict[str, Any], message: str
) -> None:
    response = _client(staff).post(reverse("grants:case_create", args=[project.pk]), data)
    assert response.status_code == 200
    assert message in _text(response)
    assert not Case.objects.exists()


def test_the_service_refuses_a_decision_of_another_project_and_keeps_nothing(
    staff: User, project: Project
) -> None:
    with pytest.raises(ValidationError) as refusal:
        case_create(
            project=project,
            case=Case(title="Sag"),
            decisions=[DecisionFactory.create()],
            by=staff,
        )
    assert refusal.value.message_dict == {
        "decisions": ["En sag forelægger kun bevillinger fra sit eget projekt."]
    }
    assert not Case.objects.exists()


def test_a_case_of_a_project_outside_the_users_reach_is_404(staff: User) -> None:
    response = _client(staff).get(reverse("grants:case_create", args=[999_999]))
    assert response.status_code == 404


# Choosing the decisions of a case --------------------------------------------------------------


def _case_with(project: Project, *decisions: GrantDecision) -> Case:
    case: Case = CaseFactory.create(project=project)
    case.decisions.set(decisions)
    return case


def test_staff_choose_the_decisions_a_case_presents(staff: User, project: Project) -> None:
    first = DecisionFactory.create(project=project)
    second = DecisionFactory.create(project=project)
    case = _case_with(project, first)
    url = reverse("grants:case_decisions", args=[case.pk])
    form = _client(staff).get(url)
    assert f'value="{first.pk}" id="id_decisions_0" checked' in _text(form)

    response = _client(staff).post(url, {"decisions": [second.pk]})

    assert response.status_code == 302
    assert list(case.decisions.all()) == [second]
    assert case.history.latest().history_user == staff


def test_choosing_no_decision_empties_the_case(staff: User, project: Project) -> None:
    case = _case_with(project, DecisionFactory.create(project=project))
    response = _client(staff).post(reverse("grants:case_decisions", args=[case.pk]), {})
    assert response.status_code == 302
    assert not case.decisions.exists()
    page = _client(staff).get(case.get_absolute_url())
    assert "Sagen forelægger endnu ingen bevillinger." in _text(page)


def test_choosing_a_decision_of_another_project_is_refused_and_changes_nothing(
    staff: User, project: Project
) -> None:
    own = DecisionFactory.create(project=project)
    case = _case_with(project, own)
    foreign = DecisionFactory.create()
    response = _client(staff).post(
        reverse("grants:case_decisions", args=[case.pk]), {"decisions": [own.pk, foreign.pk]}
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in _text(response)
    assert list(case.decisions.all()) == [own]
    with pytest.raises(ValidationError):
        case_set_decisions(case=case, decisions=[foreign], by=staff)
    assert list(case.decisions.all()) == [own]


def test_the_forum_may_not_choose_decisions(project: Project) -> None:
    case = _case_with(project)
    forum = _client(ForumMemberFactory.create())
    assert forum.get(reverse("grants:case_decisions", args=[case.pk])).status_code == 403
    assert forum.post(reverse("grants:case_decisions", args=[case.pk]), {}).status_code == 403
