"""Which URLs of the application write: every URL whose view accepts POST.

Read from the URLconf, as the permission matrix reads it (the admin is walked on its own): a
class-based view accepts POST when it has a `post` handler; a function view unless Django's
`require_http_methods` (`require_POST`, `require_GET`, `require_safe`) leaves POST out. A
function view with no such decorator answers POST too, so it counts as writing until it is
walked or said below to write nothing audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Views that accept POST but write no audited row, each with the reason. A writing URL that is
# neither walked by a scenario nor listed here fails `test_every_writing_url_is_walked`.
UNWALKED: dict[str, str] = {
    "login": "signing in writes the session and the sign-in throttle, and no user history "
    "(accounts.models.record_sign_in)",
    "logout": "signing out ends the session only",
    "set_language": "choosing the language sets a cookie",
    # Pages that only read, and answer any method (no method decorator): exports, files,
    # suggestions and previews.
    "participants:course_export": "an export: reads the courses (a large one starts a job, "
    "walked as jobs:start)",
    "participants:course_company_suggestions": "suggestions: reads company names",
    "grants:project_suggestions": "suggestions: reads project names",
    "grants:case_choices": "the autocomplete's choices: reads case titles and numbers",
    "companies:company_choices": "the autocomplete's choices: reads company names and CVR",
    "home:favicon": "a redirect to the icon: reads nothing",
    "grants:attachment_download": "a download: reads the stored file",
    "grants:budget_table": "the budget table and its exports: read only",
    "grants:budget_table_export": "an export of the budget table: read only",
    "spending:project_money_export": "an export of the money overview: read only",
    "progress:project_progress_xlsx": "an export of the project's progress: read only",
    "progress:programme_progress_xlsx": "an export of the programme's progress: read only",
    # Marking one's own notifications read: notifications are the system's record of what it
    # told whom, and keep no history (notifications.models); read_at is the record itself.
    "notifications:read": "marks the user's own notifications read: no audited row",
    "notifications:read_all": "marks the user's own notifications read: no audited row",
}


def _patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _patterns(pattern.url_patterns, prefix)
        else:
            yield namespace, pattern


def _allowed_methods(view: Callable[..., Any]) -> list[str] | None:
    """The methods `require_http_methods` lets through to `view`, or None when unrestricted."""
    func: Any = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return list(cell.cell_contents)
        func = getattr(func, "__wrapped__", None)
    return None


def accepts_post(view: Callable[..., Any]) -> bool:
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    methods = _allowed_methods(view)
    return methods is None or "POST" in methods


def writing_url_names() -> list[str]:
    """The names of every URL outside the admin whose view accepts POST."""
    names = [
        f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
        for namespace, pattern in _patterns(get_resolver().url_patterns)
        if namespace != "admin" and accepts_post(pattern.callback)
    ]
    return sorted(set(names))
