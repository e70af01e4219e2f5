"""Read the budget and financing of decisions, cases and projects into `grants.budget` data.

Each function runs a fixed number of queries, however many decisions and lines there are, and
reads lines as plain tuples: a project table may hold tens of thousands of cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from grants.budget import BudgetTable, DecisionFigures, RowHead, build_table, effective_figures
from grants.layout import OutRow, header_row, table_rows
from grants.models import (
    BudgetLine,
    Case,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Project,
)


@dataclass(frozen=True)
class TableReport:
    """A budget-and-financing table with what it is the table of."""

    title: str
    subject: str
    table: BudgetTable
    decisions: tuple[GrantDecision, ...]

    @property
    def header(self) -> list[str]:
        return header_row(self.table)

    @property
    def rows(self) -> list[OutRow]:
        return list(table_rows(self.table))


def decision_figures(decisions: Sequence[GrantDecision]) -> list[DecisionFigures]:
    """The figures of `decisions` as plain data, in three queries."""
    ids = [d.pk for d in decisions]
    budget: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    financing: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    totals: dict[int, dict[int, int]] = defaultdict(dict)
    for decision_id, area_id, year, amount in BudgetLine.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "effort_area_id", "year", "amount"):
        budget[decision_id][(area_id, year)] = amount
    for decision_id, source_id, year, amount in FinancingLine.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "funding_source_id", "year", "amount"):
        financing[decision_id][(source_id, year)] = amount
    for decision_id, source_id, amount in FinancingTotal.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "funding_source_id", "amount"):
        totals[decision_id][source_id] = amount
    return [
        DecisionFigures(
            id=d.pk,
            kind=d.kind,
            first_year=d.first_year,
            last_year=d.last_year,
            budget=budget[d.pk],
            financing=financing[d.pk],
            period_totals=totals[d.pk],
            split_by_year=d.split_by_year,
            revises_id=d.revises_id,
            sort_key=((d.decided_on or date.max).isoformat(), d.pk),
        )
        for d in decisions
    ]


def table_heads(project_id: int) -> tuple[list[RowHead], list[RowHead]]:
    """The rows of a project's table: its effort areas and every funding source (two queries)."""
    areas = [RowHead(a.pk, a.name) for a in EffortArea.objects.filter(project_id=project_id)]
    sources = [RowHead(s.pk, s.name) for s in FundingSource.objects.all()]
    return areas, sources


def _table(project_id: int, decisions: Sequence[GrantDecision]) -> BudgetTable:
    areas, sources = table_heads(project_id)
    return build_table(areas, sources, effective_figures(decision_figures(decisions)))


def decision_report(decision: GrantDecision) -> TableReport:
    """The table of one decision, as entered (a revision shows its own lines)."""
    areas, sources = table_heads(decision.project_id)
    table = build_table(areas, sources, decision_figures([decision]))
    return TableReport(
        title=decision.title, subject=decision.project.name, table=table, decisions=(decision,)
    )


def case_report(case: Case) -> TableReport:
    """The table of a case: its decisions added together, revisions applied among them."""
    decisions = tuple(case.decisions.order_by("first_year", "pk"))
    return TableReport(
        title=case.title,
        subject=case.project.name,
        table=_table(case.project_id, decisions),
        decisions=decisions,
    )


def project_report(project: Project) -> TableReport:
    """The table of everything a project has: recommended and approved decisions, effective."""
    decisions = tuple(project.decisions.counting().order_by("first_year", "pk"))
    return TableReport(
        title=project.name,
        subject=project.programme.name,
        table=_table(project.pk, decisions),
        decisions=decisions,
    )
