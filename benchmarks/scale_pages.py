#!/usr/bin/env python
"""Time every list and report page (the region-wide early warnings, the lists searched and a
deep page among them), the set-up pages, each role's front page, the exports and
a bare logged-in view at a region's scale.

Usage: `make benchmark-scale` [ROUNDS=20]. Runs against PostgreSQL at DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/rummelig_scale): creates the database when it is missing,
migrates it, and builds the scale data set (`manage.py build_scale_data`, a few minutes) when
it is not there yet; later runs reuse it. Never point it at a database you care about.
`--only WORD` times the pages whose name holds WORD, `--skip WORD,WORD` leaves those out
(`--skip XLSX,PDF --no-xlsx` for a quick run without the exports).

Each page is requested through Django's test client, logged in as the role that uses it, once
to warm up (and count its SQL queries) and then ROUNDS times, the pages interleaved so that
the machine's ups and downs hit them alike. A page whose warm-up takes more than --slow
seconds is timed in --slow-rounds rounds only. Beside each page its floor is timed: raw SQL
(`cursor.execute`) fetching the same rows the page shows, or bare WeasyPrint on the same HTML
for the PDF. Printed per page: rows, queries, rounds, median and p95, the floor's median, and
the ratios to the floor and to the bare logged-in view.

Then the course XLSX of the demo project (50,000 rows), which the export page hands to a
background job at that size, run as the worker runs it, against a bare streaming writer
(openpyxl write-only, no styles) fed by raw SQL with the same rows, with each one's peak
memory measured in a fresh process relative to that process's start.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/rummelig_scale"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
SEED = 2016


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist yet."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("benchmark-scale runs on PostgreSQL: set DATABASE_URL=postgresql://...")
    name = str(config["NAME"])
    maintenance = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating database {name}")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__" and "--xlsx-memory" not in sys.argv:
    ensure_database(os.environ["DATABASE_URL"])

import django

django.setup()

import bare_site
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook
from weasyprint import HTML

from core.pdf import NoNetworkFetcher
from demo.scale import DEMO_PROJECT, PROGRAMME_PREFIX, already_built, request_steps
from demo.scale.request_steps import build_requests
from grants.cases.pdf import case_html
from grants.cases.presentation import case_presentation
from grants.models import Case, GrantDecision, Programme, Project
from jobs import runner
from jobs.models import Job
from jobs.services import start_job
from participants import export_job

# The site's URLs and the bare logged-in view, for the test client.
URLCONF = bare_site.__name__

Statement = tuple[str, Sequence[Any]]

COURSE_COLUMNS = """
    pa.reference, pr.name, co.name, co.cvr, m.name, i.name,
    c.start_date, c.end_date, c.mentor, c.outcome, c.outcome_date
    FROM participants_onboardingcourse c
    LEFT JOIN participants_participant pa ON pa.id = c.participant_id
    LEFT JOIN companies_municipality m ON m.id = pa.municipality_id
    JOIN grants_project pr ON pr.id = c.project_id
    JOIN companies_company co ON co.id = c.company_id
    LEFT JOIN companies_industry i ON i.id = co.industry_id
"""
# What a target has achieved, per target of the counting decisions (see progress.queries).
PROGRESS = """
    SELECT t.id, ind.measure, t.value, CASE ind.measure
      WHEN 'citizens_in_courses' THEN (
        SELECT COUNT(DISTINCT c.participant_id) FROM participants_onboardingcourse c
        WHERE c.project_id = d.project_id
          AND c.start_date BETWEEN make_date(d.first_year, 1, 1) AND make_date(d.last_year, 12, 31))
      WHEN 'companies_inclusion' THEN (
        SELECT COUNT(*) FROM companies_company_projects cp
        JOIN companies_company co ON co.id = cp.company_id
        WHERE cp.project_id = d.project_id AND co.inclusion_started_on
          BETWEEN make_date(d.first_year, 1, 1) AND make_date(d.last_year, 12, 31))
      ELSE (
        SELECT COUNT(*) FROM participants_onboardingcourse c
        WHERE c.project_id = d.project_id
          AND c.outcome = CASE ind.measure WHEN 'flex_jobs' THEN 'flex_job' ELSE 'ordinary_job' END
          AND c.outcome_date BETWEEN make_date(d.first_year, 1, 1)
                                 AND make_date(d.last_year, 12, 31))
    END
    FROM grants_target t
    JOIN grants_indicator ind ON ind.id = t.indicator_id
    JOIN grants_grantdecision d ON d.id = t.decision_id
    JOIN grants_project p ON p.id = d.project_id
    WHERE d.status IN ('recommended', 'approved') AND {where}
    ORDER BY p.name, d.first_year, ind.code
