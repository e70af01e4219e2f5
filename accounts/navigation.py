"""The main menu: which entries a user's roles reach, and which entry the page belongs to.

Each entry is shown when the user holds the role-wide permission of its list (asked without an
object). In this application a permission asked without an object is decided by the roles
alone (`accounts.rules`, `accounts.scope`: "without an object: yes, the role decides"), and a
role is a group; so the answers depend only on whether the user is active, a superuser or
staff, and their groups. They are worked out once per such combination and kept in the
process: the menu costs no rule evaluation per page (eleven otherwise), only the user's group
names, which the rules read anyway (the same per-request cache as django-rules).

Every page belongs to one entry, or explicitly to none (the front page, logging in, the
footer's pages): `SECTIONS` says which, by the page's URL name. A page names the entries it
belongs to in order of preference, so that a role without the first (a forum member reading a
decision has no "Decisions" entry) still sees where it is (under "Projects").

The menu's HTML is kept the same way, per combination of roles, language, current entry and
the site's URL prefix and URLconf: every page shows it, and rendering it reverses a dozen URLs.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import ResolverMatch, get_script_prefix, get_urlconf
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.guards import AnyUser, has_perm
from accounts.roles import group_names

# Menu entry -> the permission that shows it.
ENTRIES = {
    "projects": "grants.view_project",
    "decisions": "grants.view_grantdecision",
    "cases": "grants.view_case",
    "meetings": "meetings.view_meeting",
    "calls": "applications.manage_calls",
    "open_calls": "applications.answer_calls",
    "reports": "spending.view_reports",
    "payments": "spending.view_payments",
    "courses": "participants.view_onboardingcourse",
    "set_up": "grants.set_up_projects",
    "companies": "companies.view_company",
    "jobs": "jobs.add_job",
    "my_requests": "applications.list_own_requests",
    "admin": "grants.use_admin",
    "letters": "applications.list_own_letters",
    "assessment": "applications.assess_request",
}


@dataclass(frozen=True)
class Link:
    """One link of the menu: its key (what `SECTIONS` names), where it leads, its label and the
    entry of `ENTRIES` that shows it."""

    key: str
    url_name: str
    label: Promise
    shown_by: str


LINKS = (
    Link("projects", "grants:project_list", _("Projects"), "projects"),
    Link("decisions", "grants:decision_list", _("Decisions"), "decisions"),
    Link("cases", "grants:case_list", _("Cases"), "cases"),
    Link(
        "assessment",
        "applications:request_list",
        _("Applications and change requests"),
        "assessment",
    ),
    Link("meetings", "meetings:meeting_list", _("Meetings"), "meetings"),
    Link("calls", "applications:call_list", _("Calls"), "calls"),
    Link("open_calls", "applications:open_calls", _("Open calls"), "open_calls"),
    Link("reports", "spending:report_list", _("Spending reports"), "reports"),
    Link("payments", "spending:payment_list", _("Payments"), "payments"),
    Link("courses", "participants:course_list", _("Onboarding courses"), "courses"),
    Link("programmes", "grants:programme_list", _("Programmes"), "set_up"),
    Link("organisations", "grants:organisation_list", _("Organisations"), "set_up"),
    Link("companies", "companies:company_list", _("Companies"), "companies"),
    Link("letters", "applications:my_letters", _("My grant letters"), "letters"),
    Link("jobs", "jobs:list", _("My jobs"), "jobs"),
    Link("my_requests", "applications:my_requests", _("My applications"), "my_requests"),
    Link("admin", "admin:index", _("Administration"), "admin"),
)
LINK_KEYS = frozenset(link.key for link in LINKS)

# Pages that belong to no entry: the front page (the logo leads there), logging in and out,
# the language switch and the footer's pages.
NO_SECTION = frozenset(
    {
        "home:home",
        "home:accessibility",
        "home:privacy",
        "login",
        "logout",
        "set_language",
        "home:favicon",
    }
)

_PROJECT = ("projects",)
_DECISION = ("decisions", "projects")
_CASE = ("cases", "projects")
_REPORT = ("reports", "projects")
_PAYMENT = ("payments", "reports", "projects")
_PROGRAMME = ("programmes", "projects")
_APPLICATIONS = ("calls",)
_OPEN_CALLS = ("calls", "open_calls")

# A whole namespace that belongs to one entry.
NAMESPACE_SECTIONS: dict[str, tuple[str, ...]] = {
    "meetings": ("meetings",),
    "participants": ("courses",),
    "companies": ("companies",),
    "jobs": ("jobs",),
    "admin": ("admin",),
}

# URL name -> the entries the page belongs to, the first the user's menu shows is marked.
SECTIONS: dict[str, tuple[str, ...]] = {
    # Projects and what hangs on a project.
    **dict.fromkeys(
        [
            "grants:project_list",
            "grants:project_detail",
            "grants:project_suggestions",
            "grants:case_choices",
            "grants:project_create",
            "grants:project_update",
            "grants:effortarea_list",
            "grants:effortarea_create",
            "grants:effortarea_update",
            "grants:effortarea_move",
            "grants:effortarea_retire",
            "grants:effortarea_delete",
            "grants:effortarea_restore",
            "grants:projectfundingsource_list",
            "grants:projectfundingsource_add",
            "grants:projectfundingsource_move",
            "grants:projectfundingsource_remove",
            "grants:projectfundingsource_restore",
            "grants:budget_table",
            "grants:budget_table_export",
            "progress:project_progress",
            "progress:project_progress_xlsx",
            "progress:reported_list",
            "progress:reported_create",
            "progress:reported_detail",
            "progress:reported_approve",
            "progress:reported_return",
            "progress:reported_evidence",
            "spending:project_money",
            "spending:project_money_export",
        ],
        _PROJECT,
    ),
    # Decisions, their budget, targets, history and money.
    **dict.fromkeys(
        [
            "grants:decision_list",
            "grants:decision_create",
            "grants:decision_detail",
            "grants:decision_update",
            "grants:decision_budget",
            "grants:decision_status",
            "grants:decision_delete",
            "grants:decision_reopen",
            "grants:decision_history",
            "grants:decision_restore",
            "grants:decision_targets",
            "grants:target_breakdown",
            "grants:breakdown_remove",
            "progress:target_edit",
            "spending:decision_money",
        ],
        _DECISION,
    ),
    # Cases for the deciding body, their terms and attachments.
    **dict.fromkeys(
        [
            "grants:case_list",
            "grants:case_detail",
            "grants:case_edit",
            "grants:case_create",
            "grants:case_decisions",
            "grants:case_recommendations",
            "grants:case_disbursements",
            "grants:case_preview",
            "grants:case_pdf",
            "grants:attachment_upload",
            "grants:attachment_download",
            "grants:attachment_delete",
            "grants:finding_acknowledge",
        ],
        _CASE,
    ),
    # Spending reports, their lines and review, the reporting deadlines and early warnings.
    **dict.fromkeys(
        [
            "spending:report_list",
            "spending:report_create",
            "spending:report_detail",
            "spending:report_update",
            "spending:report_delete",
            "spending:report_submit",
            "spending:statement_upload",
            "spending:statement_download",
            "spending:line_create",
            "spending:line_import",
            "spending:line_import_template",
            "spending:line_update",
            "spending:line_delete",
            "spending:line_restore",
            "spending:line_attachment",
            "spending:line_review",
            "spending:report_accept",
            "spending:report_return",
            "spending:deadline_list",
            "spending:deadline_create",
            "spending:deadline_update",
            "spending:deadline_delete",
            "spending:deadline_restore",
            "spending:warning_list",
        ],
        _REPORT,
    ),
    **dict.fromkeys(
        [
            "spending:payment_list",
            "spending:payment_detail",
            "spending:payment_create",
            "spending:payment_authorise",
            "spending:payment_mark_paid",
            "spending:payment_withdraw",
        ],
        _PAYMENT,
    ),
    # Programmes and what is set up per programme.
    **dict.fromkeys(
        [
            "grants:programme_list",
            "grants:fundingsource_list",
            "grants:fundingsource_create",
            "grants:fundingsource_update",
            "grants:fundingsource_delete",
            "grants:fundingsource_restore",
            "grants:decisionbody_list",
            "grants:decisionbody_create",
            "grants:decisionbody_update",
            "grants:decisionbody_delete",
            "grants:decisionbody_restore",
            "grants:programme_create",
            "grants:programme_update",
            "grants:programme_indicators",
            "grants:indicator_list",
            "grants:indicator_create",
            "grants:indicator_update",
            "progress:programme_progress",
            "progress:programme_progress_xlsx",
            "spending:finance_list",
            "spending:finance_update",
            "spending:category_list",
            "spending:category_create",
            "spending:category_update",
            "spending:category_delete",
            "spending:category_restore",
        ],
        _PROGRAMME,
    ),
    # The applications room: calls and their checklists (staff), the open calls (applicants);
    # a call's page is read by both.
    **dict.fromkeys(
        [
            "applications:call_list",
            "applications:call_create",
            "applications:call_edit",
            "applications:call_publish",
            "applications:call_unpublish",
            "applications:call_delete",
            "applications:checklist_list",
            "applications:checklist_create",
            "applications:checklist_detail",
            "applications:checklist_edit",
            "applications:checklist_copy",
            "applications:checklist_delete",
            "applications:question_edit",
            "applications:question_move",
            "applications:question_delete",
        ],
        _APPLICATIONS,
    ),
    **dict.fromkeys(["applications:open_calls", "applications:call_detail"], _OPEN_CALLS),
    **dict.fromkeys(
        ["grants:organisation_list", "grants:organisation_create", "grants:organisation_update"],
        ("organisations",),
    ),
    # Grant letters: an applicant's own list; a decision's letters under the decision.
    "applications:my_letters": ("letters",),
    **dict.fromkeys(
        [
            "applications:letter_list",
            "applications:letter_write",
            "applications:letter_download",
            "applications:decision_conditions",
        ],
        ("decisions", "letters", "projects"),
    ),
    "applications:programme_conditions": _PROGRAMME,
    # Applications and change requests, as their owners write them.
    **dict.fromkeys(
        [
            "applications:my_requests",
            "applications:application_create",
            "applications:change_request_create",
            "applications:request_detail",
            "applications:request_difference",
            "applications:request_submit",
            "applications:request_edit",
            "applications:request_organisations",
            "applications:request_organisation_edit",
            "applications:request_organisation_remove",
            "applications:request_areas",
            "applications:request_area_rename",
            "applications:request_area_remove",
            "applications:request_grid",
            "applications:request_targets",
            "applications:request_attachments",
            "applications:attachment_download",
            "applications:attachment_delete",
            "applications:request_answer",
        ],
        ("my_requests", "projects"),
    ),
    # The staff's assessment of applications and change requests.
    **dict.fromkeys(
        [
            "applications:request_list",
            "applications:request_assess",
            "applications:version_compare",
            "applications:assess_assign",
            "applications:assess_checklist",
            "applications:assess_comment",
            "applications:assess_ask",
            "applications:assess_reject",
            "applications:assess_accept",
        ],
        ("assessment",),
    ),
}


def sections_of(view_name: str) -> tuple[str, ...] | None:
    """The entries a page (by its URL name, "namespace:name") belongs to, best first; `()` for
    a page that belongs to none, `None` for a URL name this module does not know."""
    if view_name in NO_SECTION:
        return ()
    if view_name in SECTIONS:
        return SECTIONS[view_name]
    namespace = view_name.rpartition(":")[0]
    return NAMESPACE_SECTIONS.get(namespace)


RoleKey = tuple[bool, bool, bool, frozenset[str]]
_known: dict[RoleKey, dict[str, bool]] = {}
MenuKey = tuple[RoleKey, str, str, object, str, bool]
_menus: dict[MenuKey, str] = {}
_lock = threading.Lock()


def role_key(user: AnyUser) -> RoleKey:
    return (
        bool(getattr(user, "is_active", False)),
        bool(getattr(user, "is_superuser", False)),
        bool(getattr(user, "is_staff", False)),
        group_names(user),
    )


def entries_for(user: AnyUser) -> dict[str, bool]:
    """Menu entry -> shown, for `user` (an anonymous user: none)."""
    if not user.is_authenticated:
        return dict.fromkeys(ENTRIES, False)
    key = role_key(user)
    known = _known.get(key)
    if known is None:
        known = {entry: has_perm(user, perm) for entry, perm in ENTRIES.items()}
        known["admin"] = known["admin"] and key[2]
        with _lock:
            _known[key] = known
    return known


def links_for(user: AnyUser) -> list[Link]:
    """The menu's links `user` sees, in the menu's order."""
    shown = entries_for(user)
    return [link for link in LINKS if shown[link.shown_by]]


def current_link(user: AnyUser, match: ResolverMatch | None) -> str:
    """The key of the link the page (`match`) belongs to among those `user` sees, or ""."""
    if match is None:
        return ""
    sections = sections_of(match.view_name) or ()
    seen = {link.key for link in links_for(user)}
    return next((key for key in sections if key in seen), "")


def menu(user: AnyUser, current: str = "", *, mobile: bool = False) -> SafeString:
    """The main menu's HTML for `user` with the link `current` marked: the header's menu bar,
    or with `mobile` the menu of the drawer (`includes/main_menu.html`; empty for anonymous)."""
    if not user.is_authenticated:
        return mark_safe("")
    language, prefix = get_language() or "", get_script_prefix()
    key = (role_key(user), language, prefix, get_urlconf(), current, mobile)
    html = _menus.get(key)
    if html is None:
        context = {"links": links_for(user), "current": current, "mobile": mobile}
        html = render_to_string("includes/main_menu.html", context)
        with _lock:
            _menus[key] = html
    return mark_safe(html)  # noqa: S308 - our own template's output, kept as text


def navigation(request: HttpRequest) -> Mapping[str, Any]:
    """Context processor: `nav`, the menu entries the user's roles reach, `main_menu` and
    `mobile_menu`, the menu bar and the drawer's menu with the page's entry marked (each
    worked out when a template uses it)."""

    def current() -> str:
        return current_link(request.user, getattr(request, "resolver_match", None))

    return {
        "nav": SimpleLazyObject(lambda: entries_for(request.user)),
        "main_menu": SimpleLazyObject(lambda: menu(request.user, current())),
        "mobile_menu": SimpleLazyObject(lambda: menu(request.user, current(), mobile=True)),
    }
