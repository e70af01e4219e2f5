"""The front page's money sections, read in a fixed number of queries.

- Regional staff and administrators: the reports awaiting review, the payments to authorise,
  the overdue reports and the projects' early warnings, each leading to its list.
- A project's secretariat: its reports due (deadlines not yet met, the overdue first).

The warnings are those of the money overview (`spending.money`), counted over every project
the user reads from one batch of figures: the same queries however many projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.guards import AnyUser
from accounts.predicates import is_secretariat, manages_grants
from grants.models import Project
from spending.figures import money_inputs
from spending.models import Payment, ReportingDeadline, SpendingReport
from spending.money import project_overview

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


def staff_money(user: AnyUser, *, today: date) -> StaffMoney:
    """Counted from the figures the warnings are computed from: one batch for every project."""
    projects = list(Project.objects.visible_to(user).select_related("programme"))
    batch = money_inputs(projects)
    inputs = [batch[p.pk] for p in projects]
    counts = [len(project_overview(data, today=today).warnings) for data in inputs]
    return StaffMoney(
        awaiting_review=sum(
            1
            for data in inputs
            for r in data.reports
            if r.status == SpendingReport.Status.SUBMITTED
        ),
        to_authorise=sum(
            1 for data in inputs for p in data.payments if p.status == Payment.Status.PROPOSED
        ),
        overdue=sum(1 for data in inputs for d in data.deadlines if d.due_on < today and not d.met),
        warnings=sum(counts),
        projects_with_warnings=sum(1 for count in counts if count),
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


def money_home(user: AnyUser, *, today: date) -> MoneyHome:
    return MoneyHome(
        staff=staff_money(user, today=today) if manages_grants(user) else None,
        due=reports_due(user, today=today) if is_secretariat(user) else None,
    )
