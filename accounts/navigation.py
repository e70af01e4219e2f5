"""Which entries of the main menu a user's roles reach, for every page's navigation.

Each entry is shown when the user holds the role-wide permission of its list (asked without an
object). In this application a permission asked without an object is decided by the roles
alone (`accounts.rules`, `accounts.scope`: "without an object: yes, the role decides"), and a
role is a group; so the answers depend only on whether the user is active, a superuser or
staff, and their groups. They are worked out once per such combination and kept in the
process: the menu costs no rule evaluation per page (eleven otherwise), only the user's group
names, which the rules read anyway (the same per-request cache as django-rules).

The menu's HTML is kept the same way, per combination of roles, language and the site's URL
prefix and URLconf: every page shows it, and rendering it reverses a dozen URLs.
"""

from __future__ import annotations

import threading
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.guards import AnyUser, has_perm
from accounts.roles import group_names

# Menu entry -> the permission that shows it.
ENTRIES = {
    "projects": "grants.view_project",
    "decisions": "grants.view_grantdecision",
    "cases": "grants.view_case",
    "meetings": "meetings.view_meeting",
    "reports": "spending.view_reports",
    "payments": "spending.view_payments",
    "courses": "participants.view_onboardingcourse",
    "set_up": "grants.set_up_projects",
    "companies": "companies.view_company",
    "jobs": "jobs.add_job",
    "admin": "grants.use_admin",
}

RoleKey = tuple[bool, bool, bool, frozenset[str]]
_known: dict[RoleKey, dict[str, bool]] = {}
MenuKey = tuple[RoleKey, str, str, object]
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


def menu(user: AnyUser) -> SafeString:
    """The main menu's HTML for `user` (`includes/main_menu.html`; empty for anonymous)."""
    if not user.is_authenticated:
        return mark_safe("")
    key = (role_key(user), get_language() or "", get_script_prefix(), get_urlconf())
    html = _menus.get(key)
    if html is None:
        html = render_to_string("includes/main_menu.html", {"nav": entries_for(user)})
        with _lock:
            _menus[key] = html
    return mark_safe(html)  # noqa: S308 - our own template's output, kept as text


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `nav`, the menu entries the user's roles reach, and `main_menu`,
    the menu itself (each worked out when a template uses it)."""
    return {
        "nav": SimpleLazyObject(lambda: entries_for(request.user)),
        "main_menu": SimpleLazyObject(lambda: menu(request.user)),
    }
