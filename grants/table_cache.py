"""The budget-table page's content kept rendered, per version of its project's figures and
language.

The budget-table page is the page staff open most (a project's, a decision's, a case's
table); building it reads six queries' worth of figures and renders a cell per effort area,
source and year. What its content shows (the heading, the table, the export links) changes
only when the project's figures or names do, so the rendered content is kept in Django's cache
under the project's figures token (`ProjectFigures`), which every such change replaces:

- the signals below, for every save and delete of a decision, a line, a period total, an
  effort area, a project's chosen source, a funding source (every project), a project, a case
  (its title heads its page), a programme (its name heads its projects' pages), and every
  change of a case's decisions, through whichever path (services, admin, forms, fixtures);
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
from django.db import connections
from django.db.models import Field, Model, QuerySet, UUIDField
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts import guards
from grants.models import (
    BudgetLine,
    Case,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Programme,
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

    The object with its token in one query (404 outside the user's reach), then the page's
    content as kept, or rendered now from its report (`grants.queries.BUDGET_SOURCES`) and kept.
    The content (heading, table, export links) is the same for everyone who may see it.
    """
    queryset, perm, make_report = BUDGET_SOURCES[kind]
    queryset = with_token(queryset, "pk" if kind == "project" else "project_id")
    obj = guards.get_object(request, queryset, pk, perm)
    heading = report_heading(obj)
    content = rendered(
        kind,
        obj,
        obj.pk if kind == "project" else obj.project_id,
        lambda: render_to_string(
            "grants/_budget_page.html",
            {
                "object": obj,
                "heading": heading,
                "report": make_report(obj),
                "table_kind": kind,
            },
        ),
    )
    return {"object": obj, "heading": heading, "content": content}


def with_token(queryset: QuerySet[M], project: str) -> QuerySet[M]:
    """`queryset` with each row's project's figures token as `figures_token` (None: none yet).

    `project` names the project's id: "pk" for projects, "project_id" for what belongs to one.
    The token comes with the object in one query, before any figure is read. It is written as
    SQL: built as a `Subquery`, the ORM spent more on compiling it (0.22 ms, on the page staff
    open most) than the database on answering it.
    """
    meta = queryset.model._meta
    field = meta.pk if project == "pk" else meta.get_field(project.removesuffix("_id"))
    if not isinstance(field, Field) or not field.column:
        raise TypeError(f"{meta.label}.{project} is not a column")
    figures = ProjectFigures._meta
    quote = connections[queryset.db].ops.quote_name
    token, table, key = (
        quote(figures.get_field("token").column),
        quote(figures.db_table),
        quote(figures.pk.column),
    )
    outer = f"{quote(meta.db_table)}.{quote(field.column)}"
    # Only the models' own table and column names, quoted: nothing from a request.
    sql = f"SELECT {token} FROM {table} WHERE {key} = {outer}"  # noqa: S608
    annotated: QuerySet[M] = queryset.annotate(
        figures_token=RawSQL(sql, (), output_field=UUIDField())  # noqa: S611
    )
    return annotated


def rendered(kind: str, obj: Model, project_id: int, render: Callable[[], str]) -> SafeString:
    """What `render` renders of `kind` for `obj`, kept until the project's figures change.

    `obj` read through `with_token` brings its token along; otherwise it is read now.
    """
    token = getattr(obj, "figures_token", None) or figures_token(project_id)
    # The content links to other pages: their URLs depend on the prefix the site is served at.
    key = f"{PREFIX}:{kind}:{obj.pk}:{token}:{get_language()}:{get_script_prefix()}"
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


def _programme_changed(sender: type[Model], instance: Programme, **kwargs: Any) -> None:
    ProjectFigures.objects.filter(project__programme=instance).delete()


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
    # A case's decisions are in its table (m2m_changed below), its title heads its page.
    parts: tuple[type[Model], ...] = (Case, GrantDecision, EffortArea, ProjectFundingSource)
    for part in parts:
        post_save.connect(
            _project_part_changed, sender=part, dispatch_uid=f"figures-{part.__name__}"
        )
        post_delete.connect(
            _project_part_changed, sender=part, dispatch_uid=f"figures-{part.__name__}"
        )
    post_save.connect(_project_changed, sender=Project, dispatch_uid="figures-Project")
    post_save.connect(_programme_changed, sender=Programme, dispatch_uid="figures-Programme")
    post_save.connect(_source_changed, sender=FundingSource, dispatch_uid="figures-FundingSource")
    post_delete.connect(_source_changed, sender=FundingSource, dispatch_uid="figures-FundingSource")
    m2m_changed.connect(
        _case_decisions_changed, sender=GrantDecision.cases.through, dispatch_uid="figures-case"
    )
