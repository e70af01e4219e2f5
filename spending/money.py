"""The money after the decision: budget, reported, accepted, paid, remaining and % used.

Plain data in, plain data out, no ORM: the project's money page, the decision's, the XLSX, the
PDF, the warning list and the front page all render the `Overview` this module builds, so they
cannot disagree. Amounts are whole kroner (`int`), shares `Decimal`.

- The budget is the effective budget-and-financing table (`grants.budget.effective_figures`): a
  revision replaces the years it covers, so a year's % used follows the latest budget.
- Reported is what submitted and accepted reports hold, accepted what the region accepted of
  accepted reports; flat rates are computed per report (`spending.rates`), never typed.
- Paid is payments with the status paid, in the year they were paid.
- A decision known only by its period totals has a budget for the period, not by year or area.
- Per funding source, authorised plus paid never exceeds what the decisions grant: a source
  where it does (data from before that rule held) is warned about, as is every open claim for
  repayment, which the deciding body's lowering of a grant below payments records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.numbers import format_amount
from grants.budget import DecisionFigures, RowHead, effective_figures, in_thousands
from spending import payouts, rates, repayment
from spending.early_warning import (
    OVERDUE_REPORT,
    OVERSPENDING,
    PAYMENTS_BEHIND,
    UNDERSPENDING,
    DeadlineFigures,
    EarlyWarning,
    Thresholds,
)
from spending.repayment import ClaimFigures

REPORTED_STATUSES = ("submitted", "accepted")
ACCEPTED = "accepted"
PAID = "paid"
# Payments that count against what was granted.
COMMITTED_STATUSES = ("authorised", "paid")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ReportFigures:
    """A spending report as amounts: its status, period, forecast and lines."""

    id: int
    status: str
    period_start: date
    period_end: date
    forecast: int = 0
    lines: Sequence[rates.Line] = ()


@dataclass(frozen=True)
class PaymentFigures:
    source_id: int
    amount: int
    status: str
    # The year of its payment date: when it was (or is planned to be) paid.
    year: int


@dataclass(frozen=True)
class MoneyInput:
    """Everything the overview of one project is computed from."""

    areas: Sequence[RowHead]
    decisions: Sequence[DecisionFigures]
    categories: Sequence[rates.Category] = ()
    reports: Sequence[ReportFigures] = ()
    payments: Sequence[PaymentFigures] = ()
    # Year -> kroner of the disbursement schedule of the counting decisions.
    schedule: Mapping[int, int] = field(default_factory=dict)
    deadlines: Sequence[DeadlineFigures] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    claims: Sequence[ClaimFigures] = ()
    # Funding source id -> its name, for the warnings that name a source.
    sources: Mapping[int, str] = field(default_factory=dict)


def percent(part: int, whole: int | None) -> Decimal | None:
    """`part` as a whole per cent of `whole` (half up); None without a budget."""
    if not whole:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    """One cell of the overview: budget, reported, accepted and paid (None: not known here)."""

    budget: int | None
    reported: int = 0
    accepted: int = 0
    paid: int | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget - self.accepted

    @property
    def percent_used(self) -> Decimal | None:
        return percent(self.accepted, self.budget)


@dataclass(frozen=True)
class YearFigures:
    year: int
    figures: Figures


@dataclass(frozen=True)
class AreaFigures:
    id: int
    label: str
    figures: Figures
    # One per year of the overview, in order.
    by_year: tuple[Figures, ...]


@dataclass(frozen=True)
class PeriodBudget:
    """A decision known only by its period totals: a budget for the period as a whole."""

    first_year: int
    last_year: int
    budget: int


@dataclass(frozen=True)
class Overview:
    """The money of a project (or of one of its decisions), as every page renders it."""

    years: tuple[YearFigures, ...]
    areas: tuple[AreaFigures, ...]
    periods: tuple[PeriodBudget, ...]
    total: Figures
    # Accepted plus forecast against the budget to date (for the under-spending warning).
    budget_to_date: int = 0
    forecast: int = 0
    scheduled_to_date: int = 0
    warnings: tuple[EarlyWarning, ...] = ()
    # The project's claims for repayment, open and settled, oldest first.
    claims: tuple[ClaimFigures, ...] = ()

    @property
    def open_claims(self) -> int:
        """Kroner claimed back and not yet settled."""
        return sum(claim.amount for claim in self.claims if claim.open)

    def year(self, year: int) -> Figures | None:
        for item in self.years:
            if item.year == year:
                return item.figures
        return None

    def used_sentence(self, year: int) -> str | None:
        """ "budgettet for 2017 er brugt: 2.000 af 2.000 (100 %)", in 1.000 kr. as the table."""
        figures = self.year(year)
        if figures is None or figures.percent_used is None or figures.budget is None:
            return None
        return _("the budget for %(year)s is used: %(used)s of %(budget)s (%(percent)s %%)") % {
            "year": year,
            "used": format_amount(in_thousands(figures.accepted)),
            "budget": format_amount(in_thousands(figures.budget)),
            "percent": format_amount(figures.percent_used),
        }

    @property
    def sentences(self) -> list[str]:
        """The used sentence of every year with a budget."""
        return [s for item in self.years if (s := self.used_sentence(item.year))]


# --- Reading the inputs ------------------------------------------------------------------------


@dataclass
class Spent:
    reported: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    accepted: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))


def spent_by_cell(reports: Iterable[ReportFigures], categories: Sequence[rates.Category]) -> Spent:
    """(effort area, year) -> reported and accepted kroner, flat rates computed per report."""
    spent = Spent()
    for report in reports:
        if report.status not in REPORTED_STATUSES:
            continue
        totals = rates.report_totals(report.lines, categories)
        for key, amount in totals.by_area_year.items():
            spent.reported[key] += amount
        if report.status == ACCEPTED:
            accepted = rates.report_totals(report.lines, categories, accepted=True)
            for key, amount in accepted.by_area_year.items():
                spent.accepted[key] += amount
    return spent


def paid_by_year(payments: Iterable[PaymentFigures]) -> dict[int, int]:
    paid: dict[int, int] = defaultdict(int)
    for payment in payments:
        if payment.status == PAID:
            paid[payment.year] += payment.amount
    return dict(paid)


def latest_forecast(reports: Iterable[ReportFigures]) -> int:
    """The forecast of the latest report handed in (0 when none is)."""
    handed_in = [r for r in reports if r.status in REPORTED_STATUSES]
    if not handed_in:
        return 0
    return max(handed_in, key=lambda r: (r.period_end, r.id)).forecast


def share_to_date(amount: int, first_year: int, last_year: int, today: date) -> int:
    """The part of `amount`, spread evenly over the days of the years, that falls before today."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    if today <= start:
        return 0
    if today > end:
        return amount
    elapsed = (today - start).days
    days = (end - start).days + 1
    return amount * elapsed // days


