"""What the requests pages read: the request and its parts in a few queries, as plain data."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts import guards
from applications.difference import AreaRow, DifferenceTable, difference_table
from applications.models import Request, RequestArea, RequestMessage
from grants.models import FundingSource
from grants.public import project_current_cells

CHANGE = "applications.change_request"
VIEW = "applications.view_request"
M = TypeVar("M", bound=Model)


class NotEditable(Exception):
    """The owner opened an edit page of a request that is no longer theirs to change."""

    def __init__(self, request: Request) -> None:
        super().__init__(request.pk)
        self.request = request


def editable_request(http: HttpRequest, pk: object) -> Request:
    """The request `pk` for an edit page: 404 outside the user's scope, 403 for a role that
    does not edit (staff, the forum); `NotEditable` once it is submitted or decided."""
    guards.require(http.user, CHANGE)
    request = guards.get_object(http, Request.objects.select_related("call", "project"), pk, VIEW)
    if not guards.has_perm(http.user, CHANGE, request):
        if request.editable:
            raise PermissionDenied
        raise NotEditable(request)
    return request


def part_of_request(http: HttpRequest, queryset: QuerySet[M], pk: object) -> M:
    """A row of a request (an organisation, an area, an attachment) the user may edit."""
    guards.require(http.user, CHANGE)
    row = get_object_or_404(
        queryset.filter(request__in=Request.objects.visible_to(http.user)).select_related(
            "request"
        ),
        pk=pk,
    )
    editable_request(http, row.request_id)  # type: ignore[attr-defined]
    return row


def back_to_detail(http: HttpRequest, exc: NotEditable) -> HttpResponseRedirect:
    messages.error(
        http,
        _("The request is %(status)s and can no longer be changed.")
        % {"status": exc.request.get_status_display()},
    )
    return HttpResponseRedirect(exc.request.get_absolute_url())


def grid_values(request: Request) -> dict[str, Any]:
    """The rows and cells of a request's grid, as `BudgetGridForm` takes them."""
    return {
        "areas": list(RequestArea.objects.filter(request=request)),
        "sources": list(FundingSource.objects.order_by("order", "pk")),
        "budget": {
            (area_id, year): amount
            for area_id, year, amount in request.budget_lines.values_list(
                "area_id", "year", "amount"
            )
        },
        "financing": {
            (source_id, year): amount
            for source_id, year, amount in request.financing_lines.values_list(
                "funding_source_id", "year", "amount"
            )
        },
    }


def figures(request: Request) -> DifferenceTable:
    """The proposed figures; for a change request beside the project's current ones."""
    values = grid_values(request)
    current_budget: dict[tuple[int, int], int] = {}
    current_financing: dict[tuple[int, int], int] = {}
    if request.project_id is not None and not request.is_application:
        current = project_current_cells(request.project_id)
        current_budget, current_financing = current.budget, current.financing
    return difference_table(
        years=list(request.years),
        areas=[AreaRow(a.pk, a.name, a.effort_area_id) for a in values["areas"]],
        sources=[(s.pk, s.name) for s in values["sources"]],
        proposed_budget=values["budget"],
        proposed_financing=values["financing"],
        current_budget=current_budget,
        current_financing=current_financing,
    )


def conversation(request: Request) -> list[RequestMessage]:
    """The staff's questions and the applicant's answers: never the internal comments."""
    return list(
        RequestMessage.objects.filter(
            request=request,
            kind__in=[RequestMessage.Kind.QUESTION, RequestMessage.Kind.ANSWER],
        ).select_related("author")
    )


def table_parts(table: DifferenceTable) -> list[dict[str, Any]]:
    """The budget and the financing part of a figures table, as the template draws them."""
    return [
        {
            "caption": _("Budget (kr.)"),
            "heading": _("Effort area"),
            "rows": table.budget_rows,
            "total": table.budget_total,
            "testid": "budget-figures",
        },
        {
            "caption": _("Financing (kr.)"),
            "heading": _("Funding source"),
            "rows": table.financing_rows,
            "total": table.financing_total,
            "testid": "financing-figures",
        },
    ]
