#!/usr/bin/env python
"""Time the agenda pack of a meeting of 30 cases, rendered as a background job while a web
worker answers other requests, against rendering one case PDF.

Usage: `python benchmarks/agenda_pack.py [CASES]` (default 30). Builds a fresh SQLite database
in a temporary folder with CASES balanced cases on one meeting's agenda, times the single case
PDF (PDF/A, median of 10: 5 before the pack, 5 after) and the pack job run as the worker runs
it (`jobs.runner.run`) with nothing else going on; then starts gunicorn (1 worker, 2 threads)
on the same database and runs the pack job again while another process keeps asking gunicorn
for the meeting list and the meeting page. Prints the time per case in each pack and its ratio
to the single case PDF (the aim: at most 1.2), and the web requests answered meanwhile with
their median and 95th percentile and any errors. On a machine shared with other work the
loaded run also measures the others.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="rummelig-agenda-pack-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DEBUG", "1")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rummelig.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import transaction
from django.test import Client

from grants.cases.pdf import case_pdf
from grants.cases.presentation import case_presentation
from jobs import runner
from jobs.models import Job
from jobs.services import start_job
from meetings import services
from meetings.background import AGENDA_PACK
from meetings.pack import agenda_pack
from tests.factories import StaffFactory
from tests.meetings.factories import MeetingFactory, balanced_case

AIM = 1.2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def ask(
    urls: list[str],
    cookie: str,
    done: Any,
    results: multiprocessing.Queue[tuple[list[float], list[str]]],
) -> None:
    """Another process: ask for the pages in turn until `done`, then report the latencies."""
    latencies: list[float] = []
    errors: list[str] = []
    n = 0
    while not done.is_set():
        request = urllib.request.Request(urls[n % len(urls)], headers={"Cookie": cookie})  # noqa: S310
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
                if response.status != 200:
                    errors.append(str(response.status))
        except OSError as exc:
            errors.append(str(exc))
        latencies.append(time.perf_counter() - start)
        n += 1
    results.put((latencies, errors))


def run_pack(meeting_id: int, staff: Any) -> tuple[str, float]:
    """Start the agenda pack job and run it as the worker does: (final state, seconds)."""
    with transaction.atomic():
        job = start_job(kind=AGENDA_PACK, params={"meeting": meeting_id, "closed": 1}, by=staff)
    start = time.perf_counter()
    state = runner.run(job.pk)
    took = time.perf_counter() - start
    assert Job.objects.get(pk=job.pk).result_size > 0
    return state, took


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    call_command("migrate", verbosity=0)
    staff = StaffFactory.create()
    meeting = MeetingFactory.create()
    cases = [balanced_case(title=f"Sag {n:02d}", amount=(n + 1) * 100_000) for n in range(count)]
    for case in cases:
        services.item_add(meeting=meeting, case=case)

    singles: list[float] = []

    def time_single_cases() -> None:
        for case in cases[:5]:
            start = time.perf_counter()
            case_pdf(case_presentation(case), pdfa=True)
            singles.append(time.perf_counter() - start)

    time_single_cases()

    client = Client()
    client.force_login(staff)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2"}
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "rummelig.wsgi",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    done = multiprocessing.Event()
    results: multiprocessing.Queue[tuple[list[float], list[str]]] = multiprocessing.Queue()
    urls = [f"{base}/meetings/", f"{base}{meeting.get_absolute_url()}"]
    try:
        wait_for(f"{base}/accounts/login/")
        # One pack untimed first: the first render of a process loads fonts, templates and
        # pypdf, which would otherwise be charged to whichever run comes first.
        agenda_pack(meeting, closed=True)
        quiet_runs: list[float] = []
        bare_runs: list[float] = []
        quiet_state = "done"
        for _ in range(2):  # interleaved, so that a change in the machine's load hits both
            state, took = run_pack(meeting.pk, staff)
            quiet_state = state if state != "done" else quiet_state
            quiet_runs.append(took)
            start = time.perf_counter()
            agenda_pack(meeting, closed=True)  # the render alone: no job, no progress written
            bare_runs.append(time.perf_counter() - start)
        quiet, bare = statistics.median(quiet_runs), statistics.median(bare_runs)
        # Before and after the pack: on a shared machine the load moves.
        time_single_cases()
        single = statistics.median(singles)
        asker = multiprocessing.Process(target=ask, args=(urls, cookie, done, results))
        asker.start()
        state, pack = run_pack(meeting.pk, staff)
        done.set()
        latencies, errors = results.get(timeout=60)
        asker.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"single case PDF (PDF/A, median of 10, before and after): {single:.3f} s")
    for what, took in [
        ("rendered directly, no job", bare),
        ("as a job, alone", quiet),
        ("as a job while gunicorn answers requests", pack),
    ]:
        per_case = took / count
        print(
            f"agenda pack of {count} cases, {what}: {took:.2f} s, per case {per_case:.3f} s, "
            f"ratio {per_case / single:.2f} (aim: at most {AIM})"
        )
    if latencies:
        ordered = sorted(latencies)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(
            f"web requests answered meanwhile: {len(latencies)}, median "
            f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"errors {len(errors)}"
        )
    if {quiet_state, state} != {"done"} or errors or quiet / count / single > AIM:
        sys.exit(1)


if __name__ == "__main__":
    main()
