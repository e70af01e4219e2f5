"""The core writes of a request: edit, grid, submit — and what refuses a submission."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.completeness import RequestFacts, missing, yearly_difference
from applications.models import Request, RequestOrganisation, RequestTarget
from applications.services.requests import (
    application_create,
    change_request_create,
    request_save_grid,
    request_submit,
    request_update,
)
from tests.applications.factories import CallFactory, RequestAreaFactory
from tests.factories import (
    ApplicantFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    IndicatorFactory,
    OrganisationFactory,
    ProjectFactory,
)

COMPLETE = RequestFacts(
    is_application=True,
    title="Job i Midt",
    description="Forløb i virksomheder.",
    first_year=2027,
    last_year=2028,
    budget={(1, 2027): 100, (1, 2028): 50},
    financing={(7, 2027): 100, (7, 2028): 50},
    organisations=[("applicant", True)],
    required_indicators={3: "CO01 Deltagere"},
    targets=frozenset({3}),
)


def complete_facts(**changes: Any) -> RequestFacts:
    return dataclasses.replace(COMPLETE, **changes)


def test_a_complete_balanced_application_lacks_nothing() -> None:
    assert missing(complete_facts()) == []


def test_an_unbalanced_year_is_named_with_its_difference() -> None:
    facts = complete_facts(financing={(7, 2027): 100, (7, 2028): 40})
    assert missing(facts) == ["Budget og finansiering balancerer ikke i 2028 (forskel 10 kr.)."]


def test_a_target_missing_for_a_call_indicator_is_named() -> None:
    assert missing(complete_facts(targets=frozenset())) == ["Sæt et mål for CO01 Deltagere."]


def test_an_organisation_without_cvr_and_no_applicant_are_named() -> None:
    problems = missing(complete_facts(organisations=[("partner", False)]))
    assert problems == [
        "Angiv den ansøgende organisation.",
        "Angiv CVR-nummeret for hver organisation.",
    ]


def test_a_change_request_without_figures_needs_no_grid() -> None:
    facts = complete_facts(
        is_application=False, budget={}, financing={}, organisations=[], needs_figures=False
    )
    assert missing(facts) == []


def test_yearly_difference_counts_both_sides() -> None:
    assert yearly_difference({(1, 2027): 10}, {(2, 2027): 4, (2, 2028): 3}) == {
        2027: 6,
        2028: -3,
    }


@pytest.fixture
def applicant() -> User:
    user = ApplicantFactory.create()
    assert isinstance(user, User)
    return user


def _ready_application(applicant: User) -> Request:
    indicator = IndicatorFactory.create()
    call = CallFactory.create()
    call.indicators.add(indicator)
    organisation = OrganisationFactory.create()
    request = application_create(call=call, organisation=organisation, title="Job", by=applicant)
    request = request_update(
        request=request,
        fields={"description": "Forløb.", "first_year": 2027, "last_year": 2027},
        by=applicant,
    )
    RequestOrganisation.objects.create(
        request=request, name="Kommune", cvr="29189846", role="applicant"
    )
    RequestTarget.objects.create(request=request, indicator=indicator, value=40)
    area = RequestAreaFactory.create(request=request)
    source = FundingSourceFactory.create()
    return request_save_grid(
        request=request,
        budget={(area.pk, 2027): 1_000_000},
        financing={(source.pk, 2027): 1_000_000},
        by=applicant,
    )


@pytest.mark.django_db
def test_submitting_locks_the_application_and_keeps_what_it_said(applicant: User) -> None:
    request = _ready_application(applicant)
    submitted = request_submit(request=request, by=applicant)
    assert submitted.status == Request.Status.SUBMITTED
    (version,) = submitted.versions.all()
    assert version.content["budget"][0]["amount"] == 1_000_000
    assert submitted.history.first().history_user == applicant  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as refused:
        request_update(request=submitted, fields={"title": "Andet"}, by=applicant)
    assert refused.value.code == "submitted"
    with pytest.raises(ValidationError):
        request_submit(request=submitted, by=applicant)
    assert submitted.versions.count() == 1


@pytest.mark.django_db
def test_a_submission_after_the_call_closed_is_refused_with_its_closing_time(
    applicant: User,
) -> None:
    request = _ready_application(applicant)
    late = request.call.closes_at + datetime.timedelta(seconds=1)  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as refused:
        request_submit(request=request, by=applicant, now=late)
    assert refused.value.code == "call_closed"
    request.refresh_from_db()
    assert request.status == Request.Status.DRAFT
    assert not request.versions.exists()


@pytest.mark.django_db
def test_an_unbalanced_grid_refuses_the_submission_and_saves_nothing(applicant: User) -> None:
    request = _ready_application(applicant)
    area = request.areas.get()
    request_save_grid(
        request=request, budget={(area.pk, 2027): 1_200_000}, financing={}, by=applicant
    )
    with pytest.raises(ValidationError) as refused:
        request_submit(request=request, by=applicant)
    assert refused.value.messages == [
        "Budget og finansiering balancerer ikke i 2027 (forskel 200.000 kr.)."
    ]
    request.refresh_from_db()
    assert request.status == Request.Status.DRAFT


@pytest.mark.django_db
def test_a_save_from_an_older_page_is_refused(applicant: User) -> None:
    request = _ready_application(applicant)
    shown = request.version
    request_update(request=request, fields={"title": "Nyt"}, by=applicant, expected_version=shown)
    with pytest.raises(ValidationError) as refused:
        request_update(
            request=request,
            fields={"title": "Ældre"},
            by=applicant,
            expected_version=shown,
        )
    assert refused.value.code == "stale"


@pytest.mark.django_db
def test_an_application_cannot_be_started_in_a_closed_call(applicant: User) -> None:
    call = CallFactory.create(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as refused:
        application_create(
            call=call, organisation=OrganisationFactory.create(), title="x", by=applicant
        )
    assert refused.value.code == "call_closed"
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_a_change_request_starts_with_the_projects_effort_areas(applicant: User) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project, name="Forløb")
    EffortAreaFactory.create(project=project, name="Gammel", retired=True)
    request = change_request_create(
        project=project,
        kind=Request.Kind.EXTENSION,
        title="Forlængelse",
        by=applicant,
    )
    assert [area.name for area in request.areas.all()] == ["Forløb"]
    with pytest.raises(ValidationError):
        change_request_create(project=project, kind="application", title="x", by=applicant)
