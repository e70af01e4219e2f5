"""The models read into the plain data of `spending.money`, in a fixed number of queries.

One project, one decision's project, or every project of a programme: the same twelve queries
(grouped by project, never one per report, line, payment or decision), whatever the number of
reports and lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from grants.budget import DecisionFigures, RowHead
from grants.models import (
    Disbursement,
    EffortArea,
    GrantDecision,
    Project,
    decision_figures,
)
from spending import rates
from spending.early_warning import DeadlineFigures, Thresholds
from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ProgrammeFinance,
    RepaymentClaim,
    ReportingDeadline,
    SpendingReport,
)
from spending.money import (
    MoneyInput,
    Overview,
    PaymentFigures,
    ReportFigures,
    project_overview,
)
from spending.money_decisions import decision_overviews, effective_id
from spending.repayment import ClaimFigures


def thresholds_of(finance: ProgrammeFinance | None) -> Thresholds:
    if finance is None:
        finance = ProgrammeFinance()
    return Thresholds(
        underspend_percent=finance.underspend_percent,
        overspend_tolerance_percent=finance.overspend_tolerance_percent,
        payment_behind_percent=finance.payment_behind_percent,
    )


def money_inputs(projects: Iterable[Project]) -> dict[int, MoneyInput]:
    """Project id → its `MoneyInput` (twelve queries for any number of projects).

    The projects need their programme loaded (`select_related("programme")`)."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    programme_ids = {p.programme_id for p in projects}
    decisions = list(
        GrantDecision.objects.filter(project_id__in=ids).counting().order_by("first_year", "pk")
    )
    project_of = {d.pk: d.project_id for d in decisions}
    figures: dict[int, list[DecisionFigures]] = defaultdict(list)
    for item in decision_figures(decisions):
        figures[project_of[item.id]].append(item)
    used = {key for items in figures.values() for d in items for key, _ in d.budget}
    areas: dict[int, list[RowHead]] = defaultdict(list)
    for area in EffortArea.objects.filter(project_id__in=ids).order_by("order", "pk"):
        if not area.retired or area.pk in used:
            areas[area.project_id].append(RowHead(area.pk, area.name))
    categories = _categories(programme_ids)
    finances = {
        f.programme_id: f for f in ProgrammeFinance.objects.filter(programme_id__in=programme_ids)
    }
    reports = _reports(ids)
    payments: dict[int, list[PaymentFigures]] = defaultdict(list)
    sources: dict[int, dict[int, str]] = defaultdict(dict)
    # A payment's date is when it is (or is planned to be) paid: marking it paid sets it.
    for project_id, source_id, source, amount, status, dated in Payment.objects.filter(
        project_id__in=ids
    ).values_list(
        "project_id", "funding_source_id", "funding_source__name", "amount", "status", "dated"
    ):
        payments[project_id].append(PaymentFigures(source_id, amount, status, dated.year))
        sources[project_id][source_id] = source
    claims = _claims(ids)
    schedule: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for decision_id, year, amount in Disbursement.objects.filter(
        decision_id__in=list(project_of)
    ).values_list("decision_id", "year", "amount"):
        schedule[project_of[decision_id]][year] += amount
    deadlines: dict[int, list[DeadlineFigures]] = defaultdict(list)
    for deadline in ReportingDeadline.objects.filter(project_id__in=ids).with_met():
        deadlines[deadline.project_id].append(
            DeadlineFigures(
                id=deadline.pk,
                period_start=deadline.period_start,
                period_end=deadline.period_end,
                due_on=deadline.due_on,
                met=bool(deadline.met),  # type: ignore[attr-defined]
                final=deadline.final,
            )
        )
    return {
        p.pk: MoneyInput(
            areas=areas[p.pk],
            decisions=figures[p.pk],
            categories=categories.get(p.programme_id, []),
            reports=reports.get(p.pk, []),
            payments=payments[p.pk],
            schedule=dict(schedule[p.pk]),
            deadlines=deadlines[p.pk],
            thresholds=thresholds_of(finances.get(p.programme_id)),
            claims=claims[p.pk],
            sources=sources[p.pk],
        )
        for p in projects
    }


