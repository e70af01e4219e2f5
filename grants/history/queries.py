"""Read a decision's audit history (django-simple-history's tables) into replay data.

A fixed number of queries however long the history is: one per historical table, the user's
name joined in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from core.people import name_of
from grants.budget import RowHead
from grants.history.replay import (
    BUDGET,
    FINANCING,
    PERIOD_TOTAL,
    DecisionFields,
    DecisionHistory,
    DecisionRecord,
    LineRecord,
)
from grants.models import (
    BudgetLine,
    DecisionBody,
    FinancingLine,
    FinancingTotal,
    GrantDecision,
    Project,
)
from grants.queries import budget_heads

_META = ("history_id", "history_date", "history_type", "history_user_id")
_USER = ("history_user__first_name", "history_user__last_name", "history_user__username")
_DECISION = (
    "title",
    "kind",
    "deciding_body_id",
    "decided_on",
    "status",
    "first_year",
    "last_year",
    "split_by_year",
    "revises_id",
    "project_id",
)


def _user_label(first: str | None, last: str | None, username: str | None) -> str:
    return name_of(first, last, username)


def _line_records(
    rows: Iterable[tuple[Any, ...]], section: str, with_year: bool = True
) -> list[LineRecord]:
    records = []
    for row in rows:
        history_id, when, history_type, user_id, first, last, username, *rest = row
        line_id, key, *year, amount = rest
        records.append(
            LineRecord(
                history_id=history_id,
                when=when,
                history_type=history_type,
                user_id=user_id,
                user=_user_label(first, last, username),
                section=section,
                line_id=line_id,
                key=key,
                year=year[0] if with_year else None,
                amount=amount,
            )
        )
    return records


def decision_history(decision: GrantDecision) -> DecisionHistory:
    """Every historical record of `decision` and of its lines, in four queries."""
    pk = decision.pk
    decisions = []
    for row in (
        GrantDecision.history.filter(id=pk)
        .order_by("history_date", "history_id")
        .values_list(*_META, *_USER, "history_change_reason", *_DECISION)
    ):
        history_id, when, history_type, user_id, first, last, username, reason, *values = row
        title, kind, body, decided_on, status, first_year, last_year, split, revises, project = (
            values
        )
        decisions.append(
            DecisionRecord(
                history_id=history_id,
                when=when,
                history_type=history_type,
                user_id=user_id,
                user=_user_label(first, last, username),
                reason=reason or "",
                fields=DecisionFields(
                    title=title,
                    kind=kind,
                    deciding_body=body,
                    decided_on=decided_on,
                    status=status,
                    first_year=first_year,
                    last_year=last_year,
                    split_by_year=split,
                    revises=revises,
                    project=project,
                ),
            )
        )

    def rows(model: type[Any], key: str, *extra: str) -> Iterable[tuple[Any, ...]]:
        history = model.history.filter(decision_id=pk).order_by("history_date", "history_id")
        result: Iterable[tuple[Any, ...]] = history.values_list(
            *_META, *_USER, "id", key, *extra, "amount"
        )
        return result

    lines = [
        *_line_records(rows(BudgetLine, "effort_area_id", "year"), BUDGET),
        *_line_records(rows(FinancingLine, "funding_source_id", "year"), FINANCING),
        *_line_records(rows(FinancingTotal, "funding_source_id"), PERIOD_TOTAL, with_year=False),
    ]
    return DecisionHistory(decision_id=pk, decisions=tuple(decisions), lines=tuple(lines))


def row_heads(project_id: int, history: DecisionHistory) -> tuple[list[RowHead], list[RowHead]]:
    """The table's effort areas (of the project) and funding sources, in two queries.

    A line may name an effort area or funding source removed since; it keeps a row, under a
    label that says so, so an earlier table never loses figures.
    """
    areas, sources = budget_heads(project_id)
    return (
        _with_missing(areas, {r.key for r in history.lines if r.section == BUDGET}),
        _with_missing(sources, {r.key for r in history.lines if r.section != BUDGET}),
    )


def _with_missing(heads: Sequence[RowHead], keys: set[int]) -> list[RowHead]:
    known = {head.key for head in heads}
    missing = [
        RowHead(key, _("Removed line (no. %(id)s)") % {"id": key}) for key in sorted(keys - known)
    ]
    return [*heads, *missing]


def _labels(model: type[Any], field: str, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    return dict(model.objects.filter(pk__in=wanted).values_list("pk", field))


def decision_titles(ids: Iterable[int | None]) -> dict[int, str]:
    """The titles of the decisions `ids` (for a changed "revises"); no query when none."""
    return _labels(GrantDecision, "title", ids)


def body_names(ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the decision bodies `ids` (for a changed deciding body); no query when none."""
    return _labels(DecisionBody, "name", ids)


def project_names(ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the projects `ids` (for a changed project); no query when none."""
    return _labels(Project, "name", ids)
