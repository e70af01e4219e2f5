"""The read selectors of spending: lists and pages in a fixed number of queries, and the
models read into the plain data of `spending.rates`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum

from accounts.guards import AnyUser
from grants.models import Programme
from spending import rates
from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ReportingDeadline,
    SpendingReport,
)


def categories_of(programme_id: int) -> list[rates.Category]:
    """The programme's cost categories as `rates` data (one query)."""
    return [
        rates.Category(id=c.pk, kind=c.kind, rate=c.rate_percent, base_id=c.base_id)
        for c in CostCategory.objects.filter(programme_id=programme_id)
    ]


def as_rate_lines(lines: Iterable[ExpenditureLine]) -> list[rates.Line]:
    return [
        rates.Line(
            category_id=line.cost_category_id,
            effort_area_id=line.effort_area_id,
            year=line.spent_on.year,
            amount=line.amount,
            accepted=line.accepted_amount,
        )
        for line in lines
    ]


def report_rate_lines(report_ids: Iterable[int]) -> dict[int, list[rates.Line]]:
    """Report id → its lines as `rates` data (one query, however many reports)."""
    result: dict[int, list[rates.Line]] = {pk: [] for pk in report_ids}
    rows = ExpenditureLine.objects.filter(report_id__in=list(result)).values_list(
        "report_id", "cost_category_id", "effort_area_id", "spent_on", "amount", "accepted_amount"
    )
    for report_id, category_id, area_id, spent_on, amount, accepted in rows:
        result[report_id].append(
            rates.Line(
                category_id=category_id,
                effort_area_id=area_id,
                year=spent_on.year,
                amount=amount,
                accepted=accepted,
            )
        )
    return result


def report_totals(report: SpendingReport, *, accepted: bool = False) -> rates.Totals:
    """The report's totals with flat rates (two queries)."""
    lines = report_rate_lines([report.pk])[report.pk]
    return rates.report_totals(lines, categories_of(report.project.programme_id), accepted=accepted)


def report_list(user: AnyUser) -> QuerySet[SpendingReport]:
    """The reports `user` may see, with their line count and sum, newest period first."""
    return (
        SpendingReport.objects.visible_to(user)
        .select_related("project", "deadline")
        .annotate(line_count=Count("lines"), line_sum=Sum("lines__amount"))
        .order_by("-period_start", "project__name", "pk")
    )


def report_lines(report: SpendingReport) -> QuerySet[ExpenditureLine]:
    return report.lines.select_related("effort_area", "cost_category", "reviewed_by").order_by(
        "spent_on", "pk"
    )


def deadline_list(user: AnyUser) -> QuerySet[ReportingDeadline]:
    return (
        ReportingDeadline.objects.visible_to(user)
        .with_met()
        .select_related("project")
        .order_by("due_on", "project__name", "pk")
    )


def payment_list(user: AnyUser) -> QuerySet[Payment]:
    return Payment.objects.visible_to(user).with_relations().order_by("-dated", "-pk")


def programmes_with_finance() -> QuerySet[Programme]:
    return Programme.objects.select_related("finance").annotate(
        category_count=Count("cost_categories", distinct=True),
        flat_rate_count=Count(
            "cost_categories", filter=Q(cost_categories__kind="flat_rate"), distinct=True
        ),
    )
