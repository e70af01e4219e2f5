"""A grant decision's history page: its versions, its table as of any of them, and what changed
between two. Everything shown is computed by `grants.history.replay` from the audit records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import guards
from core.forms import parse_id
from grants.budget import DecisionFigures, RowHead, build_table
from grants.history import queries
from grants.history.forms import WHEN_FORMAT, AsOfForm, CompareForm
from grants.history.replay import (
    BUDGET,
    FINANCING,
    PERIOD_TOTAL,
    SECTIONS,
    Difference,
    State,
    Version,
    as_of,
    compare,
    versions,
)
from grants.history.services import decision_restore, version_state
from grants.models import GrantDecision
from grants.models.decisions import decision_figures
from grants.queries import BudgetReport

CHOICE_FIELDS = {
    "kind": GrantDecision.Kind,
    "status": GrantDecision.Status,
}


@dataclass(frozen=True)
class VersionRow:
    version: Version
    summary: str


@dataclass(frozen=True)
class FieldRow:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class CellRow:
    part: str
    line: str
    period: str
    before: int | None
    after: int | None
    change: int


def field_label(name: str) -> str:
    model_field = GrantDecision._meta.get_field(name)
    assert isinstance(model_field, Field)
    return str(capfirst(model_field.verbose_name))


def summary(version: Version) -> str:
    """What a version changed, in a few words."""
    changes = version.changes
    parts: list[str] = []
    if version.created:
        parts.append(_("Created"))
    elif version.deleted:
        parts.append(_("Deleted"))
    elif changes.fields:
        labels = ", ".join(field_label(c.name).lower() for c in changes.fields)
        parts.append(_("Changed: %(fields)s") % {"fields": labels})
    counts = (
        (BUDGET, _("budget cells: %(count)s")),
        (FINANCING, _("financing cells: %(count)s")),
        (PERIOD_TOTAL, _("period totals: %(count)s")),
    )
    for section, text in counts:
        if count := changes.count(section):
            parts.append(text % {"count": count})
    if not parts:
        return _("Saved without changes")
    return capfirst("; ".join(parts))


def _value(name: str, value: object, labels: dict[str, dict[int, str]]) -> str:
    if value is None or value == "":
        return "–"
    if name in CHOICE_FIELDS:
        return str(capfirst(dict(CHOICE_FIELDS[name].choices).get(str(value), str(value))))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if name in labels and isinstance(value, int):
        # A decision, project or body of the list: its title or name, as it is called today.
        return labels[name].get(value, str(value))
    return str(value)


def field_rows(difference: Difference) -> list[FieldRow]:
    def ids(name: str) -> list[int | None]:
        return [
            v
            for c in difference.fields
            if c.name == name
            for v in (c.before, c.after)
            if isinstance(v, int)
        ]

    labels = {
        "revises": queries.decision_titles(ids("revises")),
        "project": queries.project_names(ids("project")),
        "deciding_body": queries.body_names(ids("deciding_body")),
    }
    return [
        FieldRow(
            field_label(c.name),
            _value(c.name, c.before, labels),
            _value(c.name, c.after, labels),
        )
        for c in difference.fields
    ]


def cell_rows(
    difference: Difference, areas: Sequence[RowHead], sources: Sequence[RowHead]
) -> list[CellRow]:
    """The changed cells labelled and in the table's order: budget, financing, period totals."""
    position = {
        BUDGET: {head.key: i for i, head in enumerate(areas)},
        FINANCING: {head.key: i for i, head in enumerate(sources)},
    }
    position[PERIOD_TOTAL] = position[FINANCING]
    labels = {
        BUDGET: {head.key: head.label for head in areas},
        FINANCING: {head.key: head.label for head in sources},
    }
    labels[PERIOD_TOTAL] = labels[FINANCING]
    parts = {BUDGET: _("Budget"), FINANCING: _("Financing"), PERIOD_TOTAL: _("Financing")}
    changes = sorted(
        difference.cells,
        key=lambda c: (
            SECTIONS.index(c.section),
            position[c.section].get(c.key, len(position[c.section])),
            c.year or 0,
        ),
    )
    return [
        CellRow(
            part=parts[c.section],
            line=labels[c.section].get(c.key, str(c.key)),
            period=_("Whole period") if c.year is None else str(c.year),
            before=c.before,
            after=c.after,
            change=c.change,
        )
        for c in changes
    ]


