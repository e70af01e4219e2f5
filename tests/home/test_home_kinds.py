"""The front page shows a kind of work only where the user's projects have it (`grants.kinds`),
and staff's to-do list holds the reported values awaiting their approval."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.kinds import registering_participants, reporting_values
from grants.models import GrantDecision, Project, Target
from participants.models import OnboardingCourse
from progress.models import ReportedValue
from tests.factories import (
    CourseFactory,
    DecisionFactory,
    IndicatorFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
HOME = reverse("home:home")


def _page(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section[^>]*data-section="{name}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def _decision(project: Project) -> GrantDecision:
    decision = DecisionFactory.create(
        project=project,
        status=GrantDecision.Status.APPROVED,
        first_year=TODAY.year - 1,
        last_year=TODAY.year + 1,
    )
    assert isinstance(decision, GrantDecision)
    return decision


def _inclusion_project() -> Project:
    """A project whose programme counts its courses: its secretariat registers participants."""
    project = ProjectFactory.create()
    TargetFactory.create(decision=_decision(project), indicator="citizens_in_courses")
    return project


def _business_project() -> tuple[Project, Target]:
    """A business-development project: measured by a reported indicator, no courses counted."""
    project = ProjectFactory.create()
    indicator = IndicatorFactory.create(unit="virksomheder")
    target = TargetFactory.create(decision=_decision(project), indicator=indicator, value=40)
    assert isinstance(target, Target)
    return project, target


def _course(project: Project) -> OnboardingCourse:
    participant = ParticipantFactory.create(project=project)
    course = CourseFactory.create(participant=participant, start_date=TODAY - 30 * DAY)
    assert isinstance(course, OnboardingCourse)
    return course


def _reported(target: Target, status: str = ReportedValue.Status.SUBMITTED) -> ReportedValue:
    return ReportedValue.objects.create(
        target=target,
        period_start=TODAY - 90 * DAY,
        period_end=TODAY - 60 * DAY,
        value=3,
        note="Tre nye virksomheder",
        status=status,
        reported_by=SecretariatFactory.create(),
        decided_at=None if status == ReportedValue.Status.SUBMITTED else timezone.now(),
        decision_note="Mangler bilag" if status == ReportedValue.Status.RETURNED else "",
    )


# The rule -----------------------------------------------------------------------------------


def test_the_kind_of_a_project_is_read_from_what_its_programme_measures() -> None:
    inclusion = _inclusion_project()
    business, _target = _business_project()
    plain = ProjectFactory.create()
    projects = Project.objects.all()
    assert set(registering_participants(projects)) == {inclusion}
    assert set(reporting_values(projects)) == {business}
    assert plain not in set(registering_participants(projects)) | set(reporting_values(projects))


def test_companies_working_with_inclusion_alone_do_not_make_a_project_register_participants() -> (
    None
):
    project = ProjectFactory.create()
    TargetFactory.create(decision=_decision(project), indicator="companies_inclusion")
    assert not registering_participants(Project.objects.all()).exists()


# Courses only where the secretariat registers participants -----------------------------------


def test_a_business_development_secretariat_sees_no_courses_awaiting_an_outcome() -> None:
    business, _target = _business_project()
    _course(_inclusion_project())
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=business)
    page = _page(member)
    assert _section(page, "courses") == ""
    assert "Forløb, der afventer resultat" not in page
    # Its own kind of work is still there: its targets.
    assert _section(page, "behind") != ""


def test_a_secretariat_of_both_kinds_sees_the_courses_of_its_inclusion_project() -> None:
    inclusion = _inclusion_project()
    business, _target = _business_project()
    _course(inclusion)
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=inclusion)
    MembershipFactory.create(user=member, project=business)
    section = _section(_page(member), "courses")
    assert f'data-project="{inclusion.pk}"' in section
    assert f'data-project="{business.pk}"' not in section


# Reported values on staff's to-do list --------------------------------------------------------


def test_staff_see_the_reported_values_awaiting_approval_per_project_with_links() -> None:
    business, target = _business_project()
    other, other_target = _business_project()
    _reported(target)
    _reported(target)
    _reported(target, ReportedValue.Status.APPROVED)
    _reported(target, ReportedValue.Status.RETURNED)
    _reported(other_target)
    section = _section(_page(StaffFactory.create()), "reported")
    assert "Indberettede værdier, der afventer godkendelse" in section
    assert "3 værdier indberettet af projekterne afventer din godkendelse." in section
    for project, count in ((business, 2), (other, 1)):
        url = reverse("progress:reported_list", args=[project.pk])
        assert f'<a href="{url}" data-count="{count}">' in section


def test_the_reported_values_link_leads_to_the_values_to_approve() -> None:
    business, target = _business_project()
    waiting = _reported(target)
    client = Client()
    client.force_login(StaffFactory.create())
    page = client.get(reverse("progress:reported_list", args=[business.pk])).content.decode()
    assert waiting.get_absolute_url() in page


def test_staff_are_told_when_no_reported_value_awaits_approval() -> None:
    _business_project()
    section = _section(_page(StaffFactory.create()), "reported")
    assert "Ingen indberettet værdi afventer godkendelse." in section


def test_staff_of_a_region_without_reported_indicators_see_no_reported_section() -> None:
    _inclusion_project()
    assert _section(_page(StaffFactory.create()), "reported") == ""


def test_the_secretariat_gets_no_reported_section() -> None:
    business, target = _business_project()
    _reported(target)
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=business)
    assert _section(_page(member), "reported") == ""


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


def test_the_reported_section_costs_the_same_queries_however_many_values_wait(
    django_assert_num_queries: Any,
) -> None:
    _project, target = _business_project()
    _reported(target)
    client = Client()
    client.force_login(StaffFactory.create())
    client.get(HOME)
    small = _queries(client)
    for _ in range(3):
        _more, more_target = _business_project()
        _reported(more_target)
        _reported(more_target)
    with django_assert_num_queries(small):
        client.get(HOME)
