"""Writing a request: create, edit, its proposed grid, and submit (the core every page uses).

Every write is atomic, validates first, names its author (`by`) in the audit history, and is
refused (ValidationError with a code) when the request is not the applicant's to change: only
a draft, or a request returned with questions, can be edited. `expected_version` is the version
the page was shown with: a save from a page older than the last save is refused ("stale"), as
a decision's grid is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from applications import notices
from applications.completeness import RequestFacts, missing
from applications.models import (
    Call,
    Request,
    RequestArea,
    RequestBudgetLine,
    RequestFinancingLine,
    RequestVersion,
)
from applications.snapshot import snapshot
from core import audit
from grants.models import Indicator, Organisation, Project, ProjectOrganisation

CellValues = Mapping[tuple[int, int], int | None]

# What the applicant may edit on the request's own form.
EDITABLE_FIELDS = ("title", "description", "first_year", "last_year")
# Change requests that ask for money or move it: they carry a proposed grid.
KINDS_WITH_FIGURES = (
    Request.Kind.APPLICATION,
    Request.Kind.TOP_UP,
    Request.Kind.EXTENSION,
    Request.Kind.REVISION,
)


def call_closed_message(call: Call) -> str:
    return _("The call closed %(when)s: applications can no longer be submitted.") % {
        "when": date_format(localtime(call.closes_at), "DATETIME_FORMAT")
    }


def application_create(
    *,
    call: Call,
    organisation: Organisation,
    title: str,
    by: AbstractBaseUser,
    now: datetime | None = None,
) -> Request:
    """A draft application to `call` by `organisation`; refused once the call has closed."""
    if not call.is_open(now or timezone.now()):
        raise ValidationError(call_closed_message(call), code="call_closed")
    request = Request(
        kind=Request.Kind.APPLICATION,
        call=call,
        organisation=organisation,
        title=title,
        created_by_id=by.pk,
    )
    with transaction.atomic():
        audit.save(request, by=by)
    return request


def _applicant_of(project: Project) -> Organisation | None:
    role = (
        ProjectOrganisation.objects.filter(project=project, role=ProjectOrganisation.Role.APPLICANT)
        .select_related("organisation")
        .first()
    )
    return role.organisation if role else None


def change_request_create(
    *,
    project: Project,
    kind: str,
    title: str,
    by: AbstractBaseUser,
    first_year: int | None = None,
    last_year: int | None = None,
) -> Request:
    """A draft change request of `project`; its grid's rows are the project's effort areas."""
    if kind == Request.Kind.APPLICATION or kind not in Request.Kind.values:
        raise ValidationError(_("Choose the kind of change."), code="kind")
    request = Request(
        kind=kind,
        project=project,
        organisation=_applicant_of(project),
        title=title,
        first_year=first_year,
        last_year=last_year,
        created_by_id=by.pk,
    )
    with transaction.atomic():
        audit.save(request, by=by)
        areas = [
            RequestArea(request=request, name=area.name, effort_area=area, order=area.order)
            for area in project.effort_areas.filter(retired=False).order_by("order", "pk")
        ]
        if areas:
            audit.bulk_create(areas, RequestArea, by=by)
    return request


def lock(request: Request, expected_version: int | None = None) -> Request:
    """The request's row, locked for the write; refused unless the applicant may change it."""
    stored = Request.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and stored.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved the request after you opened it. "
                "Reload the page to see their changes."
            ),
            code="stale",
        )
    if stored.status == Request.Status.SUBMITTED:
        raise ValidationError(
            _("The request has been submitted and is being assessed: it can no longer be changed."),
            code="submitted",
        )
    if not stored.editable:
        raise ValidationError(
            _("The request is %(status)s and can no longer be changed.")
            % {"status": stored.get_status_display()},
            code="not_editable",
        )
    return stored


def _next_version(request: Request, by: AbstractBaseUser, *changed: str) -> None:
    with audit.authored_by(by):
        request.save_next_version(*changed)


