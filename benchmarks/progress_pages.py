#!/usr/bin/env python
"""Time the course list, a project's progress page and the programme overview as data grows.

Usage: `make benchmark` (SQLite in a temporary database) or with DATABASE_URL set for
PostgreSQL (it builds and drops a test database, never touching yours). Each step adds a
project with the generated demo data (about 900 participants and 1,000 courses).
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
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse

from demo.grants import load_demo
from demo.participants import load_participant_demo
from grants.models import GrantDecision, Project, ProjectMembership, Target
from tests.factories import ProjectFactory, SecretariatFactory, StaffFactory

STEPS = [1, 3, 6]
REPEAT = 3


def measure(client: Client, url: str) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
        queries = len(captured)
    return statistics.median(times), queries


def add_project(template: Project, n: int) -> Project:
    project = ProjectFactory.create(name=f"Benchmark {n}", programme=template.programme)
    for decision in template.decisions.filter(targets__isnull=False).distinct():
        copy = GrantDecision.objects.create(
            project=project,
            title=decision.title,
            kind=decision.kind,
            deciding_body=decision.deciding_body,
            status=decision.status,
            first_year=decision.first_year,
            last_year=decision.last_year,
            split_by_year=decision.split_by_year,
        )
        Target.objects.bulk_create(
            Target(decision=copy, indicator=t.indicator, value=t.value)
            for t in decision.targets.all()
        )
    load_participant_demo(project, seed=n)
    return project


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        demo = load_demo()
        load_participant_demo(demo)
        secretary = SecretariatFactory.create()
        staff = StaffFactory.create()
        ProjectMembership.objects.create(project=demo, user=secretary)
        as_secretary, as_staff = Client(), Client()
        as_secretary.force_login(secretary)
        as_staff.force_login(staff)
        pages = {
            "course list": (as_secretary, reverse("participants:course_list")),
            "project progress": (
                as_staff,
                reverse("progress:project_progress", args=[demo.pk]),
            ),
            "programme overview": (
                as_staff,
                reverse("progress:programme_progress", args=[demo.programme_id]),
            ),
        }
        print(f"{'projects':>8} {'courses':>8}  {'page':<19} {'median ms':>9} {'queries':>7}")
        count = 1
        for step in STEPS:
            while count < step:
                project = add_project(demo, count)
                ProjectMembership.objects.create(project=project, user=secretary)
                count += 1
            courses = demo.courses.model.objects.count()
            for name, (client, url) in pages.items():
                seconds, queries = measure(client, url)
                print(f"{step:>8} {courses:>8}  {name:<19} {seconds * 1000:>9.1f} {queries:>7}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
