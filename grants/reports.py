"""Read the budget and financing of decisions, cases and projects into `grants.budget` data.

Each function runs a fixed number of queries, however many decisions and lines there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from grants.budget import BudgetTable, DecisionFigures, RowHead, build_table, effective_figures
from grants.layout import OutRow, header_row, table_rows
from grants.models import Case, EffortArea, FundingSource, GrantDecision, Project


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


def decision_figures(decision: GrantDecision) -> DecisionFigures:
    """Plain figures of a decision whose lines are prefetched (`with_figures()`)."""
    decided = decision.decided_on or date.max
    return DecisionFigures(
        id=decision.pk,
        kind=decision.kind,
        first_year=decision.first_year,
        last_year=decision.last_year,
        budget={(line.effort_area_id, line.year): line.amount for line in decision.budget_lines.all()},
        financing={
            (line.funding_source_id, line.year): line.amount
            for line in decision.financing_lines.all()
        },
        period_totals={t.funding_source_id: t.amount for t in decision.financing_totals.all()},
        split_by_year=decision.split_by_year,
        revises_id=decision.revises_id,
        sort_key=(decided.isoformat(), decision.pk),
    )


def _heads(project_id: int) -> tuple[list[RowHead], list[RowHead]]:
    areas = [RowHead(a.pk, a.name) for a in EffortArea.objects.filter(project_id=project_id)]
    sources = [RowHead(s.pk, s.name) for s in FundingSource.objects.all()]
    return areas, sources


def _table(project_id: int, decisions: Iterable[GrantDecision]) -> BudgetTable:
    areas, sources = _heads(project_id)
    figures = effective_figures(decision_figures(d) for d in decisions)
    return build_table(areas, sources, figures)


def decision_report(decision: GrantDecision) -> TableReport:
    """The table of one decision, as entered (a revision shows its own lines)."""
    decision = GrantDecision.objects.with_figures().select_related("project").get(pk=decision.pk)
    areas, sources = _heads(decision.project_id)
    table = build_table(areas, sources, [decision_figures(decision)])
    return TableReport(
        title=decision.title, subject=decision.project.name, table=table, decisions=(decision,)
    )


def case_report(case: Case) -> TableReport:
    """The table of a case: its decisions added together, revisions applied among them."""
    decisions = tuple(case.decisions.with_figures().order_by("first_year", "pk"))
    return TableReport(
        title=case.title,
        subject=case.project.name,
        table=_table(case.project_id, decisions),
        decisions=decisions,
    )


def project_report(project: Project) -> TableReport:
    """The table of everything a project has: recommended and approved decisions, effective."""
    decisions = tuple(project.decisions.counting().with_figures().order_by("first_year", "pk"))
    return TableReport(
        title=project.name,
        subject=project.programme.name,
        table=_table(project.pk, decisions),
        decisions=decisions,
    )
