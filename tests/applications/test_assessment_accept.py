"""Accepting a request: the draft decision and case hold exactly what it proposed."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from applications.models import Request
from applications.services.assessment import request_accept, request_reject
from grants.models import (
    BudgetLine,
    Case,
    FinancingLine,
    GrantDecision,
    Project,
    ProjectOrganisation,
)
from grants.public import decision_set_status
from tests.applications.assessment_world import submitted_application, submitted_change
from tests.applications.factories import ApplicationFactory
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    user = StaffFactory.create()
    assert isinstance(user, User)
    return user


def _per_source_and_year(request: Request) -> dict[tuple[int, int], int]:
    return {
        (line.funding_source_id, line.year): line.amount for line in request.financing_lines.all()
    }


def test_accepting_an_application_creates_its_project_decision_and_case(staff: User) -> None:
    request = submitted_application(title="Job i Midt")
    accepted = request_accept(request=request, by=staff)

    assert accepted.status == Request.Status.ACCEPTED
    project = Project.objects.get(name="Job i Midt")
    assert accepted.project == project
    assert project.programme == request.call.programme  # type: ignore[union-attr]
    roles = {
        (po.role, po.organisation.name, po.organisation.cvr)
        for po in project.organisation_roles.all()
    }
    assert roles == {
        ("applicant", "Ansøger Job i Midt", "29189846"),
        ("partner", "Partner A/S", "10150817"),
    }
    assert list(project.effort_areas.values_list("name", flat=True)) == [
        "Indslusning",
        "Virksomheder",
    ]
    assert set(request.areas.values_list("effort_area__project", flat=True)) == {project.pk}
    used = {source for source, _year in _per_source_and_year(request)}
    assert set(project.funding_sources.values_list("funding_source", flat=True)) == used

    decision = accepted.decision
    assert decision is not None
    assert (decision.kind, decision.status, decision.first_year, decision.last_year) == (
        "original",
        "draft",
        2027,
        2028,
    )
    financing = {(f.funding_source_id, f.year): f.amount for f in decision.financing_lines.all()}
    assert financing == _per_source_and_year(request)
    budget = {(b.effort_area.name, b.year): b.amount for b in decision.budget_lines.all()}
    assert budget == {
        ("Indslusning", 2027): 600_000,
        ("Virksomheder", 2027): 400_000,
        ("Indslusning", 2028): 1_500_000,
    }
    assert decision.history.first().history_user == staff  # type: ignore[union-attr]

    case = accepted.case
    assert case is not None
    assert (case.title, case.summary, case.project) == ("Job i Midt", request.description, project)
    assert list(case.decisions.all()) == [decision]
    assert case.history.first().history_user == staff  # type: ignore[union-attr]
    # The region's funds are recommended and paid out as proposed; co-financing is not.
    (recommendation,) = decision.recommendations.all()
    assert recommendation.funding_source.kind == "regional"
    assert (recommendation.amount, recommendation.first_year, recommendation.last_year) == (
        1_500_000,
        2027,
        2028,
    )
    assert recommendation.recipient == request.organisation
    schedule = {(d.funding_source_id, d.year): d.amount for d in decision.disbursements.all()}
    regional = recommendation.funding_source_id
    assert schedule == {
        key: amount for key, amount in _per_source_and_year(request).items() if key[0] == regional
    }
    assert accepted.history.first().history_user == staff  # type: ignore[union-attr]
    assert accepted.stage()[0] == "decision_draft"


def test_an_application_whose_project_name_is_taken_is_refused_and_nothing_is_made(
    staff: User,
) -> None:
    ProjectFactory.create(name="Job i Midt")
    request = submitted_application(title="Job i Midt")
    with pytest.raises(ValidationError) as refused:
        request_accept(request=request, by=staff)
    assert refused.value.code == "project_exists"
    request.refresh_from_db()
    assert request.status == "submitted" and request.decision is None
    assert not GrantDecision.objects.exists() and not Case.objects.exists()


def test_a_top_up_becomes_a_decision_with_exactly_the_proposed_figures(staff: User) -> None:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project)
    request = submitted_change(project, kind=Request.Kind.TOP_UP, amount=750_000)
    accepted = request_accept(request=request, by=staff)
    decision = accepted.decision
    assert decision is not None and decision.kind == "top_up"
    sums: dict[tuple[int, int], int] = defaultdict(int)
    for line in FinancingLine.objects.filter(decision=decision):
        sums[(line.funding_source_id, line.year)] += line.amount
    assert dict(sums) == _per_source_and_year(request)
    assert {(b.effort_area_id, b.year) for b in BudgetLine.objects.filter(decision=decision)} == {
        (area.pk, 2027),
        (area.pk, 2028),
    }
    # The project had chosen no sources: every one is still offered, none was chosen for it.
    assert not project.funding_sources.exists()


def test_a_request_can_join_an_open_case_of_its_project(staff: User) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project)
    case = CaseFactory.create(project=project)
    earlier = DecisionFactory.create(project=project)
    earlier.cases.add(case)
    request = submitted_change(project, kind=Request.Kind.EXTENSION)
    accepted = request_accept(request=request, by=staff, case=case)
    assert accepted.case == case
    assert set(case.decisions.all()) == {earlier, accepted.decision}
    assert Case.objects.count() == 1


def test_a_decided_case_or_another_projects_case_is_refused(staff: User) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project)
    decided = CaseFactory.create(project=project)
    DecisionFactory.create(project=project, status="rejected").cases.add(decided)
    request = submitted_change(project)
    for case, code in ((decided, "case_decided"), (CaseFactory.create(), "other_project")):
        with pytest.raises(ValidationError) as refused:
            request_accept(request=request, by=staff, case=case)
        assert refused.value.code == code
    assert not GrantDecision.objects.filter(kind="top_up").exists()


def test_linking_to_an_existing_decision_changes_none_of_its_figures(staff: User) -> None:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project)
    source = FundingSourceFactory.create()
    decision = DecisionFactory.create(project=project, kind="top_up", status="recommended")
    BudgetLine.objects.create(decision=decision, effort_area=area, year=2019, amount=2_000_000)
    FinancingLine.objects.create(
        decision=decision, funding_source=source, year=2019, amount=2_000_000
    )
    case = CaseFactory.create(project=project)
    decision.cases.add(case)
    version = decision.version
    request = submitted_change(project, kind=Request.Kind.TOP_UP, amount=123_000)
    accepted = request_accept(request=request, by=staff, decision=decision)
    assert (accepted.decision, accepted.case, accepted.status) == (decision, case, "accepted")
    decision.refresh_from_db()
    assert decision.version == version
    assert [(b.year, b.amount) for b in decision.budget_lines.all()] == [(2019, 2_000_000)]
    assert [(f.year, f.amount) for f in decision.financing_lines.all()] == [(2019, 2_000_000)]
    assert GrantDecision.objects.count() == 1 and Case.objects.count() == 1
    assert accepted.stage()[0] == "decision_recommended"


def test_a_decision_of_another_request_or_project_cannot_be_linked(staff: User) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project)
    decision = DecisionFactory.create(project=project)
    request_accept(request=submitted_change(project), by=staff, decision=decision)
    second = submitted_change(project)
    with pytest.raises(ValidationError) as taken:
        request_accept(request=second, by=staff, decision=decision)
    assert taken.value.code == "decision_taken"
    with pytest.raises(ValidationError) as foreign:
        request_accept(request=second, by=staff, decision=DecisionFactory.create())
    assert foreign.value.code == "other_project"


def test_a_request_is_accepted_once_and_only_when_submitted(staff: User) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project)
    request = submitted_change(project)
    request_accept(request=request, by=staff)
    with pytest.raises(ValidationError) as twice:
        request_accept(request=request, by=staff)
    assert twice.value.code == "wrong_status"
    assert GrantDecision.objects.count() == 1
    with pytest.raises(ValidationError) as draft:
        request_accept(request=ApplicationFactory.create(), by=staff)
    assert draft.value.code == "wrong_status"
    rejected = submitted_change(project)
    request_reject(request=rejected, reason="Nej.", by=staff)
    with pytest.raises(ValidationError):
        request_accept(request=rejected, by=staff)


def test_a_time_extension_makes_only_a_case_draft(staff: User) -> None:
    project = ProjectFactory.create()
    request = submitted_change(project, kind=Request.Kind.TIME_EXTENSION)
    accepted = request_accept(request=request, by=staff)
    assert accepted.decision is None and accepted.status == "accepted"
    assert accepted.case is not None and accepted.case.project == project
    assert not GrantDecision.objects.exists()
    assert accepted.stage()[0] == "accepted"


def test_a_revision_revises_the_approved_decision_covering_its_period(staff: User) -> None:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project)
    request = submitted_change(project, kind=Request.Kind.REVISION, first_year=2027, last_year=2027)
    with pytest.raises(ValidationError) as refused:
        request_accept(request=request, by=staff)
    assert refused.value.code == "nothing_to_revise"
    source = FundingSourceFactory.create()
    original = DecisionFactory.create(project=project, first_year=2026, last_year=2028)
    BudgetLine.objects.create(decision=original, effort_area=area, year=2027, amount=5)
    FinancingLine.objects.create(decision=original, funding_source=source, year=2027, amount=5)
    decision_set_status(decision=original, status="approved", by=staff)
    accepted = request_accept(request=request, by=staff)
    assert accepted.decision is not None
    assert (accepted.decision.kind, accepted.decision.revises) == ("revision", original)


@pytest.mark.parametrize("status", ["recommended", "approved", "rejected"])
def test_the_requests_stage_follows_its_decision(staff: User, status: str) -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project)
    accepted = request_accept(request=submitted_change(project), by=staff)
    assert accepted.decision is not None
    decision_set_status(decision=accepted.decision, status=status, by=staff)
    reloaded = Request.objects.select_related("decision").get(pk=accepted.pk)
    assert reloaded.stage()[0] == f"decision_{status}"


def test_the_applicants_organisation_keeps_following_the_accepted_application(
    staff: User,
) -> None:
    request = submitted_application()
    accepted = request_accept(request=request, by=staff)
    project = accepted.project
    assert project is not None
    applicant = ProjectOrganisation.objects.get(project=project, role="applicant").organisation
    assert accepted.organisation == applicant
