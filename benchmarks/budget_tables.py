#!/usr/bin/env python
"""Time the budget-and-financing table and the list pages on generated data.

Usage: `make benchmark` (SQLite in a temporary file) or with DATABASE_URL set for PostgreSQL
(it creates and drops the tables through the test-database machinery, never touching yours).
Prints, per data size, the median time and the SQL query count of each page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
)
from django.urls import reverse

from grants.models import Case, GrantDecision
from grants.services import decision_save_lines
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFactory,
    StaffFactory,
)

SIZES = [10, 100, 400]
REPEAT = 5


def grow(total: int, state: dict[str, object]) -> None:
    project = state["project"]
    case = state["case"]
    areas, sources = state["areas"], state["sources"]
    while GrantDecision.objects.count() < total:
        decision = DecisionFactory.create(
            project=project, first_year=2016, last_year=2025, status="approved"
        )
        decision_save_lines(
            decision=decision,
            budget={(a.pk, y): 1000 for a in areas for y in range(2016, 2026)},  # type: ignore[attr-defined]
            financing={(s.pk, y): 1000 for s in sources for y in range(2016, 2026)},  # type: ignore[attr-defined]
            by=StaffFactory.create(),
        )
        case.decisions.add(decision)  # type: ignore[attr-defined]


def measure(client: Client, url: str) -> tuple[float, int]:
    times = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
        queries = len(captured)
    return statistics.median(times), queries


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        project = ProjectFactory.create()
        state = {
            "project": project,
            "case": CaseFactory.create(project=project),
            "areas": [EffortAreaFactory.create(project=project) for _ in range(5)],
            "sources": [FundingSourceFactory.create() for _ in range(5)],
        }
        client = Client()
        client.force_login(StaffFactory.create())
        case = Case.objects.get()
        pages = {
            "project table": reverse("grants:budget_table", args=["project", project.pk]),
            "case xlsx": reverse("grants:budget_table_export", args=["case", case.pk, "xlsx"]),
            "decision list": reverse("grants:decision_list"),
        }
        print(f"{'decisions':>9}  {'page':<14} {'median ms':>9} {'queries':>7}")
        for size in SIZES:
            grow(size, state)
            for name, url in pages.items():
                seconds, queries = measure(client, url)
                print(f"{size:>9}  {name:<14} {seconds * 1000:>9.1f} {queries:>7}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