"""
# The region's standing the staff's front page reads (computed in the background: timed apart).
STANDING = "SELECT s.behind, s.warnings, s.computed_at FROM home_regionstanding s"
# The decisions awaiting a decision and the courses awaiting an outcome, as the front page counts.
AWAITING = """
    SELECT d.status, COUNT(*) FROM grants_grantdecision d
    WHERE d.status IN ('draft', 'recommended') GROUP BY d.status
"""
COURSES_AWAITING = """
    SELECT c.project_id, COUNT(*) FROM participants_onboardingcourse c
    WHERE c.project_id = ANY(%s) AND c.outcome = ''
      AND (c.end_date IS NULL OR c.end_date < CURRENT_DATE)
    GROUP BY c.project_id
"""
LINES = """
    SELECT 'b', b.decision_id, b.effort_area_id, b.year, b.amount FROM grants_budgetline b
    WHERE b.decision_id = ANY(%s)
    UNION ALL
    SELECT 'f', f.decision_id, f.funding_source_id, f.year, f.amount FROM grants_financingline f
    WHERE f.decision_id = ANY(%s)
"""


@dataclass
class Page:
    name: str
    client: Client
    url: str
    floor: Callable[[], int]
    times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)
    rows: int = 0
    queries: int = 0
    slow: bool = False
    timed_out: bool = False


def sql_floor(*statements: Statement) -> Callable[[], int]:
    """Run the statements, fetch all their rows; the first one's row count is the page's."""

    def run() -> int:
        counts = []
        with connection.cursor() as cursor:
            for text, params in statements:
                cursor.execute(text, params)
                counts.append(len(cursor.fetchall()))
        return counts[0]

    return run


def pdf_floor(case: Case) -> Callable[[], int]:
    html = case_html(case_presentation(case))

    def run() -> int:
        pdf = HTML(string=html, base_url=None, url_fetcher=NoNetworkFetcher()).write_pdf()
        return len(pdf or b"")

    return run


def paged(select: str, order: str, where: str, params: Sequence[Any]) -> Callable[[], int]:
    """A list page's rows: one page of 25 and the count of all, as the paginator asks."""
    body = f"{select} WHERE {where}"
    count = f"SELECT COUNT(*) FROM ({body}) AS counted"  # noqa: S608 - this script's own SQL
    return sql_floor((f"{body} ORDER BY {order} LIMIT 25", params), (count, params))


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def request(page: Page) -> None:
    start = time.perf_counter()
    response = page.client.get(page.url)
    if response.streaming:  # read to the end, as a browser would
        for _chunk in response.streaming_content:  # type: ignore[attr-defined]
            pass
    response.close()
    page.times.append(time.perf_counter() - start)
    if response.status_code != 200:
        raise SystemExit(f"{page.name}: {page.url} answered {response.status_code}")


def floor(page: Page) -> None:
    # The floor is the SQL alone: with CONN_MAX_AGE 0 the request closed the connection.
    connection.ensure_connection()
    start = time.perf_counter()
    page.rows = page.floor()
    page.floor_times.append(time.perf_counter() - start)


