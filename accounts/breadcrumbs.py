"""Every page's breadcrumbs, from one table: the page's place under the front page.

A page names its parent by its URL name in `PARENTS`: a list page ("grants:project_list") or
an object the page hangs on ("project", "decision", "case", "meeting", "report", …), read from
the objects the view already put in its context, so a trail costs no query of its own. The
page itself ends the trail under its own title (`{% block title %}`, captured by base.html).
A link the user's menu does not reach (a list of another role) is left out, so a trail only
leads where the user may go; a confirmation page (`core.confirm`) brings its own trail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.guards import AnyUser
from accounts.navigation import links_for


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


# List pages: their label in a trail, and the menu link whose permission reaches them.
LISTS: dict[str, tuple[Promise, str]] = {
    "grants:project_list": (_("Projects"), "projects"),
    "grants:decision_list": (_("Decisions"), "decisions"),
    "grants:case_list": (_("Cases"), "cases"),
    "meetings:meeting_list": (_("Meetings"), "meetings"),
    "spending:report_list": (_("Spending reports"), "reports"),
    "spending:payment_list": (_("Payments"), "payments"),
    "spending:deadline_list": (_("Reporting deadlines"), "reports"),
    "spending:warning_list": (_("Early warnings"), "reports"),
    "spending:finance_list": (_("Programme finance"), "programmes"),
    "participants:course_list": (_("Onboarding courses"), "courses"),
    "grants:programme_list": (_("Programmes"), "programmes"),
    "grants:indicator_list": (_("Indicators"), "programmes"),
    "grants:fundingsource_list": (_("Funding sources"), "programmes"),
    "grants:organisation_list": (_("Organisations"), "organisations"),
    "companies:company_list": (_("Companies"), "companies"),
    "jobs:list": (_("My jobs"), "jobs"),
    "applications:request_list": (_("Applications and change requests"), "assessment"),
}

Context = Mapping[str, Any]
Trail = list[Crumb]


class _Trails:
    """The trail up to and including a node, for one page's context and user."""

    def __init__(self, context: Context, user: AnyUser) -> None:
        self.context = context
        self.reach = {link.key for link in links_for(user)}

    def get(self, *keys: str) -> Any:
        """The first of the page's objects called `keys` (a saved model object: a filter's
        value or an id under the same name is not one)."""
        for key in keys:
            value = self.context.get(key)
            if getattr(value, "pk", None) is not None:
                return value
        return None

    def via(self, attribute: str, *keys: str) -> Any:
        """An object the page's own objects lead to (loaded with them, or one query)."""
        for key in keys:
            value = self.context.get(key)
            if value is not None and hasattr(value, attribute):
                return getattr(value, attribute)
        return None

    def home(self) -> Trail:
        return [Crumb(str(_("Front page")), reverse("home:home"))]

    def list(self, name: str) -> Trail:
        label, link = LISTS[name]
        if link not in self.reach:
            return self.home()
        return [*self.home(), Crumb(str(label), reverse(name))]

    def project(self) -> Trail:
        project = self.get("project") or self.via(
            "project", "decision", "grantdecision", "case", "report", "effortarea"
        )
        trail = self.list("grants:project_list")
        if project is None:
            return trail
        return [*trail, Crumb(project.name, project.get_absolute_url())]

    def decision(self) -> Trail:
        decision = self.get("decision", "grantdecision") or self.via("decision", "target")
        if decision is None:
            return self.project()
        if self.get("project") is None:
            self.context = {**self.context, "project": decision.project}
        return [*self.project(), Crumb(decision.title, decision.get_absolute_url())]

    def case(self) -> Trail:
        case = self.get("case")
        if case is None:
            return self.project()
        # A case form shown again with its errors has the unsaved title on the case.
        title = self.context.get("saved_title") or case.title
        return [*self.project(), Crumb(title, case.get_absolute_url())]

    def history(self) -> Trail:
        decision = self.get("decision", "grantdecision")
        trail = self.decision()
        if decision is None:
            return trail
        url = reverse("grants:decision_history", args=[decision.pk])
        return [*trail, Crumb(str(_("History")), url)]

    def progress(self) -> Trail:
        project = self.get("project")
        trail = self.project()
        if project is None:
            return trail
        url = reverse("progress:project_progress", args=[project.pk])
        return [*trail, Crumb(str(_("Progress")), url)]

    def reported(self) -> Trail:
        project = self.get("project")
        trail = self.project()
        if project is None:
            return trail
        url = reverse("progress:reported_list", args=[project.pk])
        return [*trail, Crumb(str(_("Reported values")), url)]

    def meeting(self) -> Trail:
        meeting = self.get("meeting") or self.via("meeting", "item")
        trail = self.list("meetings:meeting_list")
        if meeting is None:
            return trail
        return [*trail, Crumb(str(meeting), meeting.get_absolute_url())]

    def report(self) -> Trail:
        report = self.get("report") or self.via("report", "line")
        trail = self.list("spending:report_list")
        if report is None:
            return trail
        label = f"{_('Spending report')} {report.period_label}"
        return [*trail, Crumb(label, report.get_absolute_url())]

    def participant(self) -> Trail:
        participant = self.get("participant") or self.via("participant", "course")
        trail = self.list("participants:course_list")
        if participant is None:
            return trail
        return [*trail, Crumb(participant.reference, participant.get_absolute_url())]

    def company(self) -> Trail:
        company = self.get("company")
        trail = self.list("companies:company_list")
        if company is None:
            return trail
        url = reverse("companies:company_detail", args=[company.pk])
        return [*trail, Crumb(company.name, url)]

    def programme_finance(self) -> Trail:
        programme = self.get("programme")
        trail = self.list("spending:finance_list")
        if programme is None:
            return trail
        url = reverse("spending:category_list", args=[programme.pk])
        return [*trail, Crumb(str(_("Cost categories")), url)]

    def effort_areas(self) -> Trail:
        project = self.get("project") or self.via("project", "effortarea")
        trail = self.project()
        if project is None:
            return trail
        url = reverse("grants:effortarea_list", args=[project.pk])
        return [*trail, Crumb(str(_("Effort areas")), url)]


