"""The course list's filters, each alone and together, always inside the user's projects."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Municipality
from participants.filters import company_suggestion, course_companies
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


def test_filter_by_project_name_finds_the_users_projects_containing_it(courses: Courses) -> None:
    # "Another project" also contains "project", but it is not the secretary's.
    assert _listed(courses.client, "project=PROJECT") == {courses.ended_2020.pk}
    assert _listed(courses.client, "project=rummelig") == {
        courses.world.course.pk,
        courses.ended_with_job.pk,
        courses.running_herning.pk,
    }
    assert _listed(courses.client, "project=nowhere") == set()


def test_project_filter_takes_a_suggestion_as_exactly_that_project(courses: Courses) -> None:
    # A project whose name is part of another's: its name alone names it, not both.
    shorter = ProjectFactory.create(name="Rummelig")
    MembershipFactory.create(project=shorter, user=courses.world.secretary)
    own = CourseFactory.create(participant=ParticipantFactory.create(project=shorter))
    assert _listed(courses.client, urlencode({"project": "Rummelig"})) == {own.pk}
    assert _listed(courses.client, urlencode({"project": "Rummelig test"})) == {
        courses.world.course.pk,
        courses.ended_with_job.pk,
        courses.running_herning.pk,
    }
    assert own.pk in _listed(courses.client, "project=rummelig")


def test_another_projects_courses_cannot_be_listed_by_its_name_or_id(courses: Courses) -> None:
    other = courses.world.other_project
    assert _listed(courses.client, urlencode({"project": other.name})) == set()
    response = courses.client.get(reverse("participants:course_list"), {"project": other.pk})
    assert response.context["filter"].form.errors["project"] == [
        "Ingen af dine projekter har dette nummer."
    ]
    assert list(response.context["table"].rows) == []
    assert other.name not in response.content.decode()


def test_a_link_by_project_id_filters_and_shows_the_projects_name(courses: Courses) -> None:
    project = courses.ended_2020.project
    response = courses.client.get(reverse("participants:course_list"), {"project": project.pk})
    assert {row.record.pk for row in response.context["table"].rows} == {courses.ended_2020.pk}
    assert f'value="{project.name}"' in response.content.decode()


def test_project_filter_is_a_text_field_with_suggestions(courses: Courses) -> None:
    page = courses.client.get(reverse("participants:course_list")).content.decode()
    assert 'name="project"' in page
    assert '<select name="project"' not in page
    assert f'data-autocomplete="{reverse("grants:project_suggestions")}"' in page
    assert "Projekt (navn)" in page
    assert courses.world.other_project.name not in page


def test_project_filter_costs_no_query_by_name_and_one_by_id(courses: Courses) -> None:
    url = reverse("participants:course_list")
    project = courses.ended_2020.project
    courses.client.get(url)  # warm caches that are not per request

    def count(query: dict[str, str | int]) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert courses.client.get(url, query).status_code == 200
        return len(queries)

    unfiltered = count({})
    assert count({"project": project.name}) == unfiltered
    assert count({"project": "project"}) == unfiltered
    assert count({"project": project.pk}) == unfiltered + 1


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
    assert _listed(courses.client, f"company={farm.name}") == {courses.running_herning.pk}
    tourism = courses.ended_with_job.company.industry
    assert tourism is not None
    assert _listed(courses.client, f"industry={tourism.pk}") == {
        courses.ended_with_job.pk,
        courses.ended_2020.pk,
    }


def test_company_filter_finds_part_of_a_name_or_the_start_of_a_cvr_number(
    courses: Courses,
) -> None:
    hotel = courses.ended_with_job.company
    expected = {courses.ended_with_job.pk, courses.ended_2020.pk}
    assert _listed(courses.client, "company=HOT") == expected
    assert _listed(courses.client, f"company={hotel.cvr[:4]}") >= expected
    assert _listed(courses.client, f"company= {hotel.cvr} ") == expected


def test_company_filter_takes_a_suggestion_as_that_one_company(courses: Courses) -> None:
    hotel = courses.ended_with_job.company
    namesake = CompanyFactory.create(name=hotel.name)
    CourseFactory.create(
        participant=ParticipantFactory.create(project=courses.world.project),
        company=namesake,
        start_date=D(2019, 5, 1),
    )
    query = urlencode({"company": company_suggestion(hotel)})
    assert _listed(courses.client, query) == {courses.ended_with_job.pk, courses.ended_2020.pk}


def test_company_filter_is_a_text_field_not_a_list_of_every_company(courses: Courses) -> None:
    CompanyFactory.create_batch(3)
    page = courses.client.get(reverse("participants:course_list")).content.decode()
    assert 'name="company"' in page
    assert '<select name="company"' not in page
    assert "<option" not in page.split('name="company"')[1].split("</div>")[0]
    suggestions = reverse("participants:course_company_suggestions")
    assert f'data-autocomplete="{suggestions}"' in page
    assert 'src="/static/js/autocomplete.js"' in page


def _suggested(client: Client, text: str) -> list[str]:
    response = client.get(reverse("participants:course_company_suggestions"), {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results: list[str] = response.json()["results"]
    return results


def test_suggestions_are_the_companies_of_the_users_projects(courses: Courses) -> None:
    CompanyFactory.create(name="Elsewhere")
    courses.world.other_course.company.name = "Elsewhere too"
    courses.world.other_course.company.save()
    linked_only = CompanyFactory.create(name="Linked, no course yet")
    linked_only.projects.add(courses.world.project)
    names = {text.rsplit(" (", 1)[0] for text in _suggested(courses.client, "e")}
    assert names == set()  # one letter suggests nothing yet
    names = {
        text.rsplit(" (", 1)[0]
        for letters in ("er", "ar", "ot", "ed")
        for text in _suggested(courses.client, letters)
    }
    assert names == {"Tømrer Jensen ApS", "Hotel", "Farm", "Linked, no course yet"}


def test_suggestions_find_by_cvr_number_and_name_the_company_as_the_filter_reads_it(
    courses: Courses,
) -> None:
    farm = courses.running_herning.company
    assert _suggested(courses.client, farm.cvr) == [company_suggestion(farm)]
    assert company_suggestion(farm) == f"Farm ({farm.cvr})"


def test_suggestions_are_at_most_twenty(courses: Courses) -> None:
    for company in CompanyFactory.create_batch(25, name="Mange ApS"):
        company.projects.add(courses.world.project)
    assert len(_suggested(courses.client, "mange")) == 20


def test_company_choices_query_is_one_union_of_ids(courses: Courses) -> None:
    request = RequestFactory().get("/")
    request.user = courses.world.secretary
    sql = str(course_companies(request).query).upper()
    assert "UNION" in sql
    assert "DISTINCT" not in sql
    names = {c.name for c in course_companies(request)}
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
    queries = ["", f"company={other.company.name}", f"company={other.company.cvr}", "outcome=none"]
    for query in [*queries, "status=running"]:
        assert other.pk not in _listed(courses.client, query)
