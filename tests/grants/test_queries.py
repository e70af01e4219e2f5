"""List and table pages run a fixed number of SQL queries, however much data there is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Case, GrantDecision, Project
from grants.services import decision_save_lines, decision_set_status
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _grow(project: Project, case: Case, decisions: int) -> None:
    """Add decisions with full grids to `project` and `case`."""
    areas = [EffortAreaFactory.create(project=project) for _ in range(3)]
    sources = [FundingSourceFactory.create() for _ in range(2)]
    for _ in range(decisions):
        decision = DecisionFactory.create(project=project, first_year=2019, last_year=2021)
        decision_save_lines(
            decision=decision,
            budget={(a.pk, y): 100 for a in areas for y in (2019, 2020, 2021)},
            financing={(s.pk, y): 150 for s in sources for y in (2019, 2020, 2021)},
            by=StaffFactory.create(),
        )
        # Figures first, then approval: an approved decision's figures are locked.
        decision_set_status(decision=decision, status="approved", by=StaffFactory.create())
        case.decisions.add(decision)
    CaseFactory.create_batch(decisions, project=project)
    ProjectFactory.create_batch(decisions)


def _count(client: Client, url: str, *, cold: bool = True) -> int:
    """The queries of one request; `cold`: with no rendered budget table kept (table_cache)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES: dict[str, Callable[[Project, Case, GrantDecision], str]] = {
    "project list": lambda p, c, d: reverse("grants:project_list"),
    "decision list": lambda p, c, d: reverse("grants:decision_list"),
    "case list": lambda p, c, d: reverse("grants:case_list"),
    "project page": lambda p, c, d: reverse("grants:project_detail", args=[p.pk]),
    "decision page": lambda p, c, d: reverse("grants:decision_detail", args=[d.pk]),
    "case page": lambda p, c, d: reverse("grants:case_detail", args=[c.pk]),
    "project table": lambda p, c, d: reverse("grants:budget_table", args=["project", p.pk]),
    "case table": lambda p, c, d: reverse("grants:budget_table", args=["case", c.pk]),
    "case xlsx": lambda p, c, d: reverse("grants:budget_table_export", args=["case", c.pk, "xlsx"]),
    "budget grid": lambda p, c, d: reverse("grants:decision_budget", args=[d.pk]),
}
# Session, user and permissions account for a few; the rest is the page's own reading.
MAX_QUERIES = 14
# The case page also reads the consistency facts, attachments and references.
MAX_QUERIES_OF = {"case page": 22}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_small_and_does_not_grow_with_data(staff_client: Client, page: str) -> None:
    project = ProjectFactory.create()
    case = CaseFactory.create(project=project)
    _grow(project, case, decisions=2)
    decision = project.decisions.first()
    assert decision is not None
    url = PAGES[page](project, case, decision)
    staff_client.get(url)  # warm caches that are not per request (content types, …)
    small = _count(staff_client, url)
    small_warm = _count(staff_client, url, cold=False)

    _grow(project, case, decisions=8)
    # The change gave the figures a new token, created by the first reader (three queries).
    staff_client.get(url)
    large = _count(staff_client, url)
    large_warm = _count(staff_client, url, cold=False)

    assert small == large, f"{page}: {small} queries with 2 decisions, {large} with 10"
    assert small_warm == large_warm, f"{page}: {small_warm} queries kept, {large_warm} with 10"
    assert large_warm <= large
    assert large <= MAX_QUERIES_OF.get(page, MAX_QUERIES), f"{page}: {large} queries"