def p95(times: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def pages() -> list[Page]:
    demo = Project.objects.get(name=DEMO_PROJECT)
    forty = Programme.objects.get(name=f"{PROGRAMME_PREFIX} Nord")
    decision = GrantDecision.objects.filter(project=demo).order_by("-first_year", "pk").first()
    case = Case.objects.filter(project=demo).order_by("pk").first()
    assert decision is not None and case is not None, "the demo data is missing"
    company_id = (
        demo.courses.values_list("company_id", flat=True).order_by("company_id").first() or 0
    )
    regional, secretariat, admin, forum = (
        logged_in("regional"),
        logged_in("secretariat"),
        logged_in("admin"),
        logged_in("forum"),
    )
    member_projects = list(
        User.objects.get(username="secretariat").project_memberships.values_list(
            "project_id", flat=True
        )
    )
    courses = f"SELECT c.id, {COURSE_COLUMNS}"
    demo_decisions = list(demo.decisions.values_list("pk", flat=True))
    case_decisions = list(case.decisions.values_list("pk", flat=True))
    return [
        Page(
            "bare logged-in view",
            regional,
            reverse("bench_bare"),
            sql_floor(
                (
                    "SELECT session_data FROM django_session WHERE session_key = %s",
                    [regional.session.session_key],
                ),
                (
                    "SELECT * FROM auth_user WHERE id = %s",
                    [User.objects.get(username="regional").pk],
                ),
            ),
        ),
        Page(
            "project list",
            regional,
            reverse("grants:project_list"),
            paged(
                "SELECT p.id, p.name, g.name FROM grants_project p "
                "JOIN grants_programme g ON g.id = p.programme_id",
                "p.name, p.id",
                "TRUE",
                [],
            ),
        ),
        Page(
            "decision list",
            regional,
            reverse("grants:decision_list"),
            paged(
                "SELECT d.id, d.title, p.name, d.kind, d.status, d.first_year, d.last_year, "
                "d.decided_on FROM grants_grantdecision d JOIN grants_project p "
                "ON p.id = d.project_id",
                "p.name, d.first_year, d.decided_on, d.id",
                "TRUE",
                [],
            ),
        ),
        Page(
            "case list",
            regional,
            reverse("grants:case_list"),
            paged(
                "SELECT k.id, k.title, k.meeting_date, p.name FROM grants_case k "
                "JOIN grants_project p ON p.id = k.project_id",
                "k.meeting_date DESC, k.id",
                "TRUE",
                [],
            ),
        ),
        Page(
            "company list",
            regional,
            reverse("companies:company_list"),
            paged(
                "SELECT co.id, co.name, co.cvr, m.name, i.name, (SELECT COUNT(*) FROM "
                "companies_company_projects cp WHERE cp.company_id = co.id) "
                "FROM companies_company co JOIN companies_municipality m "
                "ON m.id = co.municipality_id LEFT JOIN companies_industry i "
                "ON i.id = co.industry_id",
                "co.name, co.id",
                "TRUE",
                [],
            ),
        ),
        Page(
            "course list",
            secretariat,
            reverse("participants:course_list"),
            paged(courses, "c.start_date DESC, c.id", "c.project_id = %s", [demo.pk]),
        ),
        Page(
            "course list, by company",
            secretariat,
            reverse("participants:course_list") + f"?company={company_id}",
            paged(
                courses,
                "c.start_date DESC, c.id",
                "c.project_id = %s AND c.company_id = %s",
                [demo.pk, company_id],
            ),
        ),
        Page(
            "course list, sorted",
            secretariat,
            reverse("participants:course_list") + "?sort=company",
            paged(courses, "co.name, c.id", "c.project_id = %s", [demo.pk]),
        ),
        # What projects ask for: the staff's assessment list, a secretariat's own requests and
        # the calls.
        Page(
            "request list (assessment)",
            regional,
            reverse("applications:request_list"),
            paged(
                "SELECT r.id, r.title, r.kind, r.status, r.submitted_at, o.name, p.name, "
                "c.title, u.first_name, u.last_name FROM applications_request r "
                "LEFT JOIN grants_organisation o ON o.id = r.organisation_id "
                "LEFT JOIN grants_project p ON p.id = r.project_id "
                "LEFT JOIN applications_call c ON c.id = r.call_id "
                "LEFT JOIN auth_user u ON u.id = r.case_officer_id",
                "r.submitted_at, r.id",
                "r.status = %s",
                ["submitted"],
            ),
        ),
        Page(
            "request list (assessment), searched",
            regional,
            reverse("applications:request_list") + "?stage=&q=Skalaansøgning 9",
            paged(
                "SELECT r.id, r.title, r.kind, r.status, r.submitted_at, o.name, p.name "
                "FROM applications_request r "
                "LEFT JOIN grants_organisation o ON o.id = r.organisation_id "
                "LEFT JOIN grants_project p ON p.id = r.project_id",
                "r.submitted_at, r.id",
                "r.title ILIKE %s",
                ["%Skalaansøgning 9%"],
            ),
        ),
        Page(
            "my requests (secretariat)",
            secretariat,
            reverse("applications:my_requests"),
            paged(
                "SELECT r.id, r.title, r.kind, r.status, r.submitted_at, d.status "
                "FROM applications_request r "
                "LEFT JOIN grants_grantdecision d ON d.id = r.decision_id",
                "r.created_at DESC, r.id DESC",
                "r.project_id = ANY(%s)",
                [member_projects],
            ),
        ),
        Page(
            "call list",
            regional,
            reverse("applications:call_list"),
            paged(
                "SELECT c.id, c.title, c.opens_at, c.closes_at, g.name, (SELECT COUNT(*) FROM "
                "applications_request r WHERE r.call_id = c.id) FROM applications_call c "
                "JOIN grants_programme g ON g.id = c.programme_id",
                "c.closes_at DESC, c.id",
                "TRUE",
                [],
            ),
        ),
        # The region-wide early warnings: a page of projects, each one's money worked out.
        Page(
            "warning list (region)",
            regional,
            reverse("spending:warning_list"),
            paged("SELECT p.id, p.name FROM grants_project p", "p.name, p.id", "TRUE", []),
        ),
        Page(
            "warning list, programme",
            regional,
            reverse("spending:warning_list") + f"?programme={forty.pk}",
            paged(
                "SELECT p.id, p.name FROM grants_project p",
                "p.name, p.id",
                "p.programme_id = %s",
                [forty.pk],
            ),
        ),
        # The lists' free-text search (every word in one of the names, case-insensitive).
        Page(
            "project list, searched",
            regional,
            reverse("grants:project_list") + "?q=an",
            paged(
                "SELECT p.id, p.name, g.name FROM grants_project p "
                "JOIN grants_programme g ON g.id = p.programme_id",
                "p.name, p.id",
                "(p.name ILIKE %s OR g.name ILIKE %s)",
                ["%an%", "%an%"],
            ),
        ),
        Page(
            "case list, searched",
            regional,
            reverse("grants:case_list") + "?q=an",
            paged(
                "SELECT k.id, k.title, k.meeting_date, p.name FROM grants_case k "
                "JOIN grants_project p ON p.id = k.project_id",
                "k.meeting_date DESC, k.id",
                "(k.title ILIKE %s OR k.case_number ILIKE %s OR p.name ILIKE %s)",
                ["%an%", "%an%", "%an%"],
            ),
        ),
        Page(
            "company list, searched",
            regional,
            reverse("companies:company_list") + "?q=an",
            paged(
                "SELECT co.id, co.name, co.cvr, m.name, i.name FROM companies_company co "
                "JOIN companies_municipality m ON m.id = co.municipality_id "
                "LEFT JOIN companies_industry i ON i.id = co.industry_id",
                "co.name, co.id",
                "(co.name ILIKE %s OR co.cvr ILIKE %s OR m.name ILIKE %s OR i.name ILIKE %s)",
                ["%an%", "%an%", "%an%", "%an%"],
            ),
        ),
        Page(
            "course list, searched",
            secretariat,
            reverse("participants:course_list") + "?q=an",
            paged(
                courses,
                "c.start_date DESC, c.id",
                "c.project_id = %s AND (pa.reference ILIKE %s OR co.name ILIKE %s "
                "OR co.cvr ILIKE %s OR pr.name ILIKE %s)",
                [demo.pk, "%an%", "%an%", "%an%", "%an%"],
            ),
        ),
        Page(
            "case list, page 10 of 50",
            regional,
            reverse("grants:case_list") + "?page=10&per_page=50&sort=project",
            sql_floor(
                (
                    "SELECT k.id, k.title, p.name FROM grants_case k JOIN grants_project p "
                    "ON p.id = k.project_id ORDER BY p.name, k.id LIMIT 50 OFFSET 450",
                    [],
                ),
                ("SELECT COUNT(*) FROM grants_case", []),
            ),
        ),
        Page(
            "company choices (autocomplete)",
            secretariat,
            reverse("companies:company_choices") + "?q=an",
            sql_floor(
                (
                    "SELECT co.id, co.name, co.cvr FROM companies_company co "
                    "WHERE co.name ILIKE %s OR co.cvr ILIKE %s ORDER BY co.name, co.id LIMIT 20",
                    ["%an%", "%an%"],
                ),
            ),
        ),
        Page(
            "case choices (autocomplete)",
            regional,
            reverse("grants:case_choices") + "?q=an",
            sql_floor(
                (
                    "SELECT k.id, k.title, p.name FROM grants_case k JOIN grants_project p "
                    "ON p.id = k.project_id WHERE k.title ILIKE %s OR p.name ILIKE %s "
                    "ORDER BY k.title, k.id LIMIT 20",
                    ["%an%", "%an%"],
                ),
            ),
        ),
        Page(
            "programme overview, 40",
            regional,
            reverse("progress:programme_progress", args=[forty.pk]),
            sql_floor((PROGRESS.format(where="p.programme_id = %s"), [forty.pk])),
        ),
        Page(
            "programme overview, 100",
            regional,
            reverse("progress:programme_progress", args=[demo.programme_id]),
            sql_floor((PROGRESS.format(where="p.programme_id = %s"), [demo.programme_id])),
        ),
        Page(
            "project progress",
            regional,
            reverse("progress:project_progress", args=[demo.pk]),
            sql_floor((PROGRESS.format(where="p.id = %s"), [demo.pk])),
        ),
        Page(
            "budget table (project)",
            regional,
            reverse("grants:budget_table", args=["project", demo.pk]),
            sql_floor(
                (
                    "SELECT d.id FROM grants_grantdecision d WHERE d.project_id = %s "
                    "AND d.status IN ('recommended', 'approved')",
                    [demo.pk],
                ),
                (LINES, [demo_decisions, demo_decisions]),
            ),
        ),
        Page(
            "decision page",
            regional,
            reverse("grants:decision_detail", args=[decision.pk]),
            sql_floor(
                (LINES, [[decision.pk], [decision.pk]]),
                ("SELECT * FROM grants_grantdecision WHERE id = %s", [decision.pk]),
                ("SELECT * FROM grants_target WHERE decision_id = %s", [decision.pk]),
            ),
        ),
        Page(
            "case page",
            regional,
            reverse("grants:case_detail", args=[case.pk]),
            sql_floor(
                (LINES, [case_decisions, case_decisions]),
                ("SELECT * FROM grants_case WHERE id = %s", [case.pk]),
                (
                    "SELECT * FROM grants_recommendation WHERE decision_id = ANY(%s)",
                    [case_decisions],
                ),
            ),
        ),
        Page(
            "history page",
            regional,
            reverse("grants:decision_history", args=[decision.pk]),
            sql_floor(
                (
                    "SELECT * FROM grants_historicalbudgetline WHERE decision_id = %s "
                    "UNION ALL SELECT * FROM grants_historicalfinancingline WHERE decision_id = %s",
                    [decision.pk, decision.pk],
                ),
                (
                    "SELECT * FROM grants_historicalgrantdecision WHERE id = %s "
                    "ORDER BY history_date",
                    [decision.pk],
                ),
            ),
        ),
        Page(
            "admin course changelist",
            admin,
            "/admin/participants/onboardingcourse/",
            sql_floor(
                (f"{courses} ORDER BY c.start_date DESC, c.id DESC LIMIT 50", []),
            ),
        ),
        # The set-up pages of the regional staff (grants.setup).
        Page(
            "set-up: programmes",
            regional,
            reverse("grants:programme_list"),
            paged(
                "SELECT g.id, g.name, (SELECT COUNT(*) FROM grants_project p "
                "WHERE p.programme_id = g.id) FROM grants_programme g",
                "g.name, g.id",
                "TRUE",
                [],
            ),
        ),
        Page(
            "set-up: organisations",
            regional,
            reverse("grants:organisation_list"),
            paged(
                "SELECT o.id, o.name, o.cvr, (SELECT COUNT(DISTINCT r.project_id) FROM "
                "grants_projectorganisation r WHERE r.organisation_id = o.id) "
                "FROM grants_organisation o",
                "o.name, o.id",
                "TRUE",
                [],
            ),
        ),
        Page(
            "set-up: decision bodies",
            regional,
            reverse("grants:decisionbody_list"),
            paged(
                'SELECT b.id, b.name, b.code, b.retired, b."order", (SELECT COUNT(*) FROM '
                "meetings_meeting m WHERE m.forum_id = b.id), (SELECT COUNT(*) FROM "
                "grants_grantdecision d WHERE d.deciding_body_id = b.id) "
                "FROM grants_decisionbody b",
                'b."order", b.name, b.id',
                "TRUE",
                [],
            ),
        ),
        Page(
            "set-up: project form",
            regional,
            reverse("grants:project_update", args=[demo.pk]),
            sql_floor(
                ("SELECT * FROM grants_project WHERE id = %s", [demo.pk]),
                ("SELECT * FROM grants_projectorganisation WHERE project_id = %s", [demo.pk]),
                ("SELECT id, name FROM grants_programme ORDER BY name", []),
            ),
        ),
        Page(
            "set-up: effort areas",
            regional,
            reverse("grants:effortarea_list", args=[demo.pk]),
            sql_floor(
                (
                    "SELECT a.id, a.name, (SELECT COUNT(DISTINCT b.decision_id) FROM "
                    "grants_budgetline b WHERE b.effort_area_id = a.id) FROM grants_effortarea a "
                    "WHERE a.project_id = %s ORDER BY a.order, a.id",
                    [demo.pk],
                ),
            ),
        ),
        Page(
            "set-up: funding sources",
            regional,
            reverse("grants:projectfundingsource_list", args=[demo.pk]),
            sql_floor(
                (
                    "SELECT s.id, s.name, ps.order FROM grants_fundingsource s LEFT JOIN "
                    "grants_projectfundingsource ps ON ps.funding_source_id = s.id "
                    "AND ps.project_id = %s ORDER BY ps.order, s.order, s.id",
                    [demo.pk],
                ),
            ),
        ),
        # Each role's front page (home): what needs doing.
        Page(
            "home: regional staff",
            regional,
            reverse("home:home"),
            sql_floor((STANDING, []), (AWAITING, [])),
        ),
        Page(
            "home: administrator",
            admin,
            reverse("home:home"),
            sql_floor((STANDING, []), (AWAITING, [])),
        ),
        Page(
            "home: secretariat",
            secretariat,
            reverse("home:home"),
            sql_floor(
                (PROGRESS.format(where="p.id = ANY(%s)"), [member_projects]),
                (COURSES_AWAITING, [member_projects]),
            ),
        ),
        Page(
            "home: Vækstforum member",
            forum,
            reverse("home:home"),
            sql_floor(
                (
                    "SELECT k.id, k.title, k.meeting_date, p.name FROM grants_case k "
                    "JOIN grants_project p ON p.id = k.project_id "
                    "WHERE k.meeting_date >= CURRENT_DATE ORDER BY k.meeting_date, k.id",
                    [],
                ),
            ),
        ),
        Page(
            # Above COURSE_EXPORT_INLINE_ROWS the export page offers a background job.
            "course export offer (50k)",
            secretariat,
            reverse("participants:course_export"),
            sql_floor(
                (
                    "SELECT count(*) FROM participants_onboardingcourse c WHERE c.project_id = %s",
                    [demo.pk],
                )
            ),
        ),
        Page(
            "case PDF",
            regional,
            reverse("grants:case_pdf", args=[case.pk]) + "?variant=pdf",
            pdf_floor(case),
        ),
    ]


def time_standing(rounds: int) -> None:
    """The region's standing the staff's front page reads, computed as the worker computes it
    (`home.standing.compute`), against raw SQL counting every target's progress."""
    from django.utils import timezone  # noqa: PLC0415 - after django.setup()

    from home.standing import compute  # noqa: PLC0415

    today = timezone.localdate()
    run_floor = sql_floor((PROGRESS.format(where="TRUE"), []), (AWAITING, []))
    times, floors = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        standing = compute(today=today)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_floor()
        floors.append(time.perf_counter() - start)
    median, floor_median = statistics.median(times), statistics.median(floors)
    print(
        f"\nRegion standing (background task behind the staff's front page), {rounds} rounds: "
        f"median {median * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms, raw SQL floor "
        f"{floor_median * 1000:.0f} ms ({median / floor_median:.1f}× floor); "
        f"{len(standing.behind)} projects behind pace today"
    )


def time_pages(chosen: list[Page], rounds: int, slow_rounds: int, slow: float) -> None:
    print(f"Warming up {len(chosen)} pages (a slow page is timed in {slow_rounds} rounds)")
    for page in chosen:
        try:
            with CaptureQueriesContext(connection) as captured:
                request(page)
        except OperationalError as error:  # the statement timeout: the page is left out
            page.timed_out = True
            print(f"  {page.name:<26} left out: {str(error).strip()}")
            continue
        page.queries = len(captured)
        first = page.times[0]
        page.slow = first > slow
        floor(page)
        page.times.clear()
        page.floor_times.clear()
        print(f"  {page.name:<26} {page.queries:>5} queries, first request {first:.2f} s")
    for number in range(rounds):
        for page in chosen:
            if page.timed_out or (page.slow and number >= slow_rounds):
                continue
            request(page)
            floor(page)
        print(f"  round {number + 1}/{rounds}", end="\r", flush=True)
    print()


def report(chosen: list[Page]) -> None:
    bare_page = next((p for p in chosen if p.name == "bare logged-in view"), None)
    bare_median = statistics.median(bare_page.times) if bare_page else float("nan")
    print(
        f"{'page':<26} {'rows':>6} {'queries':>7} {'n':>3} {'median ms':>10} {'p95 ms':>9} "
        f"{'floor ms':>9} {'× floor':>8} {'× bare':>8}"
    )
    for page in chosen:
        if page.timed_out:
            print(f"{page.name:<26} over the statement timeout in the warm-up: not timed")
            continue
        median, floor_median = statistics.median(page.times), statistics.median(page.floor_times)
        print(
            f"{page.name:<26} {page.rows:>6} {page.queries:>7} {len(page.times):>3} "
            f"{median * 1000:>10.1f} {p95(page.times) * 1000:>9.1f} {floor_median * 1000:>9.1f} "
            f"{median / floor_median:>8.1f} {median / bare_median:>8.1f}"
        )


# The course XLSX against a bare streaming writer on the same rows.


def xlsx_job(user: User) -> int:
    """The course list's export of all the user's courses as the worker runs it (the job
    `participants.export_job`, started as the export page starts it); the file's size.

    The job, its file and its queued task are deleted afterwards: no worker runs here.
    """
    with transaction.atomic():
        job = start_job(kind=export_job.CODE, params={"query": ""}, by=user)
    try:
        assert runner.run(job.pk) == Job.State.DONE
        job.refresh_from_db()
        return job.result_size
    finally:
        job.refresh_from_db()
        job.result.delete(save=False)
        DBTaskResult.objects.filter(id=job.task_id).delete()
        job.delete()


def xlsx_bare(project_id: int) -> int:
    """Raw SQL rows, read in chunks, straight into openpyxl's write-only workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Courses")
    sheet.append(
        [
            "Participant",
            "Project",
            "Company",
            "CVR",
            "Municipality",
            "Industry",
            "Start",
            "End",
            "Mentor",
            "Outcome",
            "Outcome date",
        ]
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT {COURSE_COLUMNS} WHERE c.project_id = %s ORDER BY c.start_date DESC, c.id",
            [project_id],
        )
        while rows := cursor.fetchmany(2000):
            for row in rows:
                sheet.append(row)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        return file.tell()


def status_mib(field: str) -> float:
    """A memory figure of /proc/self/status (VmRSS: now; VmHWM: the peak), in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak() -> None:
    """Start the peak (VmHWM) over from the current RSS.

    getrusage's ru_maxrss cannot be used: Linux carries it over from the parent across
    fork and exec, so a fresh process started by a large one reports the parent's size.
    """
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def xlsx_memory(mode: str) -> None:
    """In a fresh process: one export, its memory relative to the process's start."""
    writer, measure = mode.split(":")
    setup_test_environment()
    demo = Project.objects.get(name=DEMO_PROJECT)
    secretariat = User.objects.get(username="secretariat")

    def run() -> None:
        if writer == "job":
            xlsx_job(secretariat)
        else:
            xlsx_bare(demo.pk)

    reset_peak()
    start = status_mib("VmRSS")
    if measure == "traced":
        tracemalloc.start()
        run()
        _, peak = tracemalloc.get_traced_memory()
        print(f"{peak / 2**20:.1f}")
    else:
        run()
        print(f"{status_mib('VmHWM') - start:.1f}")


def time_xlsx(rounds: int) -> None:
    demo = Project.objects.get(name=DEMO_PROJECT)
    secretariat = User.objects.get(username="secretariat")
    rows = demo.courses.count()
    xlsx_job(secretariat)  # warm-up: the first job of a process loads the jobs' code paths
    xlsx_bare(demo.pk)
    view, raw = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        xlsx_job(secretariat)
        view.append(time.perf_counter() - start)
        start = time.perf_counter()
        xlsx_bare(demo.pk)
        raw.append(time.perf_counter() - start)
    memory: dict[str, str] = {}
    for mode in ("job:traced", "job:rss", "bare:traced", "bare:rss"):
        done = subprocess.run(  # noqa: S603 - this very script, in a fresh process
            [sys.executable, __file__, "--xlsx-memory", mode],
            capture_output=True,
            text=True,
            check=True,
        )
        memory[mode] = done.stdout.strip().splitlines()[-1]
    print(f"\nCourse XLSX of {rows:,} rows, median of {rounds}; memory in a fresh process")
    print(
        f"{'writer':<30} {'median s':>9} {'p95 s':>7} {'peak traced MiB':>16} "
        f"{'RSS growth MiB':>15}"
    )
    for name, times, key in (
        ("export job (worker)", view, "job"),
        ("bare write-only + raw SQL", raw, "bare"),
    ):
        print(
            f"{name:<30} {statistics.median(times):>9.2f} {p95(times):>7.2f} "
            f"{memory[key + ':traced']:>16} {memory[key + ':rss']:>15}"
        )
    print(f"ratio export job / bare: {statistics.median(view) / statistics.median(raw):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--slow-rounds", type=int, default=3)
    parser.add_argument("--slow", type=float, default=5.0, help="seconds that make a page slow")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    parser.add_argument(
        "--skip", default="", help="leave out the pages whose name contains this (comma-separated)"
    )
    parser.add_argument("--no-xlsx", action="store_true", help="skip the XLSX comparison")
    parser.add_argument(
        "--statement-timeout",
        type=float,
        default=0,
        help="seconds after which PostgreSQL cancels a query: its page is left out (0: none)",
    )
    parser.add_argument("--xlsx-memory", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.statement_timeout:
        # Before the first connection opens; on every connection the benchmark makes.
        options = connection.settings_dict.setdefault("OPTIONS", {})
        limit = f"-c statement_timeout={round(args.statement_timeout * 1000)}"
        options["options"] = f"{options.get('options', '')} {limit}".strip()
    with override_settings(ROOT_URLCONF=URLCONF):
        if args.xlsx_memory:
            xlsx_memory(args.xlsx_memory)
            return
        call_command("migrate", verbosity=0)
        if not already_built():
            call_command("build_scale_data", seed=SEED)
        elif not request_steps.already_built():
            # A database built before requests existed: add them, then settle the statistics.
            build_requests(seed=SEED)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        setup_test_environment()
        print(f"{connection.vendor} {connection.settings_dict['NAME']}, {args.rounds} rounds")
        skipped = [word for word in args.skip.split(",") if word]
        chosen = [
            p
            for p in pages()
            if (args.only in p.name and not any(word in p.name for word in skipped))
            or p.name == "bare logged-in view"
        ]
        time_pages(chosen, args.rounds, args.slow_rounds, args.slow)
        report(chosen)
        if not args.only:
            time_standing(min(args.rounds, 5))
        if not args.no_xlsx and not args.only:
            time_xlsx(min(args.rounds, 5))


if __name__ == "__main__":
    main()
