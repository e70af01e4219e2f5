"""Accepting a submitted request: it becomes a draft grant decision and a case draft, or is
linked to the decision staff already made of it by hand.

All in one transaction, through the grants services (`grants.public`), so the decision, its
lines, the case's recommendation and disbursement are written, checked and recorded as if
staff had typed them in, and nothing stays behind when any of it is refused.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from applications import notices
from applications.models import Request, RequestArea
from applications.services.locking import lock_for_staff, next_version
from applications.services.requests import KINDS_WITH_FIGURES
from core import audit
from grants.models import (
    Case,
    DecisionBody,
    DecisionCase,
    Disbursement,
    EffortArea,
    FundingSource,
    GrantDecision,
    Organisation,
    Project,
    ProjectFundingSource,
    Recommendation,
)
from grants.public import (
    case_create,
    case_set_decisions,
    decision_create,
    decision_save_lines,
    disbursements_save,
    effort_area_save,
    organisation_save,
    project_save,
    project_source_add,
    recommendations_save,
)

DECISION_KIND = {
    Request.Kind.APPLICATION: GrantDecision.Kind.ORIGINAL,
    Request.Kind.TOP_UP: GrantDecision.Kind.TOP_UP,
    Request.Kind.EXTENSION: GrantDecision.Kind.EXTENSION,
    Request.Kind.REVISION: GrantDecision.Kind.REVISION,
}
# Co-financing stands in the table but is not the region's to grant: no recommendation of it.
NOT_RECOMMENDED = (FundingSource.Kind.MUNICIPAL_STATE, FundingSource.Kind.PRIVATE)


def open_cases(project: Project | None) -> list[Case]:
    """The project's cases a new decision may join: none of their decisions decided yet and
    no meeting date (the forum has not dealt with them)."""
    if project is None:
        return []
    decided = DecisionCase.objects.filter(
        grantdecision__status__in=[GrantDecision.Status.APPROVED, GrantDecision.Status.REJECTED]
    ).values("case_id")
    return list(
        Case.objects.filter(project=project, meeting_date__isnull=True)
        .exclude(pk__in=decided)
        .order_by("-pk")
    )


def linkable_decisions(request: Request) -> list[GrantDecision]:
    """The decisions of the request's project that no other request has become."""
    if request.project_id is None:
        return []
    return list(
        GrantDecision.objects.filter(project_id=request.project_id)
        .filter(Q(request__isnull=True) | Q(request=request))
        .order_by("first_year", "pk")
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _link_existing(
    stored: Request, decision: GrantDecision, case: Case | None, by: AbstractBaseUser
) -> Request:
    if stored.project_id is None or decision.project_id != stored.project_id:
        raise _refuse(_("The decision belongs to another project."), "other_project")
    if Request.objects.filter(decision=decision).exclude(pk=stored.pk).exists():
        raise _refuse(_("Another request has already become this decision."), "decision_taken")
    if case is not None and case.project_id != stored.project_id:
        raise _refuse(_("The case belongs to another project."), "other_project")
    stored.decision = decision
    stored.case = case or decision.cases.order_by("pk").first()
    stored.status = Request.Status.ACCEPTED
    next_version(stored, by, "decision", "case", "status")
    return stored


def _organisation(name: str, cvr: str, by: AbstractBaseUser) -> Organisation:
    found = Organisation.objects.filter(cvr=cvr).first() if cvr else None
    found = found or Organisation.objects.filter(name=name).first()
    if found is None:
        return organisation_save(organisation=Organisation(name=name, cvr=cvr), by=by)
    if cvr and not found.cvr and not Organisation.objects.filter(cvr=cvr).exists():
        # Known by name only until now: the application's CVR number completes it.
        found.cvr = cvr
        organisation_save(organisation=found, by=by)
    return found


def _create_project(stored: Request, by: AbstractBaseUser) -> Project:
    """The project an application asks for, with its organisations, from the application."""
    assert stored.call is not None
    if Project.objects.filter(name=stored.title).exists():
        raise _refuse(
            _(
                "A project called %(name)s exists already. Rename the application's project or "
                "record the decision on the existing project by hand."
            )
            % {"name": stored.title},
            "project_exists",
        )
    applicant: Organisation | None = None
    operator: Organisation | None = None
    partners: list[Organisation] = []
    for named in stored.organisations.order_by("order", "pk"):
        organisation = _organisation(named.name, named.cvr, by)
        if named.role == "applicant" and applicant is None:
            applicant = organisation
        elif named.role == "operator" and operator is None:
            operator = organisation
        elif organisation not in partners:
            partners.append(organisation)
    applicant = applicant or stored.organisation
    if applicant is None:
        raise _refuse(_("The application names no applicant organisation."), "no_applicant")
    partners = [p for p in partners if p.pk not in {applicant.pk, getattr(operator, "pk", None)}]
    project = Project(name=stored.title, programme=stored.call.programme)
    project_save(
        project=project,
        applicant=applicant,
        on_behalf_of=None,
        operator=operator,
        partners=partners,
        links=[],
        by=by,
    )
    stored.project = project
    if stored.organisation_id is None:
        stored.organisation = applicant
    return project


def _effort_areas(stored: Request, project: Project, by: AbstractBaseUser) -> dict[int, int]:
    """Request area id -> the project's effort area id: bound ones reused, new ones created."""
    existing = {area.name: area for area in EffortArea.objects.filter(project=project)}
    mapping: dict[int, int] = {}
    for area in (
        RequestArea.objects.filter(request=stored)
        .select_related("effort_area")
        .order_by("order", "pk")
    ):
        bound = area.effort_area
        if bound is not None and bound.project_id == project.pk:
            mapping[area.pk] = bound.pk
            continue
        effort_area = existing.get(area.name) or effort_area_save(
            area=EffortArea(project=project, name=area.name), by=by
        )
        existing[area.name] = effort_area
        area.effort_area = effort_area
        audit.save_checked(area, by=by, update_fields=["effort_area"])
        mapping[area.pk] = effort_area.pk
    return mapping


def _sources(project: Project, used: set[int], new_project: bool, by: AbstractBaseUser) -> None:
    """Choose the used funding sources for the project, so its grid offers them. A project that
    has chosen none is offered every source already; choosing one would hide the others."""
    chosen = set(
        ProjectFundingSource.objects.filter(project=project).values_list(
            "funding_source_id", flat=True
        )
    )
    if not chosen and not new_project:
        return
    for source in FundingSource.objects.filter(pk__in=used - chosen).order_by("order", "pk"):
        project_source_add(project=project, funding_source=source, by=by)


def _revised(stored: Request, project: Project) -> GrantDecision:
    revised = (
        GrantDecision.objects.filter(
            project=project,
            status=GrantDecision.Status.APPROVED,
            first_year__lte=stored.first_year,
            last_year__gte=stored.last_year,
        )
        .order_by("-decided_on", "-pk")
        .first()
    )
    if revised is None:
        raise _refuse(
            _(
                "No approved decision of the project covers %(first)s–%(last)s, so the revision "
                "has nothing to revise. Record the revision by hand on the project's decisions."
            )
            % {"first": stored.first_year, "last": stored.last_year},
            "nothing_to_revise",
        )
    return revised


def deciding_body(project: Project | None, chosen: DecisionBody | None = None) -> DecisionBody:
    """The body that is to decide: the one chosen, else the one that decided the project's
    latest decision, else the first of the list staff keep."""
    if chosen is not None:
        return chosen
    if project is not None:
        latest = project.decisions.order_by("-first_year", "-pk").first()
        if latest is not None:
            return latest.deciding_body
    body = DecisionBody.objects.offered().order_by("order", "pk").first()
    if body is None:
        raise _refuse(
            _("There is no decision body to decide the request: add one to the list first."),
            "no_body",
        )
    return body


def _decision(stored: Request, by: AbstractBaseUser, body: DecisionBody | None) -> GrantDecision:
    """The draft decision of the request's proposed grid, period and kind."""
    new_project = stored.project is None
    decider = deciding_body(stored.project, body)
    project = _create_project(stored, by) if new_project else stored.project
    assert project is not None
    if stored.first_year is None or stored.last_year is None:
        raise _refuse(_("The request has no period."), "no_period")
    kind = DECISION_KIND[Request.Kind(stored.kind)]
    revises = _revised(stored, project) if kind == GrantDecision.Kind.REVISION else None
    areas = _effort_areas(stored, project, by)
    budget: dict[tuple[int, int], int | None] = {
        (areas[line.area_id], line.year): line.amount for line in stored.budget_lines.all()
    }
    financing: dict[tuple[int, int], int | None] = {
        (line.funding_source_id, line.year): line.amount for line in stored.financing_lines.all()
    }
    _sources(project, {source for source, _year in financing}, new_project, by)
    decision = decision_create(
        project=project,
        fields={
            "title": stored.title,
            "kind": kind,
            "deciding_body": decider,
            "first_year": stored.first_year,
            "last_year": stored.last_year,
            "revises": revises,
        },
        by=by,
    )
    return decision_save_lines(decision=decision, budget=budget, financing=financing, by=by)


def _terms(stored: Request, decision: GrantDecision, by: AbstractBaseUser) -> None:
    """The case's recommendation (one line per granted source over the period, to the
    applicant) and disbursement (per year and source), from the proposed financing."""
    per_year: dict[int, dict[int, int]] = defaultdict(dict)
    for line in stored.financing_lines.select_related("funding_source"):
        if line.funding_source.kind not in NOT_RECOMMENDED and line.amount:
            per_year[line.funding_source_id][line.year] = line.amount
    sources = FundingSource.objects.filter(pk__in=per_year).order_by("order", "pk")
    recommendations = [
        Recommendation(
            funding_source=source,
            amount=sum(per_year[source.pk].values()),
            first_year=decision.first_year,
            last_year=decision.last_year,
            recipient=stored.organisation,
            order=order,
        )
        for order, source in enumerate(sources)
    ]
    recommendations_save(decision=decision, changed=recommendations, removed=[], by=by)
    rows = [
        Disbursement(funding_source=source, year=year, amount=amount)
        for source in sources
        for year, amount in sorted(per_year[source.pk].items())
    ]
    disbursements_save(decision=decision, changed=rows, removed=[], by=by)


def _case(
    stored: Request, decision: GrantDecision | None, case: Case | None, by: AbstractBaseUser
) -> Case:
    assert stored.project is not None
    decisions = [decision] if decision is not None else []
    if case is None:
        new = Case(title=stored.title, summary=stored.description)
        return case_create(project=stored.project, case=new, decisions=decisions, by=by)
    if decision is not None:
        case_set_decisions(case=case, decisions=[*case.decisions.all(), decision], by=by)
    return case


def _check_case(stored: Request, case: Case | None) -> None:
    if case is None:
        return
    if stored.project_id is None or case.project_id != stored.project_id:
        raise _refuse(_("The case belongs to another project."), "other_project")
    if case.pk not in {c.pk for c in open_cases(stored.project)}:
        raise _refuse(
            _("The case %(title)s has been decided: choose an open case or a new one.")
            % {"title": case.title},
            "case_decided",
        )


def request_accept(
    *,
    request: Request,
    by: AbstractBaseUser,
    case: Case | None = None,
    decision: GrantDecision | None = None,
    body: DecisionBody | None = None,
) -> Request:
    """Accept a submitted request.

    With `decision` (a decision of the request's project that no other request has become):
    link the request to it, and to `case` or the decision's first case, creating nothing.
    Otherwise, for a request with figures, create the draft decision of its proposed grid,
    period and kind (an application first gets its project) and put it on a case draft with
    its recommendation and disbursement, or on `case` (an open case of the project); for a
    request without figures, make only the case draft. Refused (code "wrong_status") unless
    the request is submitted.
    """
    with transaction.atomic():
        stored = lock_for_staff(request, Request.Status.SUBMITTED)
        if decision is not None:
            linked = _link_existing(stored, decision, case, by)
            notices.request_decided(linked, by=by)
            return linked
        _check_case(stored, case)
        made: GrantDecision | None = None
        if stored.kind in KINDS_WITH_FIGURES:
            made = _decision(stored, by, body)
            _terms(stored, made, by)
        stored.case = _case(stored, made, case, by)
        stored.decision = made
        stored.status = Request.Status.ACCEPTED
        next_version(stored, by, "project", "organisation", "decision", "case", "status")
        notices.request_decided(stored, by=by)
    return stored
