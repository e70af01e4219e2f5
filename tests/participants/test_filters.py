"""The course list's filters, each alone and together, always inside the user's projects."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Municipality
from participants.models import OnboardingCourse
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    IndustryFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
)
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

D = datetime.date


@dataclass
class Courses:
    world: World
    client: Client
    ended_with_job: OnboardingCourse  # Aarhus participant, tourism company, Jan–Mar 2019
    running_herning: OnboardingCourse  # Herning participant, farm, from June 2019
    ended_2020: OnboardingCourse  # second project, Feb 2020, no job


@pytest.fixture
def courses() -> Courses:
    world = build_world()
    second = ProjectFactory.create(name="Second project of the secretary")
    MembershipFactory.create(project=second, user=world.secretary)
    tourism = CompanyFactory.create(name="Hotel", industry=IndustryFactory.create(name="Turisme"))
    farm = CompanyFactory.create(name="Farm", industry=IndustryFactory.create(name="Landbrug"))
    herning = Municipality.objects.get(code="657")
    ended_with_job = CourseFactory.create(
        participant=ParticipantFactory.create(project=world.project),
        company=tourism,
        start_date=D(2019, 1, 1),
        end_date=D(2019, 3, 31),
        outcome="ordinary_job",
        outcome_date=D(2019, 4, 1),
    )
    running_herning = CourseFactory.create(
        participant=ParticipantFactory.create(project=world.project, municipality=herning),
        company=farm,
        start_date=D(2019, 6, 1),
        mentor=True,
    )
    ended_2020 = CourseFactory.create(
        participant=ParticipantFactory.create(project=second),
        company=tourism,
        start_date=D(2020, 1, 1),
        end_date=D(2020, 2, 1),
        outcome="no_job",
        outcome_date=D(2020, 2, 1),
    )
    return Courses(world, client_for(world.secretary), ended_with_job, running_herning, ended_2020)


def _listed(client: Client, query: str) -> set[int]:
    response = client.get(reverse("participants:course_list") + "?" + query)
    assert response.status_code == 200
    return {row.record.pk for row in response.context["table"].rows}


def test_without_filters_the_list_holds_every_course_of_the_users_projects(
    courses: Courses,
) -> None:
    assert _listed(courses.client, "") == {
        courses.world.course.pk,
        courses.ended_with_job.pk,
        courses.running_herning.pk,
        courses.ended_2020.pk,
    }


def test_filter_by_project(courses: Courses) -> None:
    project = courses.ended_2020.project_id
    assert _listed(courses.client, f"project={project}") == {courses.ended_2020.pk}


def test_filter_by_period_finds_courses_running_at_some_time_in_it(courses: Courses) -> None:
    # 1 April – 31 May 2019: the world's course (running since March) only.
    found = _listed(courses.client, "period_from=2019-04-01&period_to=2019-05-31")
    assert found == {courses.world.course.pk}
    # Including 31 March catches the course that ended that day.
    found = _listed(courses.client, "period_from=2019-03-31&period_to=2019-05-31")
    assert found == {courses.world.course.pk, courses.ended_with_job.pk}


def test_period_open_at_one_end(courses: Courses) -> None:
    assert courses.ended_with_job.pk not in _listed(courses.client, "period_from=2019-04-01")
    assert _listed(courses.client, "period_to=2018-12-31") == set()
    assert _listed(courses.client, "period_to=2019-01-01") == {courses.ended_with_job.pk}


def test_period_ending_before_it_starts_is_an_error_and_lists_nothing(courses: Courses) -> None:
    response = courses.client.get(
        reverse("participants:course_list") + "?period_from=2019-06-01&period_to=2019-01-01"
    )
    assert "period_to" in response.context["filter"].form.errors
    assert list(response.context["table"].rows) == []


def test_filter_by_the_participants_municipality(courses: Courses) -> None:
    assert _listed(
        courses.client, "municipality=" + str(Municipality.objects.get(code="657").pk)
    ) == {courses.running_herning.pk}


def test_filter_by_company_and_industry(courses: Courses) -> None:
    farm = courses.running_herning.company
    assert _listed(courses.client, f"company={farm.pk}") == {courses.running_herning.pk}
    tourism = courses.ended_with_job.company.industry
    assert tourism is not None
    assert _listed(courses.client, f"industry={tourism.pk}") == {
        courses.ended_with_job.pk,
        courses.ended_2020.pk,
    }


def test_company_choices_are_the_companies_of_the_users_projects(courses: Courses) -> None:
    CompanyFactory.create(name="Elsewhere")
    response = courses.client.get(reverse("participants:course_list"))
    names = {c.name for c in response.context["filter"].form.fields["company"].queryset}
    assert names == {"Tømrer Jensen ApS", "Hotel", "Farm"}


def test_filter_by_outcome(courses: Courses) -> None:
    assert _listed(courses.client, "outcome=ordinary_job") == {courses.ended_with_job.pk}
    assert _listed(courses.client, "outcome=none") == {
        courses.world.course.pk,
        courses.running_herning.pk,
    }


def test_filter_by_status(courses: Courses) -> None:
    assert _listed(courses.client, "status=running") == {
        courses.world.course.pk,
        courses.running_herning.pk,
    }
    assert _listed(courses.client, "status=ended") == {
        courses.ended_with_job.pk,
        courses.ended_2020.pk,
    }


def test_filters_combine(courses: Courses) -> None:
    query = "status=ended&period_from=2020-01-01&outcome=no_job"
    assert _listed(courses.client, query) == {courses.ended_2020.pk}


def test_filter_by_reference(courses: Courses) -> None:
    assert _listed(courses.client, "reference=ri-00") == {courses.world.course.pk}


@pytest.mark.parametrize(
    "query",
    ["outcome=lottery", "status=paused", "period_from=yesterday", "company=999999", "project=x"],
)
def test_invalid_filter_values_list_nothing(courses: Courses, query: str) -> None:
    assert _listed(courses.client, query) == set()


def test_the_other_projects_courses_never_appear_whatever_the_filter(courses: Courses) -> None:
    other = courses.world.other_course
    for query in ["", f"company={other.company_id}", "status=running", "outcome=none"]:
        assert other.pk not in _listed(courses.client, query)