def request_update(
    *,
    request: Request,
    fields: Mapping[str, Any],
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> Request:
    """Save the request's own fields (title, description, period)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("%(fields)s cannot be changed here.") % {"fields": ", ".join(sorted(unknown))},
            code="not_editable_field",
        )
    with transaction.atomic():
        stored = lock(request, expected_version)
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.full_clean()
        if stored.first_year and stored.last_year and stored.first_year > stored.last_year:
            raise ValidationError(
                {"last_year": _("The last year cannot come before the first year.")}
            )
        _next_version(stored, by, *fields)
    return stored


def _sync(
    model: type[RequestBudgetLine] | type[RequestFinancingLine],
    request: Request,
    key_field: str,
    values: CellValues,
    by: AbstractBaseUser,
) -> None:
    existing = {
        (getattr(line, f"{key_field}_id"), line.year): line
        for line in model.objects.filter(request=request)
    }
    with audit.authored_by(by):
        for (key, year), amount in values.items():
            line = existing.get((key, year))
            if amount is None or amount == 0:
                if line is not None:
                    line.delete()
            elif line is None:
                model.objects.create(
                    request=request, year=year, amount=amount, **{f"{key_field}_id": key}
                )
            elif line.amount != amount:
                line.amount = amount
                line.save(update_fields=["amount"])


def request_save_grid(
    *,
    request: Request,
    budget: CellValues,
    financing: CellValues,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> Request:
    """Save the proposed grid: all cells or none. A None or 0 clears a cell."""
    with transaction.atomic():
        stored = lock(request, expected_version)
        areas = set(RequestArea.objects.filter(request=stored).values_list("pk", flat=True))
        years = set(stored.years)
        for cells in (budget, financing):
            for (_key, year), amount in cells.items():
                if amount is not None and amount < 0:
                    raise ValidationError(_("Amounts cannot be negative."), code="negative")
                if amount and year not in years:
                    raise ValidationError(
                        _("%(year)s lies outside the request's period.") % {"year": year},
                        code="year_outside_period",
                    )
        if any(key not in areas for key, _year in budget):
            raise ValidationError(
                _("The grid named an effort area that is not the request's. Reload the page."),
                code="unknown_area",
            )
        _sync(RequestBudgetLine, stored, "area", budget, by)
        _sync(RequestFinancingLine, stored, "funding_source", financing, by)
        _next_version(stored, by)
    return stored


def facts(request: Request) -> RequestFacts:
    """The request as completeness reads it (a few queries, however large the request)."""
    budget = {
        (area_id, year): amount
        for area_id, year, amount in request.budget_lines.values_list("area_id", "year", "amount")
    }
    financing = {
        (source_id, year): amount
        for source_id, year, amount in request.financing_lines.values_list(
            "funding_source_id", "year", "amount"
        )
    }
    required: dict[int, str] = {}
    if request.call_id is not None:
        required = {
            indicator.pk: str(indicator)
            for indicator in Indicator.objects.filter(calls=request.call_id)
        }
    return RequestFacts(
        is_application=request.is_application,
        title=request.title,
        description=request.description,
        first_year=request.first_year,
        last_year=request.last_year,
        budget=budget,
        financing=financing,
        organisations=[
            (role, bool(cvr)) for role, cvr in request.organisations.values_list("role", "cvr")
        ],
        required_indicators=required,
        targets=frozenset(request.targets.values_list("indicator_id", flat=True)),
        needs_figures=request.kind in KINDS_WITH_FIGURES,
    )


def request_submit(
    *,
    request: Request,
    by: AbstractBaseUser,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Request:
    """Submit the request: complete, balanced and (a first submission) before the call closes.

    The row is locked first, so of two submissions racing only one passes; the other finds it
    submitted. Each submission keeps what the request said then (`RequestVersion`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        stored = lock(request, expected_version)
        # A request returned with questions may be answered after the call has closed.
        first = stored.status == Request.Status.DRAFT
        if first and stored.call is not None and not stored.call.is_open(now):
            raise ValidationError(call_closed_message(stored.call), code="call_closed")
        problems = missing(facts(stored))
        if problems:
            raise ValidationError(problems, code="incomplete")
        number = stored.versions.count() + 1
        RequestVersion.objects.create(
            request=stored,
            number=number,
            submitted_at=now,
            submitted_by_id=by.pk,
            content=snapshot(stored),
        )
        stored.status = Request.Status.SUBMITTED
        stored.submitted_at = now
        _next_version(stored, by, "status", "submitted_at")
        notices.request_submitted(stored, version=number, by=by)
    return stored
