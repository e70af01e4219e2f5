"""The read selectors of grants: what the pages show, read in a fixed number of queries.

The budget and financing of decisions, cases and projects are read into `grants.budget` data,
however many decisions and lines there are, with lines as plain tuples: a project table may hold
tens of thousands of cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from accounts.guards import AnyUser
from grants.budget import (
    BudgetTable,
    DecisionFigures,
    RowHead,
    build_table,
    effective_figures,
)
from grants.cases.checks import CaseFindings, findings_report
from grants.layout import OutRow, budget_rows, header_row
from grants.models import (
    Case,
    EffortArea,
    FundingSource,
    GrantDecision,
    Project,
    ProjectFundingSource,
    decision_figures,
)


@dataclass(frozen=True)
class BudgetReport:
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
        return list(budget_rows(self.table))


class _ProjectPosition(TypedDict):
    project_position: int | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # For the type checker only: at run time `WithAnnotations` takes one argument.
    SourceInOrder = WithAnnotations[FundingSource, _ProjectPosition]


def sources_in_project_order(project_id: int) -> QuerySet[SourceInOrder]:
    """Every funding source of the region: the project's own first, in the project's order,
    then the others in the region's order. `project_position` is None for one not chosen."""
    position = ProjectFundingSource.objects.filter(
        project_id=project_id, funding_source_id=OuterRef("pk")
    ).values("order")[:1]
    # A plain QuerySet: the manager's own class (with `visible_to`) takes no annotations' type.
    sources: QuerySet[FundingSource] = FundingSource.objects.all()
    return sources.annotate(project_position=Subquery(position)).order_by(
        F("project_position").asc(nulls_last=True), "order", "pk"
    )


def budget_heads(
    project_id: int, figures: Sequence[DecisionFigures] | None = None
) -> tuple[list[RowHead], list[RowHead]]:
    """The rows of a project's table (two queries): its effort areas and the funding sources.

    The sources come in the project's own order, then any other (`build_table` shows only those
    some decision uses: a line under a source the project no longer chose is never hidden). A
    retired area keeps its row where `figures` have lines for it; every retired area does when
    no `figures` are given, so an earlier version's table never loses a row's name.
    """
    used = None if figures is None else {key for d in figures for key, _ in d.budget}
    areas = [
        RowHead(a.pk, a.name)
        for a in EffortArea.objects.filter(project_id=project_id)
        if not a.retired or used is None or a.pk in used
    ]
    sources = [RowHead(s.pk, s.name) for s in sources_in_project_order(project_id)]
    return areas, sources


def _table(project_id: int, decisions: Sequence[GrantDecision]) -> BudgetTable:
    figures = effective_figures(decision_figures(list(decisions)))
    areas, sources = budget_heads(project_id, figures)
    return build_table(areas, sources, figures)


@dataclass(frozen=True)
class Heading:
    """What a budget table is the table of: its title and, under it, what that belongs to."""

    title: str
    subject: str


def report_heading(obj: GrantDecision | Case | Project) -> Heading:
    """A decision's or a case's title and its project, or a project and its programme."""
    if isinstance(obj, Project):
        return Heading(title=obj.name, subject=obj.programme.name)
    return Heading(title=obj.title, subject=obj.project.name)


def decision_report(decision: GrantDecision) -> BudgetReport:
    """The table of one decision, as entered (a revision shows its own lines)."""
    figures = decision_figures([decision])
    areas, sources = budget_heads(decision.project_id, figures)
    table = build_table(areas, sources, figures)
    heading = report_heading(decision)
    return BudgetReport(
        title=heading.title, subject=heading.subject, table=table, decisions=(decision,)
    )


def case_report(case: Case) -> BudgetReport:
    """The table of a case: its decisions added together, revisions applied among them."""
    decisions = tuple(case.decisions.order_by("first_year", "pk"))
    heading = report_heading(case)
    return BudgetReport(
        title=heading.title,
        subject=heading.subject,
        table=_table(case.project_id, decisions),
        decisions=decisions,
    )


def project_report(project: Project) -> BudgetReport:
    """The table of everything a project has: recommended and approved decisions, effective."""
    decisions = tuple(project.decisions.counting().order_by("first_year", "pk"))
    heading = report_heading(project)
    return BudgetReport(
        title=heading.title,
        subject=heading.subject,
        table=_table(project.pk, decisions),
        decisions=decisions,
    )