@require_GET
@guards.checks_object_permission("grants.view_history")
def decision_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The versions of a decision; its table as of a version or date; two versions compared."""
    decision = guards.get_object(
        request, GrantDecision.objects.select_related("project"), pk, "grants.view_history"
    )
    history = queries.decision_history(decision)
    all_versions = versions(history)
    as_of_form = AsOfForm(
        request.GET if {"version", "date"} & set(request.GET) else None,
        history=history,
        versions=all_versions,
    )
    compare_form = CompareForm(
        request.GET if {"before", "after"} & set(request.GET) else None, versions=all_versions
    )
    context: dict[str, Any] = {
        "decision": decision,
        "versions": [VersionRow(v, summary(v)) for v in reversed(all_versions)],
        "as_of_form": as_of_form,
        "compare_form": compare_form,
        "locked": decision.status == GrantDecision.Status.APPROVED,
        "may_restore": decision.status != GrantDecision.Status.APPROVED
        and guards.has_perm(request.user, "grants.change_grantdecision", decision),
        "latest_number": all_versions[-1].number if all_versions else None,
    }
    heads: tuple[list[RowHead], list[RowHead]] | None = None
    if as_of_form.is_bound and as_of_form.is_valid() and as_of_form.state is not None:
        heads = queries.row_heads(decision.project_id, history)
        areas, sources = heads
        chosen = as_of_form.chosen
        if chosen is not None:
            caption = _("as of version %(number)s (%(when)s)") % {
                "number": chosen.number,
                "when": date_format(timezone.localtime(chosen.at), WHEN_FORMAT),
            }
        else:
            assert as_of_form.moment is not None
            caption = _("as of %(day)s") % {"day": date_format(as_of_form.moment, "DATE_FORMAT")}
        context["report"] = BudgetReport(
            title=as_of_form.state.fields.title,
            subject=decision.project.name,
            table=build_table(areas, sources, [as_of_form.state.figures(decision.pk)]),
            decisions=(decision,),
        )
        context["caption_suffix"] = caption
    if compare_form.is_bound and compare_form.is_valid():
        areas, sources = heads or queries.row_heads(decision.project_id, history)
        before, after = compare_form.chosen()
        difference = compare(as_of(history, before.at), as_of(history, after.at))
        context["compared"] = (before, after)
        context["difference"] = difference
        context["field_rows"] = field_rows(difference)
        context["cell_rows"] = cell_rows(difference, areas, sources)
    return render(request, "grants/grantdecision_history.html", context)


RESTORE_PERMS = ("grants.view_history", "grants.change_grantdecision")


@require_http_methods(["GET", "POST"])
@guards.checks_object_permission(*RESTORE_PERMS)
def decision_restore_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Confirm, then restore the figures of version `number` as the decision's next version."""
    decision = guards.get_object(
        request, GrantDecision.objects.select_related("project"), pk, RESTORE_PERMS[0]
    )
    guards.require(request.user, RESTORE_PERMS[1], decision)
    history_url = reverse("grants:decision_history", args=[decision.pk])
    try:
        state = version_state(decision, number)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(history_url)
    refusal: list[str] = []
    if request.method == "POST":
        user = guards.author(request)
        version = request.POST.get("version", "")
        expected = parse_id(version, minimum=1)
        if expected is None:
            refusal = [_("The page was incomplete: reload it and try again.")]
        else:
            try:
                decision_restore(
                    decision=decision, number=number, by=user, expected_version=expected
                )
            except ValidationError as exc:
                refusal = exc.messages
            else:
                messages.success(
                    request,
                    _("The figures of version %(number)s were restored as a new version.")
                    % {"number": number},
                )
                return HttpResponseRedirect(f"{history_url}#versions")
        decision.refresh_from_db()
    return render(
        request,
        "grants/grantdecision_restore.html",
        {**_restore_context(decision, number, state), "refusal": refusal},
        status=409 if refusal else 200,
    )


def _restore_context(decision: GrantDecision, number: int, state: State) -> dict[str, Any]:
    """The version's table and what restoring it would change, cell by cell."""
    history = queries.decision_history(decision)
    areas, sources = queries.row_heads(decision.project_id, history)
    (now,) = decision_figures([decision])
    current = State(state.fields, _cells_of(now))
    difference = compare(current, State(current.fields, state.cells))
    return {
        "decision": decision,
        "number": number,
        "locked": decision.status == GrantDecision.Status.APPROVED,
        "report": BudgetReport(
            title=state.fields.title,
            subject=decision.project.name,
            table=build_table(areas, sources, [state.figures(decision.pk)]),
            decisions=(decision,),
        ),
        "caption_suffix": _("as of version %(number)s") % {"number": number},
        "cell_rows": cell_rows(difference, areas, sources),
    }


def _cells_of(figures: DecisionFigures) -> dict[tuple[str, int, int | None], int]:
    return {
        **{(BUDGET, k, y): a for (k, y), a in figures.budget.items()},
        **{(FINANCING, k, y): a for (k, y), a in figures.financing.items()},
        **{(PERIOD_TOTAL, k, None): a for k, a in figures.period_totals.items()},
    }