def _claims(project_ids: list[int]) -> dict[int, list[ClaimFigures]]:
    """Project id → its claims for repayment (one query)."""
    result: dict[int, list[ClaimFigures]] = defaultdict(list)
    rows = RepaymentClaim.objects.filter(project_id__in=project_ids).values_list(
        "pk",
        "project_id",
        "funding_source_id",
        "funding_source__name",
        "amount",
        "status",
        "reason",
        "origin",
        "created_at",
    )
    for pk, project_id, source_id, source, amount, status, reason, origin, created in rows:
        result[project_id].append(
            ClaimFigures(
                id=pk,
                source_id=source_id,
                source=source,
                amount=amount,
                status=status,
                reason=reason,
                origin=origin,
                recorded_on=timezone.localdate(created),
            )
        )
    return result


def _categories(programme_ids: Iterable[int]) -> dict[int, list[rates.Category]]:
    result: dict[int, list[rates.Category]] = defaultdict(list)
    for category in CostCategory.objects.filter(programme_id__in=list(programme_ids)):
        result[category.programme_id].append(
            rates.Category(
                id=category.pk,
                kind=category.kind,
                rate=category.rate_percent,
                base_id=category.base_id,
            )
        )
    return result


def _reports(project_ids: list[int]) -> dict[int, list[ReportFigures]]:
    """Project id → its reports with their lines (two queries)."""
    rows = list(
        SpendingReport.objects.filter(project_id__in=project_ids).values_list(
            "pk", "project_id", "status", "period_start", "period_end", "forecast"
        )
    )
    lines: dict[int, list[rates.Line]] = defaultdict(list)
    for (
        report_id,
        category_id,
        area_id,
        spent_on,
        amount,
        accepted,
    ) in ExpenditureLine.objects.filter(report__project_id__in=project_ids).values_list(
        "report_id", "cost_category_id", "effort_area_id", "spent_on", "amount", "accepted_amount"
    ):
        lines[report_id].append(rates.Line(category_id, area_id, spent_on.year, amount, accepted))
    result: dict[int, list[ReportFigures]] = defaultdict(list)
    for pk, project_id, status, start, end, forecast in rows:
        result[project_id].append(ReportFigures(pk, status, start, end, forecast, tuple(lines[pk])))
    return result


@dataclass(frozen=True)
class ProjectMoney:
    """A project's money and each of its decisions', for the pages and the exports."""

    project: Project
    overview: Overview
    decisions: tuple[tuple[GrantDecision, Overview], ...]
    today: date


def project_money(project: Project, *, today: date) -> ProjectMoney:
    """`project` (its programme loaded) and its decisions' money, in a fixed number of queries."""
    data = money_inputs([project])[project.pk]
    shares = decision_overviews(data)
    decisions = {
        d.pk: d
        for d in GrantDecision.objects.filter(pk__in=list(shares)).order_by("first_year", "pk")
    }
    return ProjectMoney(
        project=project,
        overview=project_overview(data, today=today),
        decisions=tuple((decisions[pk], shares[pk]) for pk in decisions),
        today=today,
    )


def decision_money(decision: GrantDecision) -> tuple[GrantDecision, Overview]:
    """The effective decision holding `decision` (a revision's root) and its money."""
    data = money_inputs([decision.project])[decision.project_id]
    shares = decision_overviews(data)
    counting = any(d.id == decision.pk for d in data.decisions)
    root = effective_id(data.decisions, decision.pk) if counting else decision.pk
    if root not in shares:
        # Not counting (a draft or a rejected decision): its own budget, nothing shared to it.
        single = MoneyInput(areas=data.areas, decisions=decision_figures([decision]))
        return decision, decision_overviews(single)[decision.pk]
    shown = decision if root == decision.pk else GrantDecision.objects.get(pk=root)
    return shown, shares[root]


@dataclass(frozen=True)
class ProjectWarnings:
    project: Project
    overview: Overview


def programme_warnings(projects: Iterable[Project], *, today: date) -> list[ProjectWarnings]:
    """Every project of `projects` (a programme's, or all the reader's) with its money."""
    projects = list(projects)
    inputs = money_inputs(projects)
    return [
        ProjectWarnings(project=p, overview=project_overview(inputs[p.pk], today=today))
        for p in projects
    ]
