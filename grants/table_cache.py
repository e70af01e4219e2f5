"""The HTML budget table kept rendered, per version of its project's figures and language.

The budget-table page is the page staff open most (a project's, a decision's, a case's
table); building it reads six queries' worth of figures and renders a cell per effort area,
source and year. What it shows changes only when the project's figures do, so the rendered
table is kept in Django's cache under the project's figures token (`ProjectFigures`), which
every change to those figures replaces:

- the signals below, for every save and delete of a decision, a line, a period total, an
  effort area, a project's chosen source, a funding source (every project), a project, and
  every change of a case's decisions, through whichever path (services, admin, forms,
  fixtures);
- `figures_changed` called by the services that write lines in bulk (bulk inserts and updates
  send no signals).

The token is read before the figures, so a table rendered from figures a concurrent change has
already replaced is kept under a token that change deleted, and is never shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts import guards
from grants.models import (
    BudgetLine,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Project,
    ProjectFigures,
    ProjectFundingSource,
)
from grants.queries import BUDGET_SOURCES, report_heading

M = TypeVar("M", bound=Model)

PREFIX = "budget-table"
# Kept a day at most; a change makes the entry unreachable long before.
TIMEOUT = 24 * 60 * 60


def figures_changed(*project_ids: int) -> None:
    """What the projects' budget tables show has changed: forget their rendered tables."""
    ProjectFigures.objects.filter(project_id__in=project_ids).delete()


def figures_token(project_id: int) -> uuid.UUID:
    """The current token of the project's figures (a new one after each change)."""
    figures, _ = ProjectFigures.objects.get_or_create(project_id=project_id)
    return figures.token


def page(request: HttpRequest, kind: str, pk: int) -> dict[str, Any]:
    """The context of the budget-table page of the `kind` ("decision", "case", "project") `pk`.

    The object with its token in one query (404 outside the user's reach), then its table as
    kept, or rendered now from its report (`grants.queries.BUDGET_SOURCES`) and kept.
    """
    queryset, perm, make_report = BUDGET_SOURCES[kind]
    queryset = with_token(queryset, "pk" if kind == "project" else "project_id")
    obj = guards.get_object(request, queryset, pk, perm)
    table = rendered_table(
        kind,
        obj,
        obj.pk if kind == "project" else obj.project_id,
        lambda: render_to_string(
            "grants/_budget_table.html", {"report": make_report(obj)}, request=request
        ),
    )
    return {"object": obj, "heading": report_heading(obj), "table": table, "table_kind": kind}


def with_token(queryset: QuerySet[M], project: str) -> QuerySet[M]:
    """`queryset` with each row's project's figures token as `figures_token` (None: none yet).

    `project` names the project's id: "pk" for projects, "project_id" for what belongs to one.
    The token comes with the object in one query, before any figure is read.
    """
    token = ProjectFigures.objects.filter(project_id=OuterRef(project)).values("token")[:1]
    annotated: QuerySet[M] = queryset.annotate(figures_token=Subquery(token))
    return annotated


def rendered_table(kind: str, obj: Model, project_id: int, render: Callable[[], str]) -> SafeString:
    """The table of `kind` for `obj`, as `render` renders it, kept until the figures change.

    `obj` read through `with_token` brings its token along; otherwise it is read now.
    """
    token = getattr(obj, "figures_token", None) or figures_token(project_id)
    key = f"{PREFIX}:{kind}:{obj.pk}:{token}:{get_language()}"
    html = cache.get(key)
    if not isinstance(html, str):
        html = render()
        cache.set(key, str(html), TIMEOUT)
    # Our own template's output, kept as plain text by any cache backend.
    return mark_safe(html)  # noqa: S308


# The signals: every model whose rows a budget table shows, by how it finds its project.


def _line_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    ProjectFigures.objects.filter(project__decisions=instance.decision_id).delete()


def _project_part_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    figures_changed(instance.project_id)


def _project_changed(sender: type[Model], instance: Project, **kwargs: Any) -> None:
    figures_changed(instance.pk)


def _source_changed(sender: type[Model], instance: FundingSource, **kwargs: Any) -> None:
    # A source's name and order are in every project's table.
    ProjectFigures.objects.all().delete()


def _case_decisions_changed(sender: type[Model], instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        figures_changed(instance.project_id)


def connect() -> None:
    """Connect the signals (GrantsConfig.ready)."""
    lines: tuple[type[Model], ...] = (BudgetLine, FinancingLine, FinancingTotal)
    for line in lines:
        post_save.connect(_line_changed, sender=line, dispatch_uid=f"figures-{line.__name__}")
        post_delete.connect(_line_changed, sender=line, dispatch_uid=f"figures-{line.__name__}")
    # A case's own fields are not in its table; its decisions are (m2m_changed below).
    parts: tuple[type[Model], ...] = (GrantDecision, EffortArea, ProjectFundingSource)
    for part in parts:
        post_save.connect(
            _project_part_changed, sender=part, dispatch_uid=f"figures-{part.__name__}"
        )
        post_delete.connect(
            _project_part_changed, sender=part, dispatch_uid=f"figures-{part.__name__}"
        )
    post_save.connect(_project_changed, sender=Project, dispatch_uid="figures-Project")
    post_save.connect(_source_changed, sender=FundingSource, dispatch_uid="figures-FundingSource")
    post_delete.connect(_source_changed, sender=FundingSource, dispatch_uid="figures-FundingSource")
    m2m_changed.connect(
        _case_decisions_changed, sender=GrantDecision.cases.through, dispatch_uid="figures-case"
    )
