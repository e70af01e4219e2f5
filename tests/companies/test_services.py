"""company_save: the one write path for companies and their project links."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from companies import services
from companies.models import Company, Municipality
from companies.services import company_save
from grants.models import Project
from tests.factories import CompanyFactory, ProjectFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _new(cvr: str = "25313763") -> Company:
    return Company(name="Ny virksomhed", cvr=cvr, municipality=Municipality.objects.get(code="751"))


def test_saves_a_new_company_with_its_projects() -> None:
    project = ProjectFactory.create()
    company = company_save(
        company=_new(),
        projects=[project],
        editable=Project.objects.filter(pk=project.pk),
        by=StaffFactory.create(),
    )
    assert company.pk is not None
    assert list(company.projects.all()) == [project]


def test_keeps_links_outside_the_editable_projects() -> None:
    mine, theirs = ProjectFactory.create(), ProjectFactory.create()
    company = CompanyFactory.create()
    company.projects.add(mine, theirs)
    company_save(
        company=company,
        projects=[],
        editable=Project.objects.filter(pk=mine.pk),
        by=StaffFactory.create(),
    )
    assert list(company.projects.all()) == [theirs]


def test_refuses_a_project_outside_the_editable_ones_and_saves_nothing() -> None:
    theirs = ProjectFactory.create()
    with pytest.raises(ValidationError) as excinfo:
        company_save(
            company=_new(),
            projects=[theirs],
            editable=Project.objects.none(),
            by=StaffFactory.create(),
        )
    assert "projects" in excinfo.value.message_dict
    assert not Company.objects.exists()


@pytest.mark.parametrize("cvr", ["25313764", "2531376", "abcdefgh"])
def test_refuses_an_invalid_cvr(cvr: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        company_save(
            company=_new(cvr),
            projects=[],
            editable=Project.objects.none(),
            by=StaffFactory.create(),
        )
    assert "cvr" in excinfo.value.message_dict
    assert not Company.objects.exists()


def test_refuses_a_taken_cvr() -> None:
    CompanyFactory.create(cvr="25313763")
    with pytest.raises(ValidationError) as excinfo:
        company_save(
            company=_new(), projects=[], editable=Project.objects.none(), by=StaffFactory.create()
        )
    assert "cvr" in excinfo.value.message_dict
    assert Company.objects.count() == 1


def test_refuses_a_taken_cvr_with_the_forms_message() -> None:
    CompanyFactory.create(cvr="25313763", name="Først ApS")
    with pytest.raises(ValidationError) as excinfo:
        company_save(
            company=_new(), projects=[], editable=Project.objects.none(), by=StaffFactory.create()
        )
    (error,) = excinfo.value.error_dict["cvr"]
    assert error.code == "unique"
    assert excinfo.value.message_dict["cvr"] == [
        "CVR-nummeret 25313763 er allerede registreret for Først ApS."
    ]


def test_a_cvr_taken_between_check_and_save_is_a_validation_error() -> None:
    """Two secretaries saving the same company at once on PostgreSQL: both checks find the
    number free, the database's constraint decides, and the loser gets the form's message."""
    CompanyFactory.create(cvr="25313763", name="Først ApS")
    company = _new()
    real_check = services.cvr_clash
    with (
        mock.patch.object(services, "cvr_clash", side_effect=_free_once(real_check)) as check,
        mock.patch.object(Company, "validate_unique"),
        pytest.raises(ValidationError) as excinfo,
    ):
        company_save(
            company=company, projects=[], editable=Project.objects.none(), by=StaffFactory.create()
        )
    assert [e.code for e in excinfo.value.error_dict["cvr"]] == ["unique"]
    assert excinfo.value.message_dict["cvr"] == [
        "CVR-nummeret 25313763 er allerede registreret for Først ApS."
    ]
    assert check.call_count == 2  # before saving, and again once the database refused
    assert Company.objects.count() == 1


def _free_once(check: Any) -> Any:
    """`check`, except that its first call finds the number free."""
    calls = iter([False])

    def checked(**kwargs: Any) -> Any:
        return None if next(calls, True) is False else check(**kwargs)

    return checked


def test_other_integrity_errors_are_not_hidden() -> None:
    company = _new()
    with (
        mock.patch.object(Company, "save", side_effect=IntegrityError("something else")),
        pytest.raises(IntegrityError),
    ):
        company_save(
            company=company, projects=[], editable=Project.objects.none(), by=StaffFactory.create()
        )


def test_the_database_refuses_a_second_company_with_the_same_cvr_number() -> None:
    """Written straight to the database, past forms and services: the constraint holds."""
    first = CompanyFactory.create()
    with pytest.raises(IntegrityError):
        Company.objects.create(name="Kopi ApS", cvr=first.cvr, municipality=first.municipality)
