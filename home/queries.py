"""What the front page lists for each role, read in a fixed number of queries.

- Regional staff and administrators: the decisions awaiting a decision, the cases before an
  upcoming (or not yet dated) meeting with their open consistency findings, and the projects
  whose targets are behind pace.
- A project's secretariat: its projects' courses awaiting an outcome, and their targets behind
  pace.
- Vækstforum members: the cases of the coming meetings.

Every section costs the same queries however many projects, cases, targets or courses there
are: the findings of all listed cases are compared from one batch of facts, and the targets'
progress is counted as the programme overview counts it (`progress.queries`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from accounts.guards import AnyUser
from accounts.predicates import is_forum_member, is_secretariat, manages_grants
from grants.cases.checks import open_finding_counts
from grants.models import Case, GrantDecision, Project
from participants.filters import awaiting_outcome
from participants.models import OnboardingCourse
from progress.queries import ProjectRow, TargetProgress, targets_of, targets_progress

# The statuses of a decision that still waits for the deciding body.
AWAITING = (GrantDecision.Status.DRAFT, GrantDecision.Status.RECOMMENDED)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CaseItem:
    """A case before a coming meeting, and how many of its findings are still open."""

    case: Case
    open_findings: int


@dataclass(frozen=True)
class CourseCount:
    """A project's courses awaiting an outcome."""

    project_id: int
    project_name: str
    count: int


@dataclass(frozen=True)
class HomePage:
    """The sections of one user's front page; None where the user's role has no such section."""

    decisions: list[StatusCount] | None = None
    cases: list[CaseItem] | None = None
    behind: list[ProjectRow] | None = None
    courses: list[CourseCount] | None = None
    upcoming: list[Case] | None = None
    roles: list[str] = field(default_factory=list)

    @property
    def has_role(self) -> bool:
        return bool(self.roles)

    @property
    def decisions_awaiting(self) -> int:
        return sum(item.count for item in self.decisions or [])

    @property
    def cases_with_open_findings(self) -> int:
        return sum(1 for item in self.cases or [] if item.open_findings)

    @property
    def targets_behind(self) -> int:
        return sum(row.behind for row in self.behind or [])

    @property
    def courses_awaiting(self) -> int:
        return sum(item.count for item in self.courses or [])


def decisions_awaiting(user: AnyUser) -> list[StatusCount]:
    """How many of the decisions `user` may see are drafts or recommended: one query."""
    counts = dict(
        GrantDecision.objects.visible_to(user)
        .filter(status__in=AWAITING)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [
        StatusCount(status=status.value, label=str(status.label), count=counts.get(status, 0))
        for status in AWAITING
    ]


def coming_cases(user: AnyUser, *, today: date, undated: bool) -> QuerySet[Case]:
    """The cases `user` may read whose meeting is `today` or later (and, if `undated`, those
    with no meeting date yet), soonest first, the undated last."""
    coming = Q(meeting_date__gte=today)
    if undated:
        coming |= Q(meeting_date__isnull=True)
    return (
        Case.objects.visible_to(user)
        .filter(coming)
        .select_related("project")
        .order_by(F("meeting_date").asc(nulls_last=True), "pk")
    )


def cases_to_review(user: AnyUser, *, today: date) -> list[CaseItem]:
    """The cases of coming or undated meetings, each with its open findings."""
    cases = list(coming_cases(user, today=today, undated=True))
    counts = open_finding_counts(cases)
    return [CaseItem(case=case, open_findings=counts[case.pk]) for case in cases]


def projects_behind(projects: QuerySet[Project], *, today: date) -> list[ProjectRow]:
    """The projects with targets behind pace by `today`, by name, each with all its targets.

    The targets' progress as the programme overview computes it, without charts.
    """
    items = targets_progress(targets_of(projects), today=today, with_series=False)
    rows: dict[int, list[TargetProgress]] = defaultdict(list)
    for item in items:
        rows[item.project.pk].append(item)
    result = [ProjectRow(project=targets[0].project, targets=targets) for targets in rows.values()]
    return sorted(
        (row for row in result if row.behind), key=lambda row: (row.project.name, row.project.pk)
    )


def courses_awaiting(user: AnyUser, *, today: date) -> list[CourseCount]:
    """Per project `user` works with, the courses awaiting an outcome: one query."""
    return [
        CourseCount(project_id=pk, project_name=name, count=n)
        for pk, name, n in OnboardingCourse.objects.visible_to(user)
        .filter(awaiting_outcome(today))
        .order_by()
        .values_list("project_id", "project__name")
        .annotate(n=Count("pk"))
        .order_by("project__name", "project_id")
    ]


def home_page(user: AnyUser, *, today: date) -> HomePage:
    """The sections of the front page `user`'s roles call for."""
    staff = manages_grants.test(user)
    secretariat = is_secretariat.test(user)
    forum = is_forum_member.test(user)
    roles = [
        role
        for role, holds in (("staff", staff), ("secretariat", secretariat), ("forum", forum))
        if holds
    ]
    return HomePage(
        roles=roles,
        decisions=decisions_awaiting(user) if staff else None,
        cases=cases_to_review(user, today=today) if staff else None,
        courses=courses_awaiting(user, today=today) if secretariat else None,
        behind=(
            projects_behind(Project.objects.visible_to(user), today=today)
            if staff or secretariat
            else None
        ),
        # Staff see the coming cases already, with their findings.
        upcoming=(
            list(coming_cases(user, today=today, undated=False)) if forum and not staff else None
        ),
    )
