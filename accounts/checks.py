"""The startup check that every routed view names the permission it is guarded by.

A class-based view names it in `ObjectPermissionMixin.permission_required`; a function view is
decorated with `guards.permission_required` or declared with `guards.checks_object_permission`.
Only Django's own views guard themselves otherwise: the admin site (administrators only, through
its `has_permission`), logging in and out, choosing the language and serving static files. A
page that is public by decision (the footer's accessibility statement and privacy policy) says
so with `login_not_required`, and needs no permission either.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core.checks import CheckMessage, Error
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.guards import ObjectPermissionMixin

# Django's views that need no permission of ours, by dotted name.
ALLOWED_VIEWS = frozenset(
    {
        "django.contrib.auth.views.LoginView",
        "django.contrib.auth.views.LogoutView",
        "django.views.i18n.set_language",
        "django.views.static.serve",
        "django.contrib.staticfiles.views.serve",
    }
)
# URL namespaces whose views are guarded by their own site.
ALLOWED_NAMESPACES = frozenset({"admin"})


def routed_views(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every (route, view) of the URLconf, outside the allowed namespaces."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in ALLOWED_NAMESPACES:
                yield from routed_views(pattern.url_patterns, route)
        else:
            yield route, pattern.callback


def dotted_name(view: Callable[..., Any]) -> str:
    target = getattr(view, "view_class", None) or inspect.unwrap(view)
    return f"{target.__module__}.{target.__qualname__}"


def declares_permission(view: Callable[..., Any]) -> bool:
    if getattr(view, "login_required", True) is False:  # public: `login_not_required`
        return True
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, ObjectPermissionMixin) and bool(
            view_class.permission_required
        )
    return bool(getattr(view, "permission_required", None))


def check_view_permissions(**kwargs: Any) -> list[CheckMessage]:
    """accounts.E001 for each routed view that names no permission."""
    return [
        Error(
            f"The view {dotted_name(view)} at '{route}' names no permission.",
            hint=(
                "Use guards.ObjectPermissionMixin with permission_required, or decorate the "
                "function with guards.permission_required or guards.checks_object_permission."
            ),
            obj=dotted_name(view),
            id="accounts.E001",
        )
        for route, view in routed_views(get_resolver().url_patterns)
        if dotted_name(view) not in ALLOWED_VIEWS and not declares_permission(view)
    ]
