"""The front page of each role: what it lists, where its counts lead, and its constant queries."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from grants.cases.checks import finding_acknowledge, open_findings
from grants.models import Case, GrantDecision, Project
from participants.models import OnboardingCourse
from tests.factories import (
    AdministratorFactory,
    BudgetLineFactory,
    CaseFactory,
    CourseFactory,
    DecisionFactory,
    ForumMemberFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
HOME = reverse("home:home")
Status = GrantDecision.Status


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user: User) -> str:
    response = _client(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, name: str) -> str:
    """The markup of the page's section `name` ("" when the page has none)."""
    match = re.search(rf'<section[^>]*data-section="{name}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def _decision(project: Project, status: str = Status.DRAFT, **kwargs: Any) -> GrantDecision:
    """A decision whose period runs from last year to next year, so its targets are under way."""
    decision = DecisionFactory.create(
        project=project,
        status=status,
        first_year=TODAY.year - 1,
        last_year=TODAY.year + 1,
        **kwargs,
    )
    assert isinstance(decision, GrantDecision)
    return decision


def _unbalanced(project: Project) -> GrantDecision:
    """A draft with a budget and no financing: one year out of balance, one finding."""
    decision = _decision(project)
    BudgetLineFactory.create(decision=decision, year=TODAY.year)
    return decision


def _case(project: Project, meeting: datetime.date | None, *decisions: GrantDecision) -> Case:
    case = CaseFactory.create(project=project, meeting_date=meeting)
    assert isinstance(case, Case)
    case.decisions.add(*decisions)
    return case


def _behind(project: Project) -> GrantDecision:
    """A counting decision with one target behind pace and one on pace (a target of 1)."""
    decision = _decision(project, Status.RECOMMENDED)
    # 30 flex jobs over three years, none yet, more than a year in: behind.
    TargetFactory.create(decision=decision, indicator="flex_jobs", value=30)
    # One ordinary job by the end of next year: a steady pace expects none yet.
    TargetFactory.create(decision=decision, indicator="ordinary_jobs", value=1)
    return decision


def _course(project: Project, **kwargs: Any) -> OnboardingCourse:
    participant = ParticipantFactory.create(project=project)
    course = CourseFactory.create(participant=participant, start_date=TODAY - 60 * DAY, **kwargs)
    assert isinstance(course, OnboardingCourse)
    return course


# Regional staff -----------------------------------------------------------------------------


@dataclass
class StaffWorld:
    project: Project
    open_case: Case
    acknowledged_case: Case
    undated_case: Case
    past_case: Case
    drafts: list[GrantDecision]
    recommended: GrantDecision
    rejected: GrantDecision


def _staff_world() -> StaffWorld:
    project = ProjectFactory.create()
    open_decision = _unbalanced(project)
    acknowledged_decision = _unbalanced(project)
    past_decision = _unbalanced(project)
    open_case = _case(project, TODAY + 7 * DAY, open_decision)
    acknowledged_case = _case(project, TODAY, acknowledged_decision)
    (finding,) = open_findings(acknowledged_case)
    finding_acknowledge(case=acknowledged_case, key=finding.key, by=StaffFactory.create())
    undated_case = _case(project, None)
    past_case = _case(project, TODAY - DAY, past_decision)
    recommended = _behind(project)
    rejected = _decision(project, Status.REJECTED)
    return StaffWorld(
        project=project,
        open_case=open_case,
        acknowledged_case=acknowledged_case,
        undated_case=undated_case,
        past_case=past_case,
        drafts=[open_decision, acknowledged_decision, past_decision],
        recommended=recommended,
        rejected=rejected,
    )


@pytest.mark.parametrize("factory", [StaffFactory, AdministratorFactory])
def test_staff_see_decisions_awaiting_a_decision_by_status(factory: Any) -> None:
    _staff_world()
    section = _section(_page(factory.create()), "decisions")
    assert "Bevillinger, der afventer beslutning" in section
    assert f'href="{reverse("grants:decision_list")}?status=draft"' in section
    assert "3 bevillinger med status kladde" in section
    assert "1 bevilling med status indstillet" in section
    assert "afvist" not in section


def test_the_decision_counts_lead_to_the_list_filtered_by_that_status() -> None:
    world = _staff_world()
    client = _client(StaffFactory.create())
    drafts = client.get(reverse("grants:decision_list") + "?status=draft").content.decode()
    assert all(d.title in drafts for d in world.drafts)
    assert world.recommended.title not in drafts
    assert world.rejected.title not in drafts


def test_staff_see_the_coming_and_undated_cases_with_their_open_findings() -> None:
    world = _staff_world()
    section = _section(_page(StaffFactory.create()), "cases")
    assert "Sager til kommende møder" in section
    assert "1 sag har åbne fund i konsistenstjekket." in section
    rows = dict(re.findall(r'<tr data-case="(\d+)">.*?data-open-findings="(\d+)"', section, re.S))
    assert rows == {
        str(world.open_case.pk): str(len(open_findings(world.open_case))),
        str(world.acknowledged_case.pk): "0",
        str(world.undated_case.pk): "0",
    }
    assert len(open_findings(world.open_case)) == 1
    assert "Endnu ingen mødedato" in section
    # Soonest meeting first, the undated last.
    order = [int(pk) for pk in re.findall(r'<tr data-case="(\d+)">', section)]
    assert order == [world.acknowledged_case.pk, world.open_case.pk, world.undated_case.pk]
    assert f'href="{world.open_case.get_absolute_url()}"' in section


def test_a_finding_is_open_again_on_the_front_page_once_its_figures_change() -> None:
    world = _staff_world()
    decision = world.acknowledged_case.decisions.get()
    line = decision.budget_lines.get()
    line.amount += 1
    line.save()
    section = _section(_page(StaffFactory.create()), "cases")
    assert f'<tr data-case="{world.acknowledged_case.pk}">' in section
    assert "2 sager har åbne fund i konsistenstjekket." in section


def test_staff_see_the_projects_with_targets_behind_pace() -> None:
    world = _staff_world()
    on_pace = ProjectFactory.create()
    decision = _decision(on_pace, Status.RECOMMENDED)
    TargetFactory.create(decision=decision, indicator="ordinary_jobs", value=1)
    section = _section(_page(StaffFactory.create()), "behind")
    assert "Mål bagud i forhold til tempoet" in section
    assert "1 mål er bagud i forhold til tempoet." in section
    assert f'<tr data-project="{world.project.pk}">' in section
    assert "1 af 2" in section
    assert f'href="{reverse("progress:project_progress", args=[world.project.pk])}"' in section
    assert f'data-project="{on_pace.pk}"' not in section


def test_the_front_page_counts_behind_pace_as_the_programme_overview_does() -> None:
    world = _staff_world()
    client = _client(StaffFactory.create())
    overview = client.get(
        reverse("progress:programme_progress", args=[world.project.programme_id])
    ).content.decode()
    row = re.search(rf'<tr data-project="{world.project.pk}">.*?</tr>', overview, re.S)
    assert row is not None
    assert "1 af 2" in row.group(0)


def test_staff_see_no_course_or_forum_sections() -> None:
    _staff_world()
    page = _page(StaffFactory.create())
    assert _section(page, "courses") == ""
    assert _section(page, "upcoming") == ""
    assert 'data-section="no-role"' not in page


# The secretariat ----------------------------------------------------------------------------


@dataclass
class SecretariatWorld:
    member: User
    project: Project
    other: Project
    awaiting: list[OnboardingCourse]
    settled: list[OnboardingCourse]


def _secretariat_world() -> SecretariatWorld:
    project = ProjectFactory.create()
    other = ProjectFactory.create()
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=project)
    _behind(project)
    _behind(other)
    awaiting = [
        _course(project),  # running
        _course(project, end_date=TODAY - DAY),  # ended yesterday, no outcome yet
    ]
    settled = [
        _course(
            project,
            end_date=TODAY - 10 * DAY,
            outcome=OnboardingCourse.Outcome.NO_JOB,
            outcome_date=TODAY - 10 * DAY,
        ),
        _course(project, end_date=TODAY + 30 * DAY),  # ends later: not due yet
    ]
    _course(other)  # another project's
    return SecretariatWorld(member, project, other, awaiting, settled)