# --- Building the overview ---------------------------------------------------------------------


def overview_of(
    *,
    areas: Sequence[RowHead],
    budget: Mapping[tuple[int, int], int],
    periods: Sequence[PeriodBudget],
    reported: Mapping[tuple[int, int], int],
    accepted: Mapping[tuple[int, int], int],
    paid: Mapping[int, int] | None,
) -> Overview:
    cells = set(budget) | set(reported) | set(accepted)
    years_seen = {year for _, year in cells} | set(paid or {})
    years = list(range(min(years_seen), max(years_seen) + 1)) if years_seen else []

    def figures(keys: Iterable[tuple[int, int]], *, year: int | None = None) -> Figures:
        keys = list(keys)
        has_budget = any(k in budget for k in keys)
        return Figures(
            budget=sum(budget.get(k, 0) for k in keys) if has_budget else None,
            reported=sum(reported.get(k, 0) for k in keys),
            accepted=sum(accepted.get(k, 0) for k in keys),
            paid=None if paid is None or year is None else paid.get(year, 0),
        )

    heads = _heads(areas, cells)
    area_ids = [a.key for a in heads]
    by_year = tuple(YearFigures(y, figures([(a, y) for a in area_ids], year=y)) for y in years)
    by_area = tuple(
        AreaFigures(
            id=a.key,
            label=a.label,
            figures=figures([(a.key, y) for y in years]),
            by_year=tuple(figures([(a.key, y)]) for y in years),
        )
        for a in heads
    )
    period_budget = sum(p.budget for p in periods)
    yearly_budget = sum(budget.values())
    total = Figures(
        budget=yearly_budget + period_budget if budget or periods else None,
        reported=sum(reported.values()),
        accepted=sum(accepted.values()),
        paid=None if paid is None else sum(paid.values()),
    )
    return Overview(years=by_year, areas=by_area, periods=tuple(periods), total=total)


