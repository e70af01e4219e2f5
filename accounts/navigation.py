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
from accounts.sections import sections_of

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