@dataclass(frozen=True)
class CasePage:
    """A case's table and the consistency findings over the same decisions."""

    report: BudgetReport
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
        .select_related("project__programme", "revises", "deciding_body")
        .prefetch_related(
            "recommendations__funding_source",
            "recommendations__recipient",
            "disbursements",
            "cases",
            "targets__indicator",
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
    return project.decisions.select_related("project", "deciding_body").order_by("first_year", "pk")


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
    """What the budget grid of `decision` shows; its lines as prefetched, if they were.

    The rows offered: the project's effort areas that are not retired, and its own funding
    sources in its order (every source of the region while it has chosen none); a retired
    area or an unchosen source keeps its row where this decision has lines for it, so they can
    still be changed or cleared.
    """
    budget = {(b.effort_area_id, b.year): b.amount for b in decision.budget_lines.all()}
    financing = {(f.funding_source_id, f.year): f.amount for f in decision.financing_lines.all()}
    used_areas = {key for key, _ in budget}
    used_sources = {key for key, _ in financing}
    ordered = list(sources_in_project_order(decision.project_id))
    chosen = any(s.project_position is not None for s in ordered)
    sources: list[FundingSource] = [
        s for s in ordered if not chosen or s.project_position is not None or s.pk in used_sources
    ]
    return {
        "areas": [
            a
            for a in EffortArea.objects.filter(project_id=decision.project_id)
            if not a.retired or a.pk in used_areas
        ],
        "sources": sources,
        "budget": budget,
        "financing": financing,
    }


def revision_start(decision: GrantDecision) -> GridValues | None:
    """The grid a budget revision with no lines yet starts from: the revised decision's figures
    within the revision's period, with the rows they need; None for any other decision.

    Nothing is saved: the figures are the grid's starting values, saved when the user saves.
    """
    if decision.kind != GrantDecision.Kind.REVISION or decision.revises_id is None:
        return None
    own = grid_values(decision)
    if own["budget"] or own["financing"]:
        return None
    revised = decisions_with_figures().filter(pk=decision.revises_id).first()
    if revised is None:
        return None
    theirs = grid_values(revised)
    years = set(decision.years)
    budget = {key: amount for key, amount in theirs["budget"].items() if key[1] in years}
    financing = {key: amount for key, amount in theirs["financing"].items() if key[1] in years}
    # A retired area or an unchosen source keeps its row where the revised figures use it.
    areas = [*own["areas"], *(a for a in theirs["areas"] if a not in own["areas"])]
    sources = [*own["sources"], *(s for s in theirs["sources"] if s not in own["sources"])]
    used_areas = {key for key, _ in budget}
    used_sources = {key for key, _ in financing}
    return {
        "areas": [a for a in areas if a in own["areas"] or a.pk in used_areas],
        "sources": [s for s in sources if s in own["sources"] or s.pk in used_sources],
        "budget": budget,
        "financing": financing,
    }


# Each kind of table: where it comes from, who may read it, how it is computed.
BUDGET_SOURCES: dict[str, tuple[QuerySet[Any], str, Callable[[Any], BudgetReport]]] = {
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


@dataclass(frozen=True)
class CurrentCells:
    """What a project has now, cell by cell: (effort area id, year) and (source id, year)."""

    budget: dict[tuple[int, int], int]
    financing: dict[tuple[int, int], int]


def project_current_cells(project_id: int) -> CurrentCells:
    """The project's current budget and financing per cell, from its counting decisions with
    revisions applied (the project page's table); totals known only for a whole period, with
    no year, are left out."""
    decisions = GrantDecision.objects.filter(project_id=project_id).counting()
    budget: dict[tuple[int, int], int] = {}
    financing: dict[tuple[int, int], int] = {}
    for figures in effective_figures(decision_figures(list(decisions))):
        for key, amount in figures.budget.items():
            budget[key] = budget.get(key, 0) + amount
        for key, amount in figures.financing.items():
            financing[key] = financing.get(key, 0) + amount
    return CurrentCells(budget=budget, financing=financing)
