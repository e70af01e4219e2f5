"""A grant decision's history page: its versions, its table as of any of them, and what changed
between two. Everything shown is computed by `grants.history.replay` from the audit records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import guards
from grants.budget import RowHead, build_table
from grants.history import queries
from grants.history.forms import WHEN_FORMAT, AsOfForm, CompareForm
from grants.history.replay import (
    BUDGET,
    FINANCING,
    PERIOD_TOTAL,
    SECTIONS,
    Difference,
    Version,
    as_of,
    compare,
    versions,
)
from grants.models import GrantDecision
from grants.queries import TableReport

CHOICE_FIELDS = {
    "kind": GrantDecision.Kind,
    "status": GrantDecision.Status,
    "deciding_body": GrantDecision.Body,
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


def _value(name: str, value: object, titles: dict[int, str], projects: dict[int, str]) -> str:
    if value is None or value == "":
        return "–"
    if name in CHOICE_FIELDS:
        return str(capfirst(dict(CHOICE_FIELDS[name].choices).get(str(value), str(value))))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return date_format(value, "j. F Y")
    if name == "revises" and isinstance(value, int):
        return titles.get(value, str(value))
    if name == "project" and isinstance(value, int):
        return projects.get(value, str(value))
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

    titles = queries.decision_titles(ids("revises"))
    projects = queries.project_names(ids("project"))
    return [
        FieldRow(
            field_label(c.name),
            _value(c.name, c.before, titles, projects),
            _value(c.name, c.after, titles, projects),
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
            caption = _("as of %(day)s") % {"day": date_format(as_of_form.moment, "j. F Y")}
        context["report"] = TableReport(
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