def test_the_secretariat_sees_its_projects_courses_awaiting_an_outcome() -> None:
    world = _secretariat_world()
    section = _section(_page(world.member), "courses")
    assert "Forløb, der afventer resultat" in section
    assert "2 forløb er i gang eller er afsluttet uden resultat." in section
    course_list = reverse("participants:course_list")
    assert f'href="{course_list}?status=awaiting_outcome"' in section
    assert (
        f'href="{course_list}?project={world.project.pk}&amp;status=awaiting_outcome" '
        'data-count="2"' in section
    )
    assert world.other.name not in section


def test_the_course_counts_lead_to_the_list_of_exactly_those_courses() -> None:
    world = _secretariat_world()
    client = _client(world.member)
    url = reverse("participants:course_list") + f"?project={world.project.pk}"
    listed = client.get(url + "&status=awaiting_outcome").content.decode()
    for course in world.awaiting:
        assert course.participant_label in listed
    for course in world.settled:
        assert course.participant_label not in listed


def test_the_secretariat_sees_its_own_projects_targets_behind_pace_only() -> None:
    world = _secretariat_world()
    page = _page(world.member)
    section = _section(page, "behind")
    assert f'<tr data-project="{world.project.pk}">' in section
    assert f'data-project="{world.other.pk}"' not in section
    assert _section(page, "decisions") == ""
    assert _section(page, "cases") == ""


