"""Editing participants and courses, and who sees the special categories."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from participants.models import Category, OnboardingCourse, Participant
from tests.factories import CompanyFactory, CourseFactory, ParticipantFactory
from tests.participants.world import World, build_world, client_for, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    world.participant.disability = True
    world.participant.foreign_background = False
    world.participant.save()
    return world


def _participant_form(participant: Participant, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": participant.reference,
        "birth_year": participant.birth_year,
        "gender": participant.gender,
        "municipality": participant.municipality_id,
        "results_on_leaving": [Category.objects.get(code="in-employment").pk],
        **changes,
    }
    return data


def _course_form(course: OnboardingCourse, **changes: Any) -> dict[str, Any]:
    return {
        "company": course.company_id,
        "start_date": course.start_date.isoformat(),
        "end_date": course.end_date.isoformat() if course.end_date else "",
        "outcome": course.outcome,
        "outcome_date": course.outcome_date.isoformat() if course.outcome_date else "",
        **changes,
    }


class TestMasking:
    def test_history_hides_special_categories_without_permission(self, world: World) -> None:
        response = client_for(world.secretary).get(world.participant.get_absolute_url())
        assert 'data-testid="special-hidden"' in response.text
        assert 'data-testid="special"' not in response.text

    def test_history_shows_special_categories_with_permission(self, world: World) -> None:
        user = grant(world.secretary, "view_special_categories")
        response = client_for(user).get(world.participant.get_absolute_url())
        assert response.text.count('data-testid="special"') == 3
        assert 'data-testid="special-hidden"' not in response.text

    def test_edit_form_has_no_special_fields_without_both_permissions(self, world: World) -> None:
        url = reverse("participants:participant_update", args=[world.participant.pk])
        for perms in [(), ("view_special_categories",), ("change_special_categories",)]:
            user = grant(world.secretary, *perms) if perms else world.secretary
            response = client_for(user).get(url)
            assert 'name="disability"' not in response.text, perms
            world.secretary.user_permissions.clear()

    def test_saving_without_permission_keeps_the_special_categories(self, world: World) -> None:
        url = reverse("participants:participant_update", args=[world.participant.pk])
        user = grant(world.secretary, "change_special_categories")  # but may not see them
        response = client_for(user).post(
            url, _participant_form(world.participant, disability="false", birth_year=1985)
        )
        assert response.status_code == 302
        world.participant.refresh_from_db()
        assert world.participant.birth_year == 1985
        assert world.participant.disability is True
        assert world.participant.foreign_background is False

    def test_edit_with_both_permissions_changes_them(self, world: World) -> None:
        url = reverse("participants:participant_update", args=[world.participant.pk])
        user = grant(world.secretary, "view_special_categories", "change_special_categories")
        client = client_for(user)
        assert 'name="disability"' in client.get(url).text
        client.post(url, _participant_form(world.participant, disability="false"))
        world.participant.refresh_from_db()
        assert world.participant.disability is False


class TestParticipantEdit:
    def url(self, world: World) -> str:
        return reverse("participants:participant_update", args=[world.participant.pk])

    def test_saves_and_returns_to_the_history(self, world: World) -> None:
        response = client_for(world.secretary).post(
            self.url(world), _participant_form(world.participant, reference="RI-0001b")
        )
        assert response["Location"] == world.participant.get_absolute_url()
        world.participant.refresh_from_db()
        assert world.participant.reference == "RI-0001b"
        assert [c.code for c in world.participant.results_on_leaving.all()] == ["in-employment"]

    @pytest.mark.parametrize("reference", ["010190-1234", "0101901234"])
    def test_cpr_shaped_reference_is_refused(self, world: World, reference: str) -> None:
        response = client_for(world.secretary).post(
            self.url(world), _participant_form(world.participant, reference=reference)
        )
        assert response.status_code == 200
        assert "reference" in response.context["form"].errors
        world.participant.refresh_from_db()
        assert world.participant.reference == "RI-0001"

    def test_taken_reference_is_refused(self, world: World) -> None:
        ParticipantFactory.create(project=world.project, reference="RI-0002")
        response = client_for(world.secretary).post(
            self.url(world), _participant_form(world.participant, reference="RI-0002")
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        world.participant.refresh_from_db()
        assert world.participant.reference == "RI-0001"

    def test_a_target_group_out_of_use_stays_on_the_participant(self, world: World) -> None:
        group = Category.objects.get(code="no-public-benefit")
        world.participant.target_groups.add(group)
        Category.objects.filter(pk=group.pk).update(active=False)
        response = client_for(world.secretary).post(
            self.url(world), _participant_form(world.participant, target_groups=[group.pk])
        )
        assert response.status_code == 302
        assert list(world.participant.target_groups.all()) == [group]

    def test_a_target_group_out_of_use_cannot_be_chosen_anew(self, world: World) -> None:
        group = Category.objects.get(code="no-public-benefit")
        Category.objects.filter(pk=group.pk).update(active=False)
        response = client_for(world.secretary).post(
            self.url(world), _participant_form(world.participant, target_groups=[group.pk])
        )
        assert "target_groups" in response.context["form"].errors


class TestCourseEdit:
    def url(self, world: World) -> str:
        return reverse("participants:course_update", args=[world.course.pk])

    def test_saves_and_returns_to_the_history(self, world: World) -> None:
        other_company = CompanyFactory.create()
        response = client_for(world.secretary).post(
            self.url(world),
            _course_form(world.course, company=other_company.pk, end_date="2019-05-31"),
        )
        assert response["Location"] == world.participant.get_absolute_url()
        world.course.refresh_from_db()
        assert world.course.company == other_company
        assert world.course.end_date == datetime.date(2019, 5, 31)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"end_date": "2019-02-01"}, "end_date"),
            ({"outcome": "ordinary_job"}, "outcome_date"),
            ({"outcome_date": "2019-05-01"}, "outcome"),
            ({"outcome": "ordinary_job", "outcome_date": "2019-01-01"}, "outcome_date"),
            ({"company": "999999"}, "company"),
            ({"start_date": "not a date"}, "start_date"),
        ],
    )
    def test_bad_input_saves_nothing(
        self, world: World, changes: dict[str, str], field: str
    ) -> None:
        response = client_for(world.secretary).post(
            self.url(world), _course_form(world.course, **changes)
        )
        assert response.status_code == 200
        assert field in response.context["form"].errors
        world.course.refresh_from_db()
        assert (world.course.end_date, world.course.outcome) == (None, "")

    def test_outcome_with_date_ends_the_course(self, world: World) -> None:
        client_for(world.secretary).post(
            self.url(world),
            _course_form(world.course, outcome="education", outcome_date="2019-07-01"),
        )
        world.course.refresh_from_db()
        assert world.course.end_date == datetime.date(2019, 7, 1)


class TestCourseCreate:
    def url(self, world: World) -> str:
        return reverse("participants:course_create", args=[world.participant.pk])

    def test_adds_a_course_in_the_participants_project(self, world: World) -> None:
        response = client_for(world.secretary).post(
            self.url(world), {"company": world.company.pk, "start_date": "2020-02-01"}
        )
        assert response["Location"] == world.participant.get_absolute_url()
        course = world.participant.courses.get(start_date=datetime.date(2020, 2, 1))
        assert course.project == world.project

    def test_bad_input_saves_nothing(self, world: World) -> None:
        response = client_for(world.secretary).post(
            self.url(world),
            {"company": world.company.pk, "start_date": "2020-02-01", "end_date": "2020-01-01"},
        )
        assert response.status_code == 200
        assert "end_date" in response.context["form"].errors
        assert world.participant.courses.count() == 1


# --- Dates: a course before the birth year, and dates outside the plausible range -----------

BEFORE_BIRTH = "Forløbet kan ikke begynde før deltagerens fødselsår (1990)."
IMPLAUSIBLE = "Datoen skal ligge mellem 1900 og 2100."


class TestDates:
    def test_a_course_cannot_be_moved_before_the_birth_year(self, world: World) -> None:
        url = reverse("participants:course_update", args=[world.course.pk])
        response = client_for(world.secretary).post(
            url, _course_form(world.course, start_date="1989-12-31")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["start_date"] == [BEFORE_BIRTH]
        world.course.refresh_from_db()
        assert world.course.start_date == datetime.date(2019, 3, 1)

    def test_no_new_course_before_the_birth_year(self, world: World) -> None:
        url = reverse("participants:course_create", args=[world.participant.pk])
        response = client_for(world.secretary).post(
            url, {"company": world.company.pk, "start_date": "1985-02-01"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["start_date"] == [BEFORE_BIRTH]
        assert world.participant.courses.count() == 1

    def test_the_birth_year_cannot_move_past_a_course_start(self, world: World) -> None:
        CourseFactory.create(participant=world.participant, start_date=datetime.date(2005, 1, 3))
        url = reverse("participants:participant_update", args=[world.participant.pk])
        response = client_for(world.secretary).post(
            url, _participant_form(world.participant, birth_year=2008)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["birth_year"] == [
            "Deltagerens første forløb begynder den 3. januar 2005, før dette fødselsår. "
            "Ret forløbets startdato eller fødselsåret."
        ]
        world.participant.refresh_from_db()
        assert world.participant.birth_year == 1990

    def test_the_birth_year_may_be_the_year_of_the_first_course(self, world: World) -> None:
        CourseFactory.create(participant=world.participant, start_date=datetime.date(2005, 1, 3))
        url = reverse("participants:participant_update", args=[world.participant.pk])
        client_for(world.secretary).post(url, _participant_form(world.participant, birth_year=2005))
        world.participant.refresh_from_db()
        assert world.participant.birth_year == 2005

    @pytest.mark.parametrize(
        "changes",
        [
            {"start_date": "0001-01-01"},
            {"start_date": "9999-12-31"},
            {"end_date": "0001-01-01"},
            {"outcome": "flex_job", "outcome_date": "0001-01-01", "end_date": "2019-05-01"},
        ],
    )
    def test_dates_outside_the_plausible_range_are_refused(
        self, world: World, changes: dict[str, str]
    ) -> None:
        url = reverse("participants:course_update", args=[world.course.pk])
        response = client_for(world.secretary).post(url, _course_form(world.course, **changes))
        assert response.status_code == 200
        field = next(name for name, value in changes.items() if value.startswith(("0001", "9999")))
        assert IMPLAUSIBLE in response.context["form"].errors[field]
        world.course.refresh_from_db()
        assert (world.course.start_date, world.course.end_date) == (datetime.date(2019, 3, 1), None)

    def test_the_outcome_on_the_participants_page_refuses_an_implausible_date(
        self, world: World
    ) -> None:
        url = reverse("participants:course_outcome", args=[world.course.pk])
        client = client_for(world.secretary)
        response = client.post(url, {"outcome": "flex_job", "outcome_date": "0001-01-01"})
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert IMPLAUSIBLE in [str(m).split(": ", 1)[-1] for m in page.context["messages"]]
        world.course.refresh_from_db()
        assert world.course.outcome == ""