Node = Callable[[_Trails], Trail]


def _list(name: str) -> Node:
    return lambda trails: trails.list(name)


def _parents(node: Node, names: Sequence[str]) -> dict[str, Node]:
    return dict.fromkeys(names, node)


def _assessment(trails: _Trails) -> Trail:
    """Under the staff's list, the workspace of the request the page is about."""
    trail, assessed = trails.list("applications:request_list"), trails.get("assessed")
    url = reverse("applications:request_assess", args=[assessed.pk]) if assessed else ""
    return [*trail, Crumb(assessed.title, url)] if assessed else trail


# URL name -> the trail above the page. A URL name missing here (a download, a POST that only
# redirects, a JSON answer) shows the front page above it.
PARENTS: dict[str, Node] = {
    **_parents(
        _list("grants:project_list"),
        ["grants:project_detail", "grants:project_create", "progress:programme_progress"],
    ),
    **_parents(
        _Trails.project,
        [
            "grants:project_update",
            "grants:decision_create",
            "grants:case_create",
            "grants:effortarea_list",
            "grants:projectfundingsource_list",
            "grants:projectfundingsource_add",
            "grants:projectfundingsource_remove",
            "grants:decision_detail",
            "grants:case_detail",
            "progress:project_progress",
            "progress:reported_list",
            "spending:project_money",
            "spending:report_create",
            "spending:payment_create",
            "spending:deadline_create",
            "grants:budget_table",
        ],
    ),
    **_parents(
        _Trails.effort_areas,
        [
            "grants:effortarea_create",
            "grants:effortarea_update",
            "grants:effortarea_retire",
            "grants:effortarea_delete",
        ],
    ),
    **_parents(
        _Trails.decision,
        [
            "grants:decision_update",
            "grants:decision_budget",
            "grants:decision_delete",
            "grants:decision_reopen",
            "grants:decision_history",
            "grants:decision_targets",
            "grants:target_breakdown",
            "progress:target_edit",
            "spending:decision_money",
        ],
    ),
    "grants:decision_restore": _Trails.history,
    **_parents(
        _Trails.case,
        [
            "grants:case_edit",
            "grants:case_decisions",
            "grants:case_recommendations",
            "grants:case_disbursements",
            "grants:case_preview",
            "grants:attachment_upload",
            "grants:attachment_delete",
        ],
    ),
    **_parents(_Trails.progress, ["progress:reported_create"]),
    **_parents(
        _Trails.reported,
        ["progress:reported_detail", "progress:reported_approve", "progress:reported_return"],
    ),
    # Meetings.
    **_parents(
        _list("meetings:meeting_list"), ["meetings:meeting_detail", "meetings:meeting_create"]
    ),
    **_parents(
        _Trails.meeting,
        [
            "meetings:meeting_update",
            "meetings:item_add",
            "meetings:meeting_step",
            "meetings:item_move",
            "meetings:item_remove",
            "meetings:item_restore",
            "meetings:decision_record",
        ],
    ),
    # Spending reports, payments, deadlines, finance set-up and warnings.
    **_parents(_list("spending:report_list"), ["spending:report_detail", "spending:deadline_list"]),
    **_parents(
        _Trails.report,
        [
            "spending:report_update",
            "spending:report_delete",
            "spending:report_submit",
            "spending:statement_upload",
            "spending:line_create",
            "spending:line_import",
            "spending:line_update",
            "spending:line_delete",
            "spending:line_restore",
            "spending:line_review",
            "spending:report_accept",
            "spending:report_return",
        ],
    ),
    **_parents(
        _list("spending:payment_list"),
        [
            "spending:payment_detail",
            "spending:payment_authorise",
            "spending:payment_mark_paid",
            "spending:payment_withdraw",
        ],
    ),
    **_parents(
        _list("spending:deadline_list"),
        ["spending:deadline_update", "spending:deadline_delete", "spending:deadline_restore"],
    ),
    **_parents(
        _list("grants:programme_list"),
        [
            "grants:programme_create",
            "grants:programme_update",
            "grants:programme_indicators",
            "grants:indicator_list",
            "grants:fundingsource_list",
            "spending:finance_list",
        ],
    ),
    **_parents(
        _list("grants:fundingsource_list"),
        [
            "grants:fundingsource_create",
            "grants:fundingsource_update",
            "grants:fundingsource_delete",
            "grants:fundingsource_restore",
        ],
    ),
    **_parents(
        _list("spending:finance_list"), ["spending:finance_update", "spending:category_list"]
    ),
    **_parents(
        _Trails.programme_finance,
        [
            "spending:category_create",
            "spending:category_update",
            "spending:category_delete",
            "spending:category_restore",
        ],
    ),
    **_parents(
        _list("grants:indicator_list"), ["grants:indicator_create", "grants:indicator_update"]
    ),
    **_parents(
        _list("grants:organisation_list"),
        ["grants:organisation_create", "grants:organisation_update"],
    ),
    # Participants and companies.
    **_parents(
        _list("participants:course_list"),
        [
            "participants:participant_detail",
            "participants:participant_register",
            "participants:course_import",
            "participants:course_export",
        ],
    ),
    **_parents(
        _Trails.participant,
        [
            "participants:participant_update",
            "participants:participant_erase",
            "participants:course_create",
            "participants:course_update",
        ],
    ),
    **_parents(
        _list("companies:company_list"), ["companies:company_detail", "companies:company_create"]
    ),
    "companies:company_update": _Trails.company,
    # Background jobs.
    **_parents(_list("jobs:list"), ["jobs:detail", "jobs:start", "jobs:retry"]),
    # The staff's assessment of requests.
    "applications:request_assess": _list("applications:request_list"),
    **_parents(_assessment, ["applications:version_compare", "applications:assess_reject"]),
    "applications:assess_accept": _assessment,
}

# Pages with no trail: the front page (the trail's start) and the pages of signing in.
NO_TRAIL = frozenset({"home:home", "login", "logout", "set_language"})


def trail(view_name: str, context: Context, user: AnyUser, *, title: str = "") -> Sequence[Crumb]:
    """The breadcrumbs of the page `view_name` shows with `context` to `user`: links from the
    front page down, then the page itself (`title`, with an empty URL). Empty on the front page
    and for anonymous users of pages that need signing in."""
    if view_name in NO_TRAIL or not view_name:
        return []
    trails = _Trails(context, user)
    confirmation = context.get("confirmation")
    own = getattr(confirmation, "trail", ())
    try:
        if own:
            crumbs = [*trails.home(), *(Crumb(str(label), url) for url, label in own)]
        else:
            crumbs = PARENTS.get(view_name, _Trails.home)(trails)
    except NoReverseMatch:  # a page shown under another URLconf (a test's own) goes without
        return []
    # Where a trail leads to the page itself (a list's own page), the page ends it unlinked.
    crumbs = [crumb for crumb in crumbs if crumb.label.strip() and crumb.url]
    if title:
        crumbs.append(Crumb(title, ""))
    return crumbs
