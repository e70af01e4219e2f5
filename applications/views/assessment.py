"""The staff's workspace of one request: what it says, its officer, checklist, messages and
versions; and the comparison of two submitted versions. The forms post to the small views of
`assessment_actions`; every page reaches the request through `accounts.guards`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from accounts import guards
from applications.forms.assessment import AskForm, AssignForm, ChecklistForm, CommentForm
from applications.models import Request, RequestMessage, RequestVersion
from applications.services.assessment import answers_of, checklist_of, questions_of
from applications.snapshot import snapshot
from applications.version_diff import Change, version_changes

PERMISSION = "applications.assess_request"

# How the compare page names a change's section and a field of a row.
LABELS = {
    "details": _lazy("The request"),
    "organisations": _lazy("Organisations"),
    "areas": _lazy("Effort areas"),
    "budget": _lazy("Budget"),
    "financing": _lazy("Financing"),
    "targets": _lazy("Targets"),
    "attachments": _lazy("Attachments"),
    "kind": _lazy("Kind"),
    "title": _lazy("Title"),
    "description": _lazy("Description"),
    "first_year": _lazy("First year"),
    "last_year": _lazy("Last year"),
    "role": _lazy("Role"),
    "cvr": _lazy("CVR number"),
    "value": _lazy("Target"),
}


@dataclass(frozen=True)
class ChangeRow:
    section: str
    field: str
    change: Change


def change_rows(changes: Sequence[Change]) -> list[ChangeRow]:
    return [
        ChangeRow(str(LABELS.get(c.section, c.section)), str(LABELS.get(c.field, c.field)), c)
        for c in changes
    ]


def assessed_requests() -> QuerySet[Request]:
    return Request.objects.select_related(
        "call__programme",
        "call__checklist",
        "project__programme",
        "organisation",
        "case_officer",
        "decision",
        "case",
    )


def get_assessed(request: HttpRequest, pk: int) -> Request:
    """The request `pk`, for regional staff and administrators (403 for other roles)."""
    return guards.get_object(request, assessed_requests(), pk, PERMISSION)


@dataclass(frozen=True)
class GridRow:
    name: str
    cells: tuple[int | None, ...]
    total: int


@dataclass(frozen=True)
class Grid:
    """A version's proposed budget and financing, row by row and year by year."""

    years: tuple[int, ...]
    budget: tuple[GridRow, ...]
    financing: tuple[GridRow, ...]
    budget_totals: tuple[int, ...]
    financing_totals: tuple[int, ...]


def _rows(lines: Sequence[Mapping[str, Any]], years: Sequence[int]) -> tuple[GridRow, ...]:
    cells: dict[str, dict[int, int]] = defaultdict(dict)
    for line in lines:
        cells[str(line.get("row", ""))][int(line["year"])] = int(line.get("amount") or 0)
    return tuple(
        GridRow(name, tuple(row.get(year) for year in years), sum(row.values()))
        for name, row in cells.items()
    )


def grid_of(content: Mapping[str, Any]) -> Grid:
    budget_lines = content.get("budget") or []
    financing_lines = content.get("financing") or []
    years = tuple(sorted({int(line["year"]) for line in [*budget_lines, *financing_lines]}))
    budget, financing = _rows(budget_lines, years), _rows(financing_lines, years)
    return Grid(
        years=years,
        budget=budget,
        financing=financing,
        budget_totals=tuple(sum(r.cells[i] or 0 for r in budget) for i in range(len(years))),
        financing_totals=tuple(sum(r.cells[i] or 0 for r in financing) for i in range(len(years))),
    )


def workspace_context(request: HttpRequest, assessed: Request) -> dict[str, Any]:
    versions = list(
        RequestVersion.objects.filter(request=assessed)
        .select_related("submitted_by")
        .order_by("number")
    )
    content = versions[-1].content if versions else snapshot(assessed)
    checklist = checklist_of(assessed)
    questions = list(questions_of(checklist))
    return {
        "assessed": assessed,
        "stage": assessed.stage(),
        "content": content,
        "grid": grid_of(content),
        "versions": versions,
        "checklist": checklist,
        "checklist_form": ChecklistForm(questions=questions, answers=answers_of(assessed)),
        "assign_form": AssignForm(initial={"officer": assessed.case_officer_id}),
        "comment_form": CommentForm(),
        "ask_form": AskForm(),
        "request_messages": list(
            RequestMessage.objects.filter(request=assessed).select_related("author")
        ),
        "submitted": assessed.status == Request.Status.SUBMITTED,
    }


@require_safe
@guards.checks_object_permission(PERMISSION)
def request_assess(request: HttpRequest, pk: int) -> HttpResponse:
    assessed = get_assessed(request, pk)
    return render(
        request,
        "applications/assessment/request_assess.html",
        workspace_context(request, assessed),
    )


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@require_safe
@guards.checks_object_permission(PERMISSION)
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two submitted versions side by side: what changed from `before` to `after` (by default
    the last two)."""
    assessed = get_assessed(request, pk)
    versions = {v.number: v for v in RequestVersion.objects.filter(request=assessed)}
    numbers = sorted(versions)
    default_after = numbers[-1] if numbers else None
    default_before = numbers[-2] if len(numbers) > 1 else default_after
    before = _number(request.GET.get("before"))
    after = _number(request.GET.get("after"))
    if (before is not None and before not in versions) or (
        after is not None and after not in versions
    ):
        messages.error(request, _("The request has no such version: the last two are shown."))
        before, after = None, None
    before = before if before is not None else default_before
    after = after if after is not None else default_after
    changes = (
        version_changes(versions[before].content, versions[after].content)
        if before is not None and after is not None
        else []
    )
    return render(
        request,
        "applications/assessment/version_compare.html",
        {
            "assessed": assessed,
            "numbers": numbers,
            "before": before,
            "after": after,
            "changes": change_rows(changes),
        },
    )
