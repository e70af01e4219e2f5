"""Who may see and change which participants and courses, page by page."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from participants.models import OnboardingCourse, Participant
from tests.factories import CourseFactory
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


# Page name -> (method, url for the participant and course of one project).
Url = Callable[[Participant, OnboardingCourse], str]
OBJECT_PAGES: dict[str, tuple[str, Url]] = {
    "history": ("get", lambda p, c: reverse("participants:participant_detail", args=[p.pk])),
    "participant edit": (
        "get",
        lambda p, c: reverse("participants:participant_update", args=[p.pk]),
    ),
    "participant edit, sent": (
        "post",
        lambda p, c: reverse("participants:participant_update", args=[p.pk]),
    ),
    "new course": ("get", lambda p, c: reverse("participants:course_create", args=[p.pk])),
    "new course, sent": (
        "post",
        lambda p, c: reverse("participants:course_create", args=[p.pk]),
    ),
    "course edit": ("get", lambda p, c: reverse("participants:course_update", args=[c.pk])),
    "course edit, sent": (
        "post",
        lambda p, c: reverse("participants:course_update", args=[c.pk]),
    ),
    "outcome": ("post", lambda p, c: reverse("participants:course_outcome", args=[c.pk])),
}
LIST_PAGES = {
    "course list": reverse("participants:course_list"),
    "export": reverse("participants:course_export"),
    "register": reverse("participants:participant_register"),
}


def _all_requests(world: World) -> list[tuple[str, str]]:
    own = [(m, url(world.participant, world.course)) for m, url in OBJECT_PAGES.values()]
    other = [
        (m, url(world.other_participant, world.other_course)) for m, url in OBJECT_PAGES.values()
    ]
    return [*(("get", url) for url in LIST_PAGES.values()), *own, *other]


def _send(client: Client, method: str, url: str) -> int:
    return (client.get(url) if method == "get" else client.post(url, {})).status_code


def test_anonymous_visitor_is_sent_to_login_from_every_page(client: Client, world: World) -> None:
    for method, url in _all_requests(world):
        response = client.get(url) if method == "get" else client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert not OnboardingCourse.objects.exclude(outcome="").exists()


@pytest.mark.parametrize("who", ["staff", "nobody"])
def test_users_without_participant_permissions_are_refused_everywhere(
    world: World, who: str
) -> None:
    client = client_for(getattr(world, who))
    for method, url in _all_requests(world):
        assert _send(client, method, url) == 403, (method, url)


def test_secretariat_member_reaches_every_page_of_their_project(world: World) -> None:
    client = client_for(world.secretary)
    for url in LIST_PAGES.values():
        assert client.get(url).status_code == 200, url
    for name, (method, make_url) in OBJECT_PAGES.items():
        if method == "get":
            assert client.get(make_url(world.participant, world.course)).status_code == 200, name


@pytest.mark.parametrize("page", list(OBJECT_PAGES))
def test_secretariat_of_another_project_gets_404(world: World, page: str) -> None:
    method, url = OBJECT_PAGES[page]
    client = client_for(world.other_secretary)
    assert _send(client, method, url(world.participant, world.course)) == 404
    world.course.refresh_from_db()
    assert world.course.outcome == ""


def test_list_shows_only_the_courses_of_the_users_projects(world: World) -> None:
    response = client_for(world.secretary).get(reverse("participants:course_list"))
    rows = list(response.context["table"].rows)
    assert [row.record for row in rows] == [world.course]
    assert "RI-0001" in response.text
    assert "AP-0001" not in response.text

    response = client_for(world.other_secretary).get(reverse("participants:course_list"))
    assert [row.record for row in response.context["table"].rows] == [world.other_course]


def test_list_links_the_participant_to_their_history(world: World) -> None:
    response = client_for(world.secretary).get(reverse("participants:course_list"))
    assert world.participant.get_absolute_url() in response.text


def test_list_offers_register_import_and_export(world: World) -> None:
    response = client_for(world.secretary).get(
        reverse("participants:course_list") + "?status=running"
    )
    assert reverse("participants:participant_register") in response.text
    assert reverse("participants:course_import") in response.text
    assert reverse("participants:course_export") + "?status=running" in response.text


def test_list_with_a_project_the_user_does_not_work_in_shows_nothing(world: World) -> None:
    url = reverse("participants:course_list") + f"?project={world.other_project.pk}"
    response = client_for(world.secretary).get(url)
    assert response.status_code == 200
    assert list(response.context["table"].rows) == []
    assert response.context["filter"].form.errors["project"]


def test_list_project_choices_are_the_users_projects(world: World) -> None:
    response = client_for(world.secretary).get(reverse("participants:course_list"))
    # The project filter searches among these projects only (by name or id, as the user types).
    choices = response.context["filter"].form.fields["project"].rows
    assert list(choices) == [world.project]


def test_list_is_sortable_and_paginated(world: World) -> None:
    CourseFactory.create_batch(
        30,
        participant=world.participant,
        company=world.company,
        start_date=datetime.date(2018, 1, 1),
    )
    client = client_for(world.secretary)
    response = client.get(reverse("participants:course_list") + "?sort=start_date")
    table = response.context["table"]
    assert table.paginator.count == 31
    assert len(table.page.object_list) == 25
    assert table.page.object_list.data[0].start_date == datetime.date(2018, 1, 1)
    response = client.get(reverse("participants:course_list") + "?sort=start_date&page=2")
    assert len(response.context["table"].page.object_list) == 6


@pytest.mark.parametrize(
    "url",
    [
        "/participants/999999/",
        "/participants/999999/edit/",
        "/participants/999999/courses/new/",
        "/participants/courses/999999/edit/",
        "/participants/abc/",
    ],
)
def test_unknown_ids_are_404(world: World, url: str) -> None:
    assert client_for(world.secretary).get(url).status_code == 404


def test_outcome_for_an_unknown_course_is_404(world: World) -> None:
    url = reverse("participants:course_outcome", args=[999999])
    response = client_for(world.secretary).post(
        url, {"outcome": "ordinary_job", "outcome_date": "2019-06-01"}
    )
    assert response.status_code == 404


def test_outcome_only_by_post(world: World) -> None:
    url = reverse("participants:course_outcome", args=[world.course.pk])
    assert client_for(world.secretary).get(url).status_code == 405


def _messages(response: object) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


class TestOutcome:
    def url(self, world: World) -> str:
        return reverse("participants:course_outcome", args=[world.course.pk])

    def test_records_outcome_and_ends_a_running_course_on_its_date(self, world: World) -> None:
        response = client_for(world.secretary).post(
            self.url(world), {"outcome": "flex_job", "outcome_date": "2019-06-15"}
        )
        assert response.status_code == 302
        assert response["Location"] == world.participant.get_absolute_url()
        assert [level for level, _ in _messages(response)] == ["success"]
        world.course.refresh_from_db()
        assert world.course.outcome == OnboardingCourse.Outcome.FLEX_JOB
        assert world.course.outcome_date == datetime.date(2019, 6, 15)
        assert world.course.end_date == datetime.date(2019, 6, 15)

    def test_keeps_the_end_date_of_an_ended_course(self, world: World) -> None:
        world.course.end_date = datetime.date(2019, 5, 31)
        world.course.save()
        client_for(world.secretary).post(
            self.url(world), {"outcome": "no_job", "outcome_date": "2019-06-15"}
        )
        world.course.refresh_from_db()
        assert world.course.end_date == datetime.date(2019, 5, 31)
        assert world.course.outcome == "no_job"

    @pytest.mark.parametrize(
        "data",
        [
            {"outcome": "ordinary_job", "outcome_date": ""},  # outcome without date
            {"outcome": "", "outcome_date": "2019-06-15"},  # date without outcome
            {"outcome": "lottery", "outcome_date": "2019-06-15"},  # not an outcome
            {"outcome": "ordinary_job", "outcome_date": "15/6/2019x"},  # not a date
            {"outcome": "ordinary_job", "outcome_date": "2019-02-01"},  # before the start
            {"outcome": "ordinary_job", "outcome_date": "2999-01-01"},  # in the future
        ],
    )
    def test_bad_input_is_a_message_and_saves_nothing(
        self, world: World, data: dict[str, str]
    ) -> None:
        response = client_for(world.secretary).post(self.url(world), data)
        assert response.status_code == 302
        assert response["Location"] == world.participant.get_absolute_url()
        levels = [level for level, _ in _messages(response)]
        assert levels and set(levels) == {"error"}
        world.course.refresh_from_db()
        assert (world.course.outcome, world.course.outcome_date, world.course.end_date) == (
            "",
            None,
            None,
        )

    def test_a_course_with_an_outcome_keeps_it(self, world: World) -> None:
        world.course.end_date = world.course.outcome_date = datetime.date(2019, 5, 31)
        world.course.outcome = "ordinary_job"
        world.course.save()
        response = client_for(world.secretary).post(
            self.url(world), {"outcome": "no_job", "outcome_date": "2019-06-15"}
        )
        assert [level for level, _ in _messages(response)] == ["error"]
        world.course.refresh_from_db()
        assert world.course.outcome == "ordinary_job"

    def test_returns_to_a_page_of_this_site(self, world: World) -> None:
        response = client_for(world.secretary).post(
            self.url(world),
            {"outcome": "flex_job", "outcome_date": "2019-06-15", "next": "/participants/?page=2"},
        )
        assert response["Location"] == "/participants/?page=2"

    @pytest.mark.parametrize(
        "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
    )
    def test_never_returns_to_another_site(self, world: World, target: str) -> None:
        response = client_for(world.secretary).post(
            self.url(world), {"outcome": "flex_job", "outcome_date": "2019-06-15", "next": target}
        )
        assert response["Location"] == world.participant.get_absolute_url()


class TestHistory:
    def url(self, world: World) -> str:
        return world.participant.get_absolute_url()

    def test_shows_all_courses_oldest_first_with_an_outcome_form_for_open_ones(
        self, world: World
    ) -> None:
        later = CourseFactory.create(
            participant=world.participant,
            company=world.company,
            start_date=datetime.date(2019, 9, 1),
        )
        earlier = CourseFactory.create(
            participant=world.participant,
            company=world.company,
            start_date=datetime.date(2018, 1, 1),
            end_date=datetime.date(2018, 6, 30),
            outcome="no_job",
            outcome_date=datetime.date(2018, 6, 30),
        )
        response = client_for(world.secretary).get(self.url(world))
        assert response.context["courses"] == [earlier, world.course, later]
        assert [form.course for form in response.context["outcome_forms"]] == [
            world.course,
            later,
        ]
        html = response.text
        assert reverse("participants:course_outcome", args=[later.pk]) in html
        assert reverse("participants:course_outcome", args=[earlier.pk]) not in html

    def test_age_band_is_taken_on_the_first_course(self, world: World) -> None:
        world.participant.birth_year = 1995
        world.participant.save()
        CourseFactory.create(participant=world.participant, start_date=datetime.date(2021, 1, 1))
        response = client_for(world.secretary).get(self.url(world))
        assert response.context["age_band"] == "below_25"  # 24 on entry in 2019