def test_a_secretariat_with_nothing_pending_is_told_so() -> None:
    member = SecretariatFactory.create()
    membership = MembershipFactory.create(user=member)
    # An inclusion project (its programme counts courses) with nothing pending.
    TargetFactory.create(decision=_decision(membership.project), indicator="ordinary_jobs")
    page = _page(member)
    assert "Intet forløb afventer resultat." in _section(page, "courses")
    assert "Intet mål er bagud i forhold til tempoet." in _section(page, "behind")


# Vækstforum ---------------------------------------------------------------------------------


def test_forum_members_see_the_cases_of_coming_meetings() -> None:
    project = ProjectFactory.create()
    soon = _case(project, TODAY + 14 * DAY)
    today = _case(project, TODAY)
    past = _case(project, TODAY - DAY)
    undated = _case(project, None)
    page = _page(ForumMemberFactory.create())
    section = _section(page, "upcoming")
    assert "Sager til kommende møder" in section
    listed = [int(pk) for pk in re.findall(r'<tr data-case="(\d+)">', section)]
    assert listed == [today.pk, soon.pk]
    assert past.title not in section and undated.title not in section
    assert f'href="{reverse("grants:case_list")}"' in section
    for name in ("decisions", "cases", "behind", "courses"):
        assert _section(page, name) == ""


def test_forum_members_without_coming_cases_are_told_so() -> None:
    section = _section(_page(ForumMemberFactory.create()), "upcoming")
    assert "Ingen sag er sat på et kommende møde." in section


# No role ------------------------------------------------------------------------------------


def test_a_user_without_a_role_is_told_they_have_none_yet() -> None:
    _staff_world()
    page = _page(UserFactory.create())
    assert "Du har ikke fået en rolle endnu" in page
    assert "Bed en administrator" in page
    assert "<section" not in page


def test_the_front_page_is_the_login_redirect_and_the_project_list_moved() -> None:
    assert resolve("/").view_name == "home:home"
    assert reverse("grants:project_list") == "/projects/"
    user = UserFactory.create(username="karen")
    response = Client().post(
        reverse("login"), {"username": "karen", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert user.is_authenticated


def test_the_header_logo_leads_to_the_front_page() -> None:
    page = _client(StaffFactory.create()).get(reverse("grants:decision_list")).content.decode()
    assert f'<a href="{HOME}" class="logo">' in page


# Every link resolves ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "secretariat", "forum", "administrator"])
def test_every_link_of_the_front_page_opens(role: str) -> None:
    staff_world = _staff_world()
    secretariat_world = _secretariat_world()
    _case(staff_world.project, TODAY + DAY)
    users = {
        "staff": StaffFactory.create(),
        "secretariat": secretariat_world.member,
        "forum": ForumMemberFactory.create(),
        "administrator": AdministratorFactory.create(),
    }
    client = _client(users[role])
    page = client.get(HOME).content.decode()
    main = page.split('id="main-content"', 1)[1]
    links = set(re.findall(r'href="([^"]+)"', main))
    assert links, role
    for link in links:
        url = link.replace("&amp;", "&")
        response = client.get(url)
        assert response.status_code == 200, url


# Queries ------------------------------------------------------------------------------------


def _grow(rounds: int) -> None:
    """More of everything each section lists: projects, decisions, cases, targets, courses."""
    for n in range(rounds):
        world = _staff_world()
        _case(world.project, TODAY + (n + 2) * DAY, _unbalanced(world.project))
        _secretariat_world()


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["staff", "administrator", "secretariat", "forum", "none"])
def test_the_front_page_runs_the_same_queries_however_much_there_is(
    role: str, django_assert_num_queries: Any
) -> None:
    secretariat = _secretariat_world()
    _staff_world()
    makers: dict[str, Callable[[], Any]] = {
        "staff": StaffFactory.create,
        "administrator": AdministratorFactory.create,
        "secretariat": lambda: secretariat.member,
        "forum": ForumMemberFactory.create,
        "none": UserFactory.create,
    }
    user = makers[role]()
    client = _client(user)
    client.get(HOME)
    small = _queries(client)
    # The staff's sections of reports due and payments to authorise (spending) read their own
    # batches too: 28 queries for staff, far fewer for the other roles.
    assert small <= 32, small
    _grow(3)
    if role == "secretariat":
        for project in Project.objects.exclude(pk=secretariat.project.pk)[:3]:
            MembershipFactory.create(user=secretariat.member, project=project)
    with django_assert_num_queries(small):
        response = client.get(HOME)
    assert response.status_code == 200
    assert Case.objects.count() > 10
