"""The set-up services outside a request: all or nothing, and the author in the history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from grants.models import EffortArea, Organisation, Programme, Project, ProjectOrganisation
from grants.setup import services
from tests.factories import EffortAreaFactory, OrganisationFactory, ProgrammeFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_author_is_recorded_without_a_request(staff: User) -> None:
    programme = services.programme_save(programme=Programme(name="Uden request"), by=staff)

    assert programme.history.get().history_user == staff


def test_an_invalid_programme_is_refused_and_not_saved(staff: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.programme_save(
            programme=Programme(name="Omvendt", first_year=2024, last_year=2020), by=staff
        )

    assert "last_year" in refused.value.message_dict
    assert not Programme.objects.exists()


def test_a_refused_project_leaves_no_organisation_role_behind(staff: User) -> None:
    applicant = OrganisationFactory.create()
    project = Project(name="Ny", programme=ProgrammeFactory.create())

    with pytest.raises(ValidationError) as refused:
        services.project_save(
            project=project,
            applicant=applicant,
            on_behalf_of=None,
            operator=None,
            partners=[applicant],
            links=[],
            by=staff,
        )

    assert list(refused.value.message_dict) == ["partners"]
    assert not Project.objects.exists()
    assert not ProjectOrganisation.objects.exists()


def test_a_bad_link_undoes_the_whole_project(staff: User) -> None:
    with pytest.raises(ValidationError):
        services.project_save(
            project=Project(name="Ny", programme=ProgrammeFactory.create()),
            applicant=OrganisationFactory.create(),
            on_behalf_of=None,
            operator=None,
            partners=[],
            links=[("Titel", "ikke en adresse")],
            by=staff,
        )

    assert not Project.objects.exists()
    assert not ProjectOrganisation.objects.exists()


def test_an_organisation_whose_cvr_is_taken_is_refused(staff: User) -> None:
    OrganisationFactory.create(name="Først", cvr="29189455")

    with pytest.raises(ValidationError) as refused:
        services.organisation_save(
            organisation=Organisation(name="Anden", cvr="29189455"), by=staff
        )

    assert refused.value.message_dict == {
        "cvr": ["CVR-nummeret 29189455 er allerede registreret for Først."]
    }
    assert Organisation.objects.count() == 1


def test_moving_repairs_areas_that_share_a_place(staff: User) -> None:
    project = ProjectFactory.create()
    *_, last = [EffortAreaFactory.create(project=project, name=n, order=0) for n in "abc"]

    services.effort_area_move(area=last, up=True, by=staff)

    assert list(EffortArea.objects.filter(project=project).values_list("name", "order")) == [
        ("a", 1),
        ("c", 2),
        ("b", 3),
    ]


def test_moving_the_last_area_down_changes_nothing(staff: User) -> None:
    project = ProjectFactory.create()
    areas = [
        EffortAreaFactory.create(project=project, name=n, order=i) for i, n in enumerate("ab", 1)
    ]

    services.effort_area_move(area=areas[-1], up=False, by=staff)

    assert list(EffortArea.objects.filter(project=project).values_list("name", "order")) == [
        ("a", 1),
        ("b", 2),
    ]
    assert not EffortArea.history.filter(history_type="~").exists()
