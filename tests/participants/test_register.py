"""Registering a participant and their first course: both saved, or neither."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from companies.models import Municipality
from participants.models import Category, OnboardingCourse, Participant
from participants.services import participant_register
from tests.factories import (
    AdministratorFactory,
    CompanyFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
)
from tests.participants.world import World, build_world, client_for, grant

pytestmark = pytest.mark.django_db

URL = reverse("participants:participant_register")


@pytest.fixture
def world() -> World:
    return build_world()


def _form(world: World, **changes: Any) -> dict[str, Any]:
    target_group = Category.objects.get(kind="target_group", code="refugee-immigrant")
    data: dict[str, Any] = {
        "participant-project": world.project.pk,
        "participant-reference": "RI-0100",
        "participant-birth_year": 1990,
        "participant-gender": "male",
        "participant-municipality": Municipality.objects.get(code="751").pk,
        "participant-target_groups": [target_group.pk],
        "participant-employment_status": Category.objects.get(code="long-term-unemployed").pk,
        "participant-education": Category.objects.get(code="isced-1-2").pk,
        "course-company": world.company.pk,
        "course-start_date": "2019-08-01",
        "course-end_date": "",
        "course-outcome": "",
        "course-outcome_date": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _counts() -> tuple[int, int]:
    return Participant.objects.count(), OnboardingCourse.objects.count()


def test_registers_participant_and_course_together(world: World) -> None:
    response = client_for(world.secretary).post(URL, _form(world, **{"course-mentor": "on"}))
    participant = Participant.objects.get(reference="RI-0100")
    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()
    assert participant.project == world.project
    assert participant.birth_year == 1990
    assert [c.code for c in participant.target_groups.all()] == ["refugee-immigrant"]
    assert participant.employment_status is not None
    assert participant.employment_status.code == "long-term-unemployed"
    course = participant.courses.get()
    assert course.project == world.project
    assert course.company == world.company
    assert course.start_date == datetime.date(2019, 8, 1)
    assert course.mentor is True
    assert course.running


def test_register_page_preselects_the_users_only_project(world: World) -> None:
    response = client_for(world.secretary).get(URL)
    form = response.context["participant_form"]
    assert form.initial["project"] == world.project.pk
    assert list(form.fields["project"].queryset) == [world.project]


def test_register_page_chooses_the_company_among_all_marking_the_projects_own(
    world: World,
) -> None:
    CompanyFactory.create(name="Aabenraa Auto")  # not in the project
    response = client_for(world.secretary).get(URL)
    field = response.context["course_form"].fields["company"]
    assert "data-autocomplete" in response.text
    marked = {str(c.name): bool(c.in_projects) for c in field.queryset}
    assert marked["Tømrer Jensen ApS"] is True
    assert marked["Aabenraa Auto"] is False


def test_user_outside_every_project_is_told_so(world: World) -> None:
    loner = SecretariatFactory.create()  # the role, but no project yet
    response = client_for(loner).get(URL)
    assert response.status_code == 200
    assert list(response.context["projects"]) == []
    assert 'name="participant-reference"' not in response.text


@pytest.mark.parametrize(
    "reference",
    ["010190-1234", "0101901234", "010190 1234", "RI 0101901234"],
)
def test_cpr_shaped_reference_is_refused(world: World, reference: str) -> None:
    response = client_for(world.secretary).post(
        URL, _form(world, **{"participant-reference": reference})
    )
    assert response.status_code == 200
    errors = response.context["participant_form"].errors.as_data()["reference"]
    assert [e.code for e in errors] == ["cpr_number"]
    assert _counts() == (2, 2)


def test_duplicate_reference_in_the_same_project_is_refused(world: World) -> None:
    response = client_for(world.secretary).post(
        URL, _form(world, **{"participant-reference": "RI-0001"})
    )
    errors = response.context["participant_form"].errors.as_data()["reference"]
    assert [e.code for e in errors] == ["duplicate_reference"]
    assert _counts() == (2, 2)


def test_the_same_reference_in_another_project_is_fine(world: World) -> None:
    MembershipFactory.create(project=world.other_project, user=world.secretary)
    response = client_for(world.secretary).post(
        URL,
        _form(
            world,
            **{"participant-reference": "RI-0001", "participant-project": world.other_project.pk},
        ),
    )
    assert response.status_code == 302
    assert Participant.objects.filter(reference="RI-0001").count() == 2


def test_project_the_user_does_not_work_in_is_refused(world: World) -> None:
    response = client_for(world.secretary).post(
        URL, _form(world, **{"participant-project": world.other_project.pk})
    )
    assert response.status_code == 200
    assert "project" in response.context["participant_form"].errors
    assert _counts() == (2, 2)


@pytest.mark.parametrize("birth_year", [1800, 1900, datetime.date.today().year - 5, 3000])
def test_implausible_birth_year_is_refused(world: World, birth_year: int) -> None:
    response = client_for(world.secretary).post(
        URL, _form(world, **{"participant-birth_year": birth_year})
    )
    assert "birth_year" in response.context["participant_form"].errors
    assert _counts() == (2, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"course-start_date": "2019-08-01", "course-end_date": "2019-07-01"}, "end_date"),
        ({"course-outcome": "ordinary_job"}, "outcome_date"),
        ({"course-outcome_date": "2019-09-01"}, "outcome"),
        ({"course-start_date": ""}, "start_date"),
        ({"course-company": "999999"}, "company"),
        ({"course-end_date": "2999-01-01"}, "end_date"),
    ],
)
def test_invalid_course_saves_not_even_the_participant(
    world: World, changes: dict[str, str], field: str
) -> None:
    response = client_for(world.secretary).post(URL, _form(world, **changes))
    assert response.status_code == 200
    assert field in response.context["course_form"].errors
    assert _counts() == (2, 2)
    assert not Participant.objects.filter(reference="RI-0100").exists()


def test_outcome_with_date_and_no_end_ends_the_course_on_that_date(world: World) -> None:
    client_for(world.secretary).post(
        URL,
        _form(world, **{"course-outcome": "flex_job", "course-outcome_date": "2019-10-01"}),
    )
    course = OnboardingCourse.objects.get(participant__reference="RI-0100")
    assert course.end_date == course.outcome_date == datetime.date(2019, 10, 1)


class TestSpecialCategories:
    def test_fields_are_neither_shown_nor_saved_without_permission(self, world: World) -> None:
        client = client_for(world.secretary)
        assert 'name="participant-disability"' not in client.get(URL).text
        client.post(URL, _form(world, **{"participant-disability": "true"}))
        assert Participant.objects.get(reference="RI-0100").disability is None

    def test_fields_are_shown_and_saved_with_permission(self, world: World) -> None:
        user = grant(world.secretary, "change_special_categories")
        client = client_for(user)
        assert 'name="participant-disability"' in client.get(URL).text
        client.post(
            URL,
            _form(
                world,
                **{"participant-disability": "true", "participant-foreign_background": "false"},
            ),
        )
        participant = Participant.objects.get(reference="RI-0100")
        assert participant.disability is True
        assert participant.foreign_background is False
        assert participant.other_disadvantage is None


class TestService:
    def _data(self, world: World, **changes: Any) -> dict[str, Any]:
        return {
            "reference": "RI-0200",
            "birth_year": 1980,
            "gender": "female",
            "municipality": Municipality.objects.get(code="751"),
            **changes,
        }

    def test_returns_both_saved(self, world: World) -> None:
        participant, course = participant_register(
            project=world.project,
            participant_data=self._data(world),
            course_data={"company": world.company, "start_date": datetime.date(2019, 1, 1)},
            by=world.secretary,
        )
        assert participant.pk and course.pk
        assert course.participant == participant

    def test_invalid_course_leaves_no_participant(self, world: World) -> None:
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=world.project,
                participant_data=self._data(world),
                course_data={
                    "company": world.company,
                    "start_date": datetime.date(2019, 6, 1),
                    "end_date": datetime.date(2019, 1, 1),
                },
                by=world.secretary,
            )
        assert "end_date" in caught.value.message_dict
        assert not Participant.objects.filter(reference="RI-0200").exists()

    def test_a_failing_course_write_rolls_back_the_participant(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken_save(self: OnboardingCourse, *args: Any, **kwargs: Any) -> None:
            raise IntegrityError("simulated")

        monkeypatch.setattr(OnboardingCourse, "save", broken_save)
        with pytest.raises(IntegrityError):
            participant_register(
                project=world.project,
                participant_data=self._data(world),
                course_data={"company": world.company, "start_date": datetime.date(2019, 1, 1)},
                by=world.secretary,
            )
        assert not Participant.objects.filter(reference="RI-0200").exists()

    def test_refuses_a_project_the_user_does_not_work_in(self, world: World) -> None:
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=ProjectFactory.create(),
                participant_data=self._data(world),
                course_data={"company": world.company, "start_date": datetime.date(2019, 1, 1)},
                by=world.secretary,
            )
        assert caught.value.code == "not_member"

    def test_refuses_special_categories_without_permission(self, world: World) -> None:
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=world.project,
                participant_data=self._data(world, disability=True),
                course_data={"company": world.company, "start_date": datetime.date(2019, 1, 1)},
                by=world.secretary,
            )
        assert caught.value.code == "special_categories"
        assert not Participant.objects.filter(reference="RI-0200").exists()

    def test_refuses_a_category_from_another_list(self, world: World) -> None:
        education = Category.objects.filter(kind="education").first()
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=world.project,
                participant_data=self._data(world, target_groups=[education]),
                course_data={"company": world.company, "start_date": datetime.date(2019, 1, 1)},
                by=world.secretary,
            )
        assert "target_groups" in caught.value.message_dict

    def test_reports_participant_and_course_errors_at_once(self, world: World) -> None:
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=world.project,
                participant_data=self._data(world, reference="RI-0001"),
                course_data={
                    "company": world.company,
                    "start_date": datetime.date(2019, 1, 1),
                    "outcome": "ordinary_job",
                },
                by=world.secretary,
            )
        errors = caught.value.message_dict
        assert "reference" in errors  # the reference is taken in the project
        assert "outcome_date" in errors


def test_administrator_may_register_in_any_project(world: World) -> None:
    administrator = AdministratorFactory.create()
    response = client_for(administrator).get(URL)
    assert response.status_code == 200
    assert {p.pk for p in response.context["projects"]} == {
        world.project.pk,
        world.other_project.pk,
    }


# --- Dates: a course before the birth year, and dates outside the plausible range -----------

BEFORE_BIRTH = "Forløbet kan ikke begynde før deltagerens fødselsår (1990)."
IMPLAUSIBLE = "Datoen skal ligge mellem 1900 og 2100."


def test_a_course_starting_before_the_birth_year_is_refused(world: World) -> None:
    # Accepted once, it made the participant's page (the success redirect) fail for good.
    response = client_for(world.secretary).post(
        URL, _form(world, **{"course-start_date": "1985-08-01"})
    )
    assert response.status_code == 200
    assert response.context["course_form"].errors["start_date"] == [BEFORE_BIRTH]
    assert _counts() == (2, 2)


def test_a_course_starting_in_the_birth_year_is_registered(world: World) -> None:
    response = client_for(world.secretary).post(
        URL,
        _form(world, **{"participant-birth_year": 2005, "course-start_date": "2005-12-01"}),
    )
    assert response.status_code == 302
    assert client_for(world.secretary).get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"course-start_date": "0001-01-01"}, "start_date"),
        ({"course-start_date": "9999-12-31"}, "start_date"),
        ({"course-start_date": "2101-01-01"}, "start_date"),
        ({"course-start_date": "1899-12-31"}, "start_date"),
    ],
)
def test_a_date_outside_the_plausible_range_is_refused(
    world: World, changes: dict[str, str], field: str
) -> None:
    response = client_for(world.secretary).post(URL, _form(world, **changes))
    assert response.status_code == 200
    assert IMPLAUSIBLE in response.context["course_form"].errors[field]
    assert _counts() == (2, 2)


def test_the_date_inputs_offer_only_plausible_dates(world: World) -> None:
    html = client_for(world.secretary).get(URL).text
    assert html.count('min="1900-01-01"') == 3  # start, end and outcome date
    assert html.count('max="2100-12-31"') == 3


class TestServiceDates:
    def _data(self, **changes: Any) -> dict[str, Any]:
        return {
            "reference": "RI-0300",
            "birth_year": 1990,
            "gender": "female",
            "municipality": Municipality.objects.get(code="751"),
            **changes,
        }

    def test_refuses_a_course_before_the_birth_year(self, world: World) -> None:
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=world.project,
                participant_data=self._data(),
                course_data={"company": world.company, "start_date": datetime.date(1989, 12, 31)},
                by=world.secretary,
            )
        assert caught.value.message_dict == {"start_date": [BEFORE_BIRTH]}
        assert not Participant.objects.filter(reference="RI-0300").exists()

    @pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
    def test_refuses_a_date_outside_the_plausible_range(
        self, world: World, day: datetime.date
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            participant_register(
                project=world.project,
                participant_data=self._data(),
                course_data={"company": world.company, "start_date": day},
                by=world.secretary,
            )
        assert caught.value.message_dict == {"start_date": [IMPLAUSIBLE]}
        assert not Participant.objects.filter(reference="RI-0300").exists()
