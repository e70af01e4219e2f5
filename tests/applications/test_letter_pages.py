"""The grant letter's pages: who downloads which letter, writing and the conditions, the
decision page's way in, and lists whose queries do not grow with their rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import DecisionConditions, GrantLetter
from grants.models import GrantDecision, Project
from tests.applications.factories import ApplicantMembershipFactory, ApplicationFactory
from tests.applications.letter_helpers import applicant_of, approved_decision, stored_letter
from tests.factories import (
    ApplicantFactory,
    DecisionFactory,
    ForumMemberFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _applicant_for(project: Project) -> User:
    user = ApplicantFactory.create()
    ApplicantMembershipFactory.create(user=user, organisation=applicant_of(project))
    return user


def _letter(project: Project | None = None) -> GrantLetter:
    staff = StaffFactory.create()
    decision = approved_decision(project=project or ProjectFactory.create(), by=staff)
    return stored_letter(decision, by=staff)


def test_the_applicant_of_the_organisation_downloads_the_letter_by_its_name() -> None:
    project = ProjectFactory.create(name="Rummelig imidt")
    applicant = _applicant_for(project)
    letter = _letter(project)
    response = _client(applicant).get(letter.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "rummelig-imidt-v1" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_another_applicant_gets_404_and_the_forum_403() -> None:
    letter = _letter()
    other = _applicant_for(ProjectFactory.create())
    assert _client(other).get(letter.get_absolute_url()).status_code == 404
    assert _client(ForumMemberFactory.create()).get(letter.get_absolute_url()).status_code == 403
    url = reverse("applications:letter_list", args=[letter.decision_id])
    assert _client(other).get(url).status_code == 404


def test_the_applicant_whose_request_became_the_decision_reads_its_letters() -> None:
    letter = _letter()
    user = ApplicantFactory.create()
    request = ApplicationFactory.create(decision=letter.decision)
    ApplicantMembershipFactory.create(user=user, organisation=request.organisation)
    assert _client(user).get(letter.get_absolute_url()).status_code == 200


def test_the_secretariat_reads_its_projects_letters_only() -> None:
    letter = _letter()
    member, outsider = SecretariatFactory.create(), SecretariatFactory.create()
    MembershipFactory.create(user=member, project=letter.decision.project)
    MembershipFactory.create(user=outsider, project=ProjectFactory.create())
    assert _client(member).get(letter.get_absolute_url()).status_code == 200
    assert _client(outsider).get(letter.get_absolute_url()).status_code == 404
    page = _client(member).get(reverse("applications:my_letters")).content.decode()
    assert letter.get_absolute_url() in page
    assert letter.get_absolute_url() not in (
        _client(outsider).get(reverse("applications:my_letters")).content.decode()
    )


def test_staff_write_a_letter_from_the_letters_page_and_see_the_old_one_outdated() -> None:
    staff = StaffFactory.create()
    letter = _letter()
    client = _client(staff)
    url = reverse("applications:decision_conditions", args=[letter.decision_id])
    assert client.post(url, {"text": "Nyt vilkår."}).status_code == 302
    assert DecisionConditions.objects.get(decision=letter.decision).text == "Nyt vilkår."
    page = client.get(reverse("applications:letter_list", args=[letter.decision_id]))
    assert "Forældet" in page.content.decode() or "Outdated" in page.content.decode()
    response = client.post(reverse("applications:letter_write", args=[letter.decision_id]))
    assert response.status_code == 302
    assert list(letter.decision.letters.values_list("number", flat=True)) == [2, 1]


def test_writing_the_letter_of_a_draft_decision_is_refused_with_a_message() -> None:
    decision = DecisionFactory.create()
    response = _client(StaffFactory.create()).post(
        reverse("applications:letter_write", args=[decision.pk]), follow=True
    )
    assert response.status_code == 200
    assert not decision.letters.exists()
    assert list(response.context["messages"])


def test_the_approved_decisions_page_links_to_its_letters() -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    url = reverse("applications:letter_list", args=[decision.pk])
    assert url in _client(staff).get(decision.get_absolute_url()).content.decode()
    draft = DecisionFactory.create()
    assert draft.status == GrantDecision.Status.DRAFT
    page = _client(staff).get(draft.get_absolute_url()).content.decode()
    assert reverse("applications:letter_list", args=[draft.pk]) not in page


def test_staff_edit_the_programmes_standard_conditions() -> None:
    project = ProjectFactory.create()
    url = reverse("applications:programme_conditions", args=[project.programme_id])
    client = _client(StaffFactory.create())
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "## Vilkår\n\n- Rapportér"}).status_code == 302
    assert project.programme.letter_conditions.text.startswith("## Vilkår")


def _more_letters(applicant: User, count: int) -> None:
    for _ in range(count):
        project = ProjectFactory.create()
        ApplicantMembershipFactory.create(user=applicant, organisation=applicant_of(project))
        _letter(project)


@pytest.mark.parametrize("role", ["applicant", "staff"])
def test_my_letters_takes_the_same_queries_for_two_and_six_rows(
    role: str, django_assert_num_queries: Any
) -> None:
    applicant = ApplicantFactory.create()
    user = applicant if role == "applicant" else StaffFactory.create()
    client = _client(user)
    url = reverse("applications:my_letters")
    _more_letters(applicant, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    _more_letters(applicant, 4)
    with django_assert_num_queries(len(two)):
        page = client.get(url)
    assert page.content.decode().count("/download/") == 6


def test_a_decisions_letter_list_takes_the_same_queries_for_two_and_six_versions(
    django_assert_num_queries: Any,
) -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    for number in (1, 2):
        stored_letter(decision, by=staff, number=number)
    client = _client(staff)
    url = reverse("applications:letter_list", args=[decision.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for number in (3, 4, 5, 6):
        stored_letter(decision, by=staff, number=number)
    with django_assert_num_queries(len(two)):
        client.get(url)
