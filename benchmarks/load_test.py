#!/usr/bin/env python
"""Load test on loopback: gunicorn with 2 workers against the scale data set.

The workers are the shipped ones otherwise (`gunicorn.conf.py`: `gthread`, GUNICORN_THREADS
threads each, the same timeouts); only their number is fixed here, so that runs compare.

Usage: `make benchmark-load` after `make benchmark-scale` has built the data (DATABASE_URL,
default postgresql://postgres@127.0.0.1:5432/rummelig_scale). Starts gunicorn on 127.0.0.1
with the shipped settings (DEBUG off, collected static files, the bare logged-in view of
`bare_site.py` added), and stops it at the end. Bounded: every phase ends by itself.

1. Requests per second, closed loop with CONCURRENCY clients for --seconds each: the
   budget-table page of Rummelig imidt against the bare logged-in view.
2. 50 simulated users for 60 s, each logged in as the regional staff or the project
   secretariat, requesting a mix of pages with a think time between requests: requests per
   second, errors (any answer but 200, or no answer within --timeout) and latency per page.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
WORKERS = 2
CONCURRENCY = 4
SPELLS = 5
WORKER_TIMEOUT = 30  # gunicorn's default: a worker busy longer is killed
# The settings gunicorn and this script share: the shipped ones, with what a deployment sets.
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "rummelig.settings",
    "DATABASE_URL": os.environ.get(
        "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/rummelig_scale"
    ),
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": HOST,
    # Plain HTTP on loopback; a deployment terminates TLS in front of gunicorn.
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)

import django

django.setup()

from bare_site import BARE_PATH
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from demo.scale import DEMO_PROJECT, PROGRAMME_PREFIX, already_built
from grants.models import Case, GrantDecision, Programme, Project

# The pages of the mix, by role, with how often a user asks for each.
Mix = list[tuple[str, str, str, int]]  # name, role, path, weight


@dataclass
class Result:
    page: str
    seconds: float
    ok: bool


def session_cookie(username: str) -> str:
    """A logged-in session of `username`, as the Cookie header a browser would send: the
    session and the CSRF cookie its first page set (without it, every page with a form would
    make a new CSRF secret and set it again, which no browser asks for)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(reverse("home:home"), HTTP_HOST=HOST)
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{name}={client.cookies[name].value}" for name in names)


