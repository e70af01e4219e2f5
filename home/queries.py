"""What the front page lists for each role, read in a fixed number of queries.

- Regional staff and administrators: the decisions awaiting a decision, the cases before an
  upcoming (or not yet dated) meeting with their open consistency findings, and the projects
  whose targets are behind pace.
- Regional staff (and administrators) also: the reported values awaiting their approval.
- A project's secretariat: its projects' courses awaiting an outcome, and their targets behind
  pace.

A section for a kind of work (courses, reported values) is shown only where the user's projects
have that kind of work, by the one rule of `grants.kinds`: a business-development project's
secretariat is not shown the inclusion programme's courses.
- Vækstforum members: the cases of the coming meetings.
- Applicants: the calls open for applications now.

Every section costs the same queries however many projects, cases, targets or courses there
are: the findings of all listed cases are compared from one batch of facts, and the targets'
progress is counted as the programme overview counts it (`progress.queries`). For those who
read every project, the projects behind pace are the region's standing, computed in the
background (`home.standing`); a secretariat's own few projects are counted for the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.guards import AnyUser
from accounts.predicates import is_applicant, is_forum_member, is_secretariat, manages_grants
from accounts.scope import project_scope
from applications.models import Call
from grants.models import Case, GrantDecision, Project
from grants.public import open_finding_counts, registering_participants, reporting_values
from home.standing import BehindRow, Standing, behind_rows, project_rows, region_standing
from participants.filters import awaiting_outcome
from participants.models import OnboardingCourse
from progress.models import ReportedValue

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
class ReportedCount:
    """A project's reported values awaiting approval."""

    project_id: int
    project_name: str
    count: int


@dataclass(frozen=True)
class HomePage:
    """The sections of one user's front page; None where the user's role has no such section."""

    decisions: list[StatusCount] | None = None
    cases: list[CaseItem] | None = None
    behind: list[BehindRow] | None = None
    courses: list[CourseCount] | None = None
    upcoming: list[Case] | None = None
    reported: list[ReportedCount] | None = None
    open_calls: list[Call] | None = None
    roles: list[str] = field(default_factory=list)
    # The region's standing, for those who read every project: `behind` comes from it, and
    # the page says when it was computed. None for the others (their own projects, live).
    standing: Standing | None = None

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

    @property
    def reported_awaiting(self) -> int:
        return sum(item.count for item in self.reported or [])


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


def projects_behind(projects: QuerySet[Project], *, today: date) -> list[BehindRow]:
    """The projects of `projects` with targets behind pace by `today`, by name, computed now.

    The targets' progress as the programme overview computes it, without charts: for a
    secretariat's few projects. The whole region's is `home.standing.region_standing`.
    """
    return behind_rows(project_rows(projects, today=today))


def courses_awaiting(user: AnyUser, *, today: date) -> list[CourseCount] | None:
    """Per project `user` works with, the courses awaiting an outcome: two queries. None when
    none of those projects registers participants (`grants.kinds`)."""
    projects = registering_participants(Project.objects.working_with_people(user))
    if not projects.exists():
        return None
    return [
        CourseCount(project_id=pk, project_name=name, count=n)
        for pk, name, n in OnboardingCourse.objects.visible_to(user)
        .filter(awaiting_outcome(today), project__in=projects)
        .order_by()
        .values_list("project_id", "project__name")
        .annotate(n=Count("pk"))
        .order_by("project__name", "project_id")
    ]


def reported_awaiting(user: AnyUser) -> list[ReportedCount] | None:
    """Per project `user` may see, the reported values awaiting approval: two queries. None
    when none of those projects reports values (`grants.kinds`)."""
    if not reporting_values(Project.objects.visible_to(user)).exists():
        return None
    return [
        ReportedCount(project_id=pk, project_name=name, count=n)
        for pk, name, n in ReportedValue.objects.visible_to(user)
        .filter(status=ReportedValue.Status.SUBMITTED)
        .order_by()
        .values_list("target__decision__project_id", "target__decision__project__name")
        .annotate(n=Count("pk"))
        .order_by("target__decision__project__name", "target__decision__project_id")
    ]


# How many open calls the front page lists; the rest are on the open calls' page.
OPEN_CALLS_SHOWN = 10


def open_calls(user: AnyUser) -> list[Call]:
    """The calls open now that `user` may read, the one closing first at the top: one query."""
    return list(
        Call.objects.visible_to(user)
        .open_at(timezone.now())
        .select_related("programme")
        .order_by("closes_at", "pk")[:OPEN_CALLS_SHOWN]
    )


def home_page(user: AnyUser, *, today: date) -> HomePage:
    """The sections of the front page `user`'s roles call for."""
    staff = manages_grants.test(user)
    secretariat = is_secretariat.test(user)
    forum = is_forum_member.test(user)
    applicant = is_applicant.test(user)
    roles = [
        role
        for role, holds in (
            ("staff", staff),
            ("secretariat", secretariat),
            ("forum", forum),
            ("applicant", applicant),
        )
        if holds
    ]
    standing = (
        region_standing(today=today)
        if (staff or secretariat) and project_scope(user) is None
        else None
    )
    behind: list[BehindRow] | None = None
    if standing is not None:
        behind = standing.behind
    elif staff or secretariat:
        behind = projects_behind(Project.objects.visible_to(user), today=today)
    return HomePage(
        roles=roles,
        standing=standing,
        decisions=decisions_awaiting(user) if staff else None,
        cases=cases_to_review(user, today=today) if staff else None,
        courses=courses_awaiting(user, today=today) if secretariat else None,
        reported=reported_awaiting(user) if staff else None,
        behind=behind,
        open_calls=open_calls(user) if applicant else None,
        # Staff see the coming cases already, with their findings.
        upcoming=(
            list(coming_cases(user, today=today, undated=False)) if forum and not staff else None
        ),
    )
