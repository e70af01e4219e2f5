#!/usr/bin/env python
"""Time the agenda pack of a meeting of 30 cases, rendered as a background job while a web
worker answers other requests, against rendering one case PDF.

Usage: `python benchmarks/agenda_pack.py [CASES]` (default 30). Builds a fresh SQLite database
in a temporary folder with CASES balanced cases on one meeting's agenda, and after one untimed
pack job (the first render and the first job of a process load fonts, templates, pypdf and
translations) times, in ROUNDS rounds and in an order that turns each round: the CASES case
PDFs one after another (tagged PDF/A, as the case page renders them), the pack job run as the worker
runs it (`jobs.runner.run`) and the pack rendered directly, with nothing else going on. Each
is the median over the rounds of its time per case, so that all three meet the same changes in
the machine's load and the case PDFs' time per case is a mean over the same cases, like the
pack's (a median of single short runs would leave out the slow moments a pack cannot).
Then starts gunicorn (1 worker, 2 threads) on the same database and runs the pack job again
while another process keeps asking gunicorn for the meeting list and the meeting page. Prints
the time per case in each pack and its ratio to the single case PDF (the aim: at most 1.2),
and the web requests answered meanwhile with their median and 95th percentile and any errors.
On a machine shared with other work the loaded run also measures the others.
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
from collections.abc import Callable
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
ROUNDS = 3


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
        services.item_add(meeting=meeting, case=case, by=staff)

    def time_single_cases() -> float:
        """Seconds per case PDF, rendering every case's PDF in turn."""
        start = time.perf_counter()
        for case in cases:
            case_pdf(case_presentation(case))
        return (time.perf_counter() - start) / count

    def time_pack() -> float:
        start = time.perf_counter()
        agenda_pack(meeting, closed=True)  # the render alone: no job, no progress written
        return (time.perf_counter() - start) / count

    quiet_states: set[str] = set()

    def time_job() -> float:
        state, took = run_pack(meeting.pk, staff)
        quiet_states.add(state)
        return took / count

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
        # One pack job untimed first: the first render of a process loads fonts, templates and
        # pypdf, and its first job the jobs' code paths; the worker pays that once, not per job.
        run_pack(meeting.pk, staff)
        timers: list[tuple[str, Callable[[], float]]] = [
            ("case PDFs one by one", time_single_cases),
            ("pack as a job", time_job),
            ("pack rendered directly", time_pack),
        ]
        runs: dict[str, list[float]] = {name: [] for name, _ in timers}
        for round_ in range(ROUNDS):
            # interleaved, the order turned each round: a change in the load hits all three
            for name, timer in timers[round_ % 3 :] + timers[: round_ % 3]:
                runs[name].append(timer())
        for name, times in runs.items():
            print(f"{name}, per case in each round: " + ", ".join(f"{t:.3f} s" for t in times))
        single, quiet, bare = (statistics.median(times) for times in runs.values())
        quiet_state = "done" if quiet_states == {"done"} else ",".join(sorted(quiet_states))
        asker = multiprocessing.Process(target=ask, args=(urls, cookie, done, results))
        asker.start()
        state, pack = run_pack(meeting.pk, staff)
        done.set()
        latencies, errors = results.get(timeout=60)
        asker.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"single case PDF (tagged PDF/A; {count} in a row, per case, median of {ROUNDS} rounds): "
        f"{single:.3f} s"
    )
    for what, per_case in [
        ("rendered directly, no job", bare),
        ("as a job, alone", quiet),
        ("as a job while gunicorn answers requests", pack / count),
    ]:
        took = per_case * count
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
    if {quiet_state, state} != {"done"} or errors or quiet / single > AIM:
        sys.exit(1)


if __name__ == "__main__":
    main()
