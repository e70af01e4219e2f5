"""The trail of a page up to a node: the list pages' labels and the objects a page hangs on.

`accounts.breadcrumbs` says which node each page hangs under; this module walks from a node to
the front page, reading labels from the objects the view already put in its context.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
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
    "grants:decisionbody_list": (_("Decision bodies"), "programmes"),
    "grants:organisation_list": (_("Organisations"), "organisations"),
    "companies:company_list": (_("Companies"), "companies"),
    "jobs:list": (_("My jobs"), "jobs"),
    "applications:my_letters": (_("My grant letters"), "letters"),
    "applications:call_list": (_("Calls"), "calls"),
    "applications:open_calls": (_("Open calls"), "open_calls"),
    "applications:request_list": (_("Applications and change requests"), "assessment"),
    "applications:my_requests": (_("My applications"), "my_requests"),
}

Context = Mapping[str, Any]
Trail = list[Crumb]


class Trails:
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

    def letter_decision(self) -> Trail:  # an applicant's goes by its list, not the decision
        if self.reach.isdisjoint({"decisions", "projects"}):
            return self.list("applications:my_letters")
        return self.decision()

    def letters(self) -> Trail:
        decision = self.get("decision")
        trail = self.letter_decision()
        if decision is None:
            return trail
        url = reverse("applications:letter_list", args=[decision.pk])
        return [*trail, Crumb(str(_("Grant letters")), url)]

    def request(self) -> Trail:
        trail, obj = self.list("applications:my_requests"), self.get("request_obj")
        return trail if obj is None else [*trail, Crumb(obj.title, obj.get_absolute_url())]
