"""The front page's money sections, read in a fixed number of queries.

- Regional staff and administrators: the reports awaiting review, the payments to authorise,
  the overdue reports and the projects' early warnings, each leading to its list.
- A project's secretariat: its reports due (deadlines not yet met, the overdue first).

The counts of what awaits someone are counted now; the warnings are those of the money overview
(`spending.money`) over every project, from the region's standing (`home.standing`), computed
in the background from one batch of figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.guards import AnyUser
from accounts.predicates import is_secretariat, manages_grants
from home.standing import Standing
from spending.models import Payment, ReportingDeadline, SpendingReport

# How far ahead the secretariat sees the deadlines coming.
DUE_AHEAD = timedelta(days=90)


@dataclass(frozen=True)
class StaffMoney:
    awaiting_review: int
    to_authorise: int
    overdue: int
    warnings: int
    projects_with_warnings: int


@dataclass(frozen=True)
class DueReport:
    deadline: ReportingDeadline
    overdue: bool


@dataclass(frozen=True)
class MoneyHome:
    """None where the user's role has no such section."""

    staff: StaffMoney | None = None
    due: list[DueReport] | None = None


def staff_money(user: AnyUser, *, today: date, standing: Standing) -> StaffMoney:
    """What awaits staff, counted now; the early warnings from the region's standing.

    The warnings need every project's money overview (`spending.money`), computed in the
    background with the rest of the standing (`home.standing`): staff read every project.
    """
    return StaffMoney(
        awaiting_review=SpendingReport.objects.visible_to(user)
        .filter(status=SpendingReport.Status.SUBMITTED)
        .count(),
        to_authorise=Payment.objects.visible_to(user)
        .filter(status=Payment.Status.PROPOSED)
        .count(),
        overdue=ReportingDeadline.objects.visible_to(user).overdue_on(today).count(),
        warnings=standing.warnings,
        projects_with_warnings=standing.projects_with_warnings,
    )


def reports_due(user: AnyUser, *, today: date) -> list[DueReport]:
    """The secretariat's deadlines not yet met and due within `DUE_AHEAD`, soonest first."""
    deadlines = (
        ReportingDeadline.objects.visible_to(user)
        .with_met()
        .filter(due_on__lte=today + DUE_AHEAD)
        .select_related("project")
        .order_by("due_on", "project__name", "pk")
    )
    return [
        DueReport(deadline=d, overdue=d.due_on < today)
        for d in deadlines
        if not d.met  # type: ignore[attr-defined]
    ]


def money_home(user: AnyUser, *, today: date, standing: Standing | None) -> MoneyHome:
    """`standing`: the region's, which every user who manages grants reads (`home.queries`)."""
    return MoneyHome(
        staff=(
            staff_money(user, today=today, standing=standing)
            if standing is not None and manages_grants(user)
            else None
        ),
        due=reports_due(user, today=today) if is_secretariat(user) else None,
    )