def _heads(areas: Sequence[RowHead], cells: Iterable[tuple[int, int]]) -> list[RowHead]:
    """The project's areas in order, and any area with figures the heads do not name."""
    named = {a.key for a in areas}
    extra = sorted({area for area, _ in cells} - named)
    return [*areas, *(RowHead(area, "?") for area in extra)]


def budget_cells(decisions: Iterable[DecisionFigures]) -> dict[tuple[int, int], int]:
    cells: dict[tuple[int, int], int] = defaultdict(int)
    for decision in decisions:
        for key, amount in decision.budget.items():
            cells[key] += amount
    return dict(cells)


def periods_of(decisions: Iterable[DecisionFigures]) -> list[PeriodBudget]:
    return [
        PeriodBudget(d.first_year, d.last_year, sum(d.period_totals.values()))
        for d in sorted(decisions, key=lambda d: (d.first_year, d.id))
        if d.period_totals
    ]


# --- Early warning -----------------------------------------------------------------------------


def _share(amount: int, percent_: Decimal) -> Decimal:
    return Decimal(amount) * percent_ / _HUNDRED


def warnings_of(
    overview: Overview,
    *,
    forecast: int,
    schedule: Mapping[int, int],
    deadlines: Iterable[DeadlineFigures],
    thresholds: Thresholds,
    today: date,
) -> Overview:
    """`overview` with its budget and schedule to date and the warnings they give rise to."""
    found: list[EarlyWarning] = []
    budget_to_date = sum(
        share_to_date(item.figures.budget, item.year, item.year, today)
        for item in overview.years
        if item.figures.budget
    ) + sum(share_to_date(p.budget, p.first_year, p.last_year, today) for p in overview.periods)
    spent = overview.total.accepted + forecast
    if budget_to_date > 0 and spent < _share(budget_to_date, thresholds.underspend_percent):
        found.append(
            EarlyWarning(UNDERSPENDING, spent, budget_to_date, share=thresholds.underspend_percent)
        )
    tolerance = thresholds.overspend_tolerance_percent
    for area in overview.areas:
        budgeted = [f for f in area.by_year if f.budget is not None]
        budget = sum(f.budget or 0 for f in budgeted)
        accepted = sum(f.accepted for f in budgeted)
        if budgeted and accepted > budget + _share(budget, tolerance):
            found.append(EarlyWarning(OVERSPENDING, accepted, budget, tolerance, area.label))
    for deadline in sorted(deadlines, key=lambda d: (d.due_on, d.id)):
        if deadline.due_on < today and not deadline.met:
            found.append(EarlyWarning(OVERDUE_REPORT, deadline=deadline))
    scheduled = sum(share_to_date(amount, year, year, today) for year, amount in schedule.items())
    paid = sum(item.figures.paid or 0 for item in overview.years if item.year <= today.year)
    behind = thresholds.payment_behind_percent
    if scheduled > 0 and paid < scheduled - _share(scheduled, behind):
        found.append(EarlyWarning(PAYMENTS_BEHIND, paid, scheduled, behind))
    return replace(
        overview,
        budget_to_date=budget_to_date,
        forecast=forecast,
        scheduled_to_date=scheduled,
        warnings=tuple(found),
    )


def committed_by_source(payments: Iterable[PaymentFigures]) -> dict[int, int]:
    """Funding source id -> kroner authorised or paid from it."""
    committed: dict[int, int] = defaultdict(int)
    for payment in payments:
        if payment.status in COMMITTED_STATUSES:
            committed[payment.source_id] += payment.amount
    return dict(committed)


def project_overview(data: MoneyInput, *, today: date) -> Overview:
    """The project's money: its effective budget against what was spent and paid, its claims
    for repayment, and warnings."""
    effective = effective_figures(data.decisions)
    spent = spent_by_cell(data.reports, data.categories)
    overview = overview_of(
        areas=data.areas,
        budget=budget_cells(effective),
        periods=periods_of(effective),
        reported=spent.reported,
        accepted=spent.accepted,
        paid=paid_by_year(data.payments),
    )
    overview = warnings_of(
        overview,
        forecast=latest_forecast(data.reports),
        schedule=data.schedule,
        deadlines=data.deadlines,
        thresholds=data.thresholds,
        today=today,
    )
    ceiling = repayment.ceiling_warnings(
        granted=payouts.granted_by_source(effective),
        committed=committed_by_source(data.payments),
        claims=data.claims,
        sources=data.sources,
    )
    return replace(
        overview,
        warnings=(*overview.warnings, *ceiling),
        claims=tuple(sorted(data.claims, key=lambda c: (c.recorded_on, c.id))),
    )
