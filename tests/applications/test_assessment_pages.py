"""The staff's assessment pages: the list, the workspace, each form and its bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from applications.models import ChecklistAnswer, Request, RequestMessage
from applications.services.assessment import request_ask
from applications.services.requests import request_submit, request_update
from tests.applications.assessment_world import (
    checklist_with_questions,
    submitted_application,
    submitted_change,
)
from tests.factories import (
    CaseFactory,
    EffortAreaFactory,
    ForumMemberFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    user = StaffFactory.create(first_name="Karen", last_name="Elsgaard")
    assert isinstance(user, User)
    return user


@pytest.fixture
def client_for(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def _assess(pk: int, action: str = "") -> str:
    if not action:
        return reverse("applications:request_assess", args=[pk])
    return reverse(f"applications:assess_{action}", args=[pk])


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_list_shows_waiting_requests_first_and_filters_the_rest(
    client_for: Client, staff: User
) -> None:
    waiting = submitted_application(title="Venter")
    project = ProjectFactory.create(name="Rummelig")
    EffortAreaFactory.create(project=project)
    asked = submitted_change(project)
    request_ask(request=asked, questions="Hvorfor?", by=staff)
    url = reverse("applications:request_list")
    page = client_for.get(url).content.decode()
    assert "Venter" in page and asked.title not in page
    page = client_for.get(url, {"stage": ""}).content.decode()
    assert "Venter" in page and asked.title in page
    page = client_for.get(url, {"stage": "", "q": "Rummelig"}).content.decode()
    assert "Venter" not in page and asked.title in page
    page = client_for.get(url, {"stage": "", "kind": "application"}).content.decode()
    assert "Venter" in page and asked.title not in page
    Request.objects.filter(pk=waiting.pk).update(case_officer=staff)
    page = client_for.get(url, {"officer": "mine"}).content.decode()
    assert "Venter" in page
    page = client_for.get(url, {"officer": "none"}).content.decode()
    assert "Venter" not in page
    assert client_for.get(url, {"stage": "nonsense", "officer": "x"}).status_code == 200


def test_the_list_asks_the_same_number_of_queries_for_two_rows_as_for_six(
    client_for: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    url = reverse("applications:request_list")
    for number in range(2):
        submitted_application(title=f"Ansøgning {number}")
    client_for.get(url)
    with django_assert_num_queries(9) as two:
        client_for.get(url)
    for number in range(2, 6):
        project = ProjectFactory.create()
        EffortAreaFactory.create(project=project)
        submitted_change(project) if number % 2 else submitted_application(title=f"A {number}")
    with django_assert_num_queries(len(two.captured_queries)):
        response = client_for.get(url)
    page = response.content.decode()
    assert all(_assess(pk) in page for pk in Request.objects.values_list("pk", flat=True))
    assert Request.objects.count() == 6


def test_other_roles_are_refused_the_workspace() -> None:
    request = submitted_application()
    client = Client()
    client.force_login(ForumMemberFactory.create())
    assert client.get(_assess(request.pk)).status_code == 403
    assert client.post(_assess(request.pk, "comment"), {"text": "x"}).status_code == 403


def test_the_workspace_shows_the_request_its_checklist_and_versions(client_for: Client) -> None:
    checklist = checklist_with_questions(2)
    request = submitted_application(checklist=checklist)
    response = client_for.get(_assess(request.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="proposed-grid"' in page and "1.500.000" in page
    for question in checklist.questions.all():
        assert question.text in page
    assert 'data-testid="versions"' in page
    assert client_for.get(_assess(987654)).status_code == 404


def test_assigning_an_officer_and_refusing_an_unknown_one(client_for: Client, staff: User) -> None:
    request = submitted_application()
    response = client_for.post(_assess(request.pk, "assign"), {"officer": staff.pk}, follow=True)
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.case_officer == staff
    response = client_for.post(_assess(request.pk, "assign"), {"officer": 987654}, follow=True)
    assert response.status_code == 200 and _messages(response)
    forum = ForumMemberFactory.create()
    client_for.post(_assess(request.pk, "assign"), {"officer": forum.pk})
    request.refresh_from_db()
    assert request.case_officer == staff


def test_the_checklist_form_saves_answers_and_refuses_a_bad_choice(client_for: Client) -> None:
    checklist = checklist_with_questions(2)
    request = submitted_application(checklist=checklist)
    first, second = checklist.questions.order_by("order")
    data = {f"answer_{first.pk}": "yes", f"note_{first.pk}": "Fint", f"answer_{second.pk}": "no"}
    response = client_for.post(_assess(request.pk, "checklist"), data, follow=True)
    assert response.status_code == 200
    assert dict(ChecklistAnswer.objects.values_list("question_id", "answer")) == {
        first.pk: "yes",
        second.pk: "no",
    }
    bad = {f"answer_{first.pk}": "maybe"}
    response = client_for.post(_assess(request.pk, "checklist"), bad, follow=True)
    assert response.status_code == 200 and _messages(response)
    assert ChecklistAnswer.objects.get(question=first).answer == "yes"


def test_comment_and_questions_and_their_empty_input(client_for: Client) -> None:
    request = submitted_application()
    response = client_for.post(_assess(request.pk, "comment"), {"text": ""}, follow=True)
    assert response.status_code == 200 and _messages(response)
    client_for.post(_assess(request.pk, "comment"), {"text": "Intern note"})
    assert RequestMessage.objects.get().kind == "comment"
    response = client_for.post(_assess(request.pk, "ask"), {"questions": "  "}, follow=True)
    assert response.status_code == 200 and _messages(response)
    client_for.post(_assess(request.pk, "ask"), {"questions": "Hvor mange?"})
    request.refresh_from_db()
    assert request.status == "more_info"


def test_rejecting_asks_first_and_an_empty_reason_is_a_message(client_for: Client) -> None:
    request = submitted_application()
    response = client_for.get(_assess(request.pk, "reject"))
    assert response.status_code == 200 and 'data-testid="reject-form"' in response.content.decode()
    request.refresh_from_db()
    assert request.status == "submitted"
    response = client_for.post(_assess(request.pk, "reject"), {"reason": " "})
    assert response.status_code == 200 and _messages(response)
    response = client_for.post(_assess(request.pk, "reject"), {"reason": "Uden for formålet."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.rejection_reason) == ("rejected", "Uden for formålet.")
    response = client_for.post(_assess(request.pk, "reject"), {"reason": "Igen"}, follow=True)
    assert response.status_code == 200 and _messages(response)


def test_accepting_asks_where_and_an_unknown_choice_is_refused(client_for: Client) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project)
    case = CaseFactory.create(project=project, title="Åben sag")
    request = submitted_change(project)
    page = client_for.get(_assess(request.pk, "accept")).content.decode()
    assert f'value="case-{case.pk}"' in page
    response = client_for.post(_assess(request.pk, "accept"), {"target": "case-987654"})
    assert response.status_code == 200 and _messages(response)
    response = client_for.post(_assess(request.pk, "accept"), {"target": f"case-{case.pk}"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.case == case
    page = client_for.get(_assess(request.pk)).content.decode()
    assert 'data-testid="decision-link"' in page and 'data-testid="case-link"' in page
    response = client_for.post(_assess(request.pk, "accept"), {"target": "new"}, follow=True)
    assert response.status_code == 200 and _messages(response)


def test_an_application_whose_project_exists_is_refused_with_a_message(client_for: Client) -> None:
    ProjectFactory.create(name="Job i Midt")
    request = submitted_application(title="Job i Midt")
    response = client_for.post(_assess(request.pk, "accept"), {"target": "new"}, follow=True)
    assert response.status_code == 200
    assert any("Job i Midt" in message for message in _messages(response))


def test_comparing_versions_shows_what_changed(client_for: Client, staff: User) -> None:
    request = submitted_application()
    request_ask(request=request, questions="Titel?", by=staff)
    author = request.created_by
    assert isinstance(author, User)
    request = request_update(request=request, fields={"title": "Nyt navn"}, by=author)
    request_submit(request=request, by=author)
    url = reverse("applications:version_compare", args=[request.pk])
    page = client_for.get(url).content.decode()
    assert 'data-testid="changes"' in page and "Nyt navn" in page
    same = client_for.get(url, {"before": "2", "after": "2"}).content.decode()
    assert 'data-testid="no-changes"' in same
    response = client_for.get(url, {"before": "7", "after": "x"})
    assert response.status_code == 200 and _messages(response)
