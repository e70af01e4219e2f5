"""The read selectors of grants: what the pages show, read in a fixed number of queries.

The budget and financing of decisions, cases and projects are read into `grants.budget` data,
however many decisions and lines there are, with lines as plain tuples: a project table may hold
tens of thousands of cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Count, QuerySet

from accounts.guards import AnyUser
from grants.budget import BudgetTable, RowHead, build_table, effective_figures
from grants.cases.checks import CaseFindings, findings_report
from grants.layout import OutRow, header_row, table_rows
from grants.models import (
    Case,
    EffortArea,
    FundingSource,
    GrantDecision,
    Project,
    decision_figures,
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


@dataclass(frozen=True)
class CasePage:
    """A case's table and the consistency findings over the same decisions."""

    report: TableReport
    findings: CaseFindings


def case_page(case: Case) -> CasePage:
    report = case_report(case)
    return CasePage(report=report, findings=findings_report(case, report.decisions))


def project_list(user: AnyUser) -> QuerySet[Project]:
    """The projects `user` may see, with their decision counts, by name."""
    return (
        Project.objects.visible_to(user)
        .with_relations()
        .annotate(decision_count=Count("decisions"))
        .order_by("name")
    )


def project_detail(user: AnyUser) -> QuerySet[Project]:
    """The projects `user` may see, with what the project page shows of each."""
    return (
        Project.objects.visible_to(user)
        .with_relations()
        .prefetch_related(
            "organisation_roles__organisation",
            "organisation_roles__on_behalf_of",
            "links",
            "effort_areas",
        )
    )


def decision_detail(user: AnyUser) -> QuerySet[GrantDecision]:
    """The decisions `user` may see, with what the decision page shows of each."""
    return (
        GrantDecision.objects.visible_to(user)
        .select_related("project__programme", "revises")
        .prefetch_related(
            "recommendations__funding_source",
            "recommendations__recipient",
            "disbursements",
            "cases",
        )
    )


def case_list(user: AnyUser) -> QuerySet[Case]:
    """The cases `user` may see, with their decision counts, newest meeting first."""
    return (
        Case.objects.visible_to(user)
        .select_related("project")
        .annotate(decision_count=Count("decisions"))
        .order_by("-meeting_date", "pk")
    )


def project_decisions(project: Project) -> QuerySet[GrantDecision]:
    """The decisions of `project`, in the order of their periods."""
    return project.decisions.select_related("project").order_by("first_year", "pk")


def project_cases(project: Project) -> QuerySet[Case]:
    return project.cases.all()


def decisions_with_figures() -> QuerySet[GrantDecision]:
    """Decisions with their project and every line prefetched, for the budget grid."""
    return GrantDecision.objects.select_related("project").with_figures()


class GridValues(TypedDict):
    """The rows and the saved cells of a decision's budget grid."""

    areas: list[EffortArea]
    sources: list[FundingSource]
    budget: dict[tuple[int, int], int]
    financing: dict[tuple[int, int], int]


def grid_values(decision: GrantDecision) -> GridValues:
    """What the budget grid of `decision` shows; its lines as prefetched, if they were."""
    return {
        "areas": list(EffortArea.objects.filter(project_id=decision.project_id)),
        "sources": list(FundingSource.objects.all()),
        "budget": {(b.effort_area_id, b.year): b.amount for b in decision.budget_lines.all()},
        "financing": {
            (f.funding_source_id, f.year): f.amount for f in decision.financing_lines.all()
        },
    }


# Each kind of table: where it comes from, who may read it, how it is computed.
TABLE_SOURCES: dict[str, tuple[QuerySet[Any], str, Callable[[Any], TableReport]]] = {
    "decision": (
        GrantDecision.objects.select_related("project"),
        "grants.view_grantdecision",
        decision_report,
    ),
    "case": (Case.objects.select_related("project"), "grants.view_case", case_report),
    "project": (
        Project.objects.select_related("programme"),
        "grants.view_project",
        project_report,
    ),
}