def get(port: int, path: str, cookie: str, timeout: float) -> bool:
    """One GET on a new connection, as a browser's first request; True for a 200."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": HOST})
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def start_gunicorn(port: int, timeout: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        str(WORKERS),
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        str(timeout),
        "--chdir",
        str(ROOT),
        "--pythonpath",
        str(ROOT / "benchmarks"),
        "--log-level",
        "warning",
        "bare_site:application()",
    ]
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
        command, env={**os.environ, **ENVIRONMENT}, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            http.client.HTTPConnection(HOST, port, timeout=1).request("GET", "/accounts/login/")
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def throughput(
    port: int, path: str, cookie: str, seconds: float, timeout: float
) -> tuple[float, int]:
    """Requests per second of `path` with CONCURRENCY clients back to back; and the errors."""
    done = [0]
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            ok = get(port, path, cookie, timeout)
            with lock:
                done[0] += 1
                errors[0] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started), errors[0]


def users(
    port: int, mix: Mix, cookies: dict[str, str], args: argparse.Namespace
) -> tuple[list[Result], float]:
    """`args.users` simulated users for `args.duration` seconds; each thread stops by itself."""
    results: list[Result] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.duration
    roles = sorted({role for _n, role, _p, _w in mix})

    def user(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - a load pattern, not a secret
        role = roles[number % len(roles)] if number % 10 < 3 else "regional"
        pages = [(name, path) for name, r, path, _w in mix if r == role]
        weights = [w for _n, r, _p, w in mix if r == role]
        time.sleep(rng.uniform(0, args.think))  # users arrive spread out
        while time.monotonic() < deadline:
            name, path = rng.choices(pages, weights=weights)[0]
            start = time.monotonic()
            ok = get(port, path, cookies[role], args.timeout)
            with lock:
                results.append(Result(name, time.monotonic() - start, ok))
            time.sleep(rng.uniform(0.5, 1.5) * args.think)

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def the_mix() -> Mix:
    demo = Project.objects.get(name=DEMO_PROJECT)
    forty = Programme.objects.get(name=f"{PROGRAMME_PREFIX} Nord")
    decision = GrantDecision.objects.filter(project=demo).order_by("-first_year", "pk").first()
    case = Case.objects.filter(project=demo).order_by("pk").first()
    assert decision is not None and case is not None, "the demo data is missing"
    company = demo.courses.values_list("company_id", flat=True).order_by("company_id").first()
    courses = reverse("participants:course_list")
    return [
        ("front page", "regional", reverse("home:home"), 2),
        ("project list", "regional", reverse("grants:project_list"), 3),
        ("decision list", "regional", reverse("grants:decision_list"), 2),
        ("case list", "regional", reverse("grants:case_list"), 1),
        ("company list", "regional", reverse("companies:company_list"), 2),
        ("budget table", "regional", reverse("grants:budget_table", args=["project", demo.pk]), 4),
        ("decision page", "regional", reverse("grants:decision_detail", args=[decision.pk]), 3),
        ("case page", "regional", reverse("grants:case_detail", args=[case.pk]), 2),
        ("history page", "regional", reverse("grants:decision_history", args=[decision.pk]), 1),
        ("project progress", "regional", reverse("progress:project_progress", args=[demo.pk]), 2),
        (
            "programme overview, 40",
            "regional",
            reverse("progress:programme_progress", args=[forty.pk]),
            1,
        ),
        ("front page (secretariat)", "secretariat", reverse("home:home"), 1),
        ("course list", "secretariat", courses, 4),
        ("course list, by company", "secretariat", f"{courses}?company={company}", 2),
        ("course list, sorted", "secretariat", f"{courses}?sort=company", 1),
        (
            "participant page",
            "secretariat",
            reverse(
                "participants:participant_detail",
                args=[demo.participants.order_by("pk").values_list("pk", flat=True)[0]],
            ),
            2,
        ),
    ]


def measure(
    args: argparse.Namespace, mix: Mix, cookies: dict[str, str]
) -> tuple[list[Result], float]:
    """Both phases against the running server; prints the first, returns the second's results."""
    budget_path = next(path for name, _r, path, _w in mix if name == "budget table")
    for path in (BARE_PATH, budget_path):  # warm both workers up
        for _ in range(4):
            get(args.port, path, cookies["regional"], args.timeout)
    # Interleaved in short spells, so that the machine's ups and downs hit both alike.
    spell = args.seconds / SPELLS
    rates: dict[str, list[float]] = {BARE_PATH: [], budget_path: []}
    failed = dict.fromkeys(rates, 0)
    for _ in range(SPELLS):
        for path in rates:
            rate, errors = throughput(args.port, path, cookies["regional"], spell, args.timeout)
            rates[path].append(rate)
            failed[path] += errors
    bare, bare_errors = statistics.mean(rates[BARE_PATH]), failed[BARE_PATH]
    budget, budget_errors = statistics.mean(rates[budget_path]), failed[budget_path]
    # Each spell's budget table against the bare view just before it: the machine's drift
    # between spells does not enter these ratios.
    spells = [b / a for a, b in zip(rates[BARE_PATH], rates[budget_path], strict=True)]
    threads = os.environ.get("GUNICORN_THREADS", "4")
    print(
        f"gunicorn, {WORKERS} gthread workers × {threads} threads, {CONCURRENCY} clients, "
        f"{args.seconds:g} s each in {SPELLS} interleaved spells"
    )
    print(f"{'page':<26} {'req/s':>8} {'errors':>7}")
    print(f"{'bare logged-in view':<26} {bare:>8.1f} {bare_errors:>7}")
    print(f"{'budget table (project)':<26} {budget:>8.1f} {budget_errors:>7}")
    print(f"budget table / bare: {budget / bare:.0%} of the means")
    print(
        "per spell: "
        + ", ".join(f"{ratio:.0%}" for ratio in spells)
        + f"; median {statistics.median(spells):.0%}\n"
    )
    return users(args.port, mix, cookies, args)


def main() -> None:
    parser = argparse.ArgumentParser(description="Load test of Rummelig on loopback.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seconds", type=float, default=10, help="per throughput measurement")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before an error")
    args = parser.parse_args()
    if not already_built():
        raise SystemExit("No scale data here: run `make benchmark-scale` first.")
    call_command("collectstatic", interactive=False, verbosity=0)
    cookies = {role: session_cookie(role) for role in ("regional", "secretariat")}
    mix = the_mix()
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(args.port, timeout=WORKER_TIMEOUT, log=log)
        try:
            results, elapsed = measure(args, mix, cookies)
        finally:
            stop(server)
        log.seek(0)
        killed = log.read().count(b"WORKER TIMEOUT")
    print(
        f"{args.users} users for {args.duration:g} s, think time {args.think:g} s: "
        f"{len(results)} requests, {len(results) / elapsed:.1f} req/s"
    )
    print(f"{'page':<26} {'requests':>8} {'errors':>7} {'median ms':>10} {'p95 ms':>9}")
    by_page: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_page[result.page].append(result)
    for name, _role, _path, _weight in mix:
        page = by_page.get(name, [])
        if not page:
            continue
        times = [r.seconds for r in page]
        print(
            f"{name:<26} {len(page):>8} {sum(not r.ok for r in page):>7} "
            f"{statistics.median(times) * 1000:>10.0f} {p95(times) * 1000:>9.0f}"
        )
    times = [r.seconds for r in results]
    print(
        f"{'all':<26} {len(results):>8} {sum(not r.ok for r in results):>7} "
        f"{statistics.median(times) * 1000:>10.0f} {p95(times) * 1000:>9.0f}"
    )
    print(f"gunicorn workers killed for running over {WORKER_TIMEOUT} s: {killed}")


if __name__ == "__main__":
    main()
