"""Every scenario of the walk: the application's pages (with its jobs) and the admin's."""

from __future__ import annotations

from tests.audit_walk import (  # noqa: F401  (each registers its scenarios)
    admin_pages,
    admin_walk,
    assessment_pages,
    call_pages,
    grants_pages,
    job_pages,
    letter_pages,
    meeting_pages,
    notification_pages,
    people_pages,
    request_pages,
    setup_pages,
    spending_pages,
    undo_pages,
)
from tests.audit_walk.harness import ADMIN, PAGES, Scenario

__all__ = ["ADMIN", "PAGES", "all_scenarios"]


def all_scenarios() -> list[Scenario]:
    return [*PAGES.scenarios.values(), *ADMIN.scenarios.values()]
