"""Each slot of periodic work runs exactly once, with two schedulers and two workers.

Two "servers": two `manage.py run_schedule` processes fire the same every-second slots of a test
periodic work (tests/schedule_app), and two `manage.py db_worker` processes work off the queue,
all on the test database, as separate processes do in production. Every run notes itself in a
file: it holds one line per slot, though both schedulers fired every slot.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from jobs.models import ScheduledRun

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgresql://{user}@{host}:{port}/{database['NAME']}"


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait(done: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("waited a minute in vain")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_and_two_workers_run_each_slot_once(tmp_path: Path) -> None:
    ticks = tmp_path / "ticks.log"
    ticks.touch()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.schedule_settings",
        "DATABASE_URL": _database_url(),
        "RUMMELIG_TICK_LOG": str(ticks),
        "DEBUG": "1",
    }
    queue = ["--queue-name", settings.JOBS_QUEUE, "--interval", "0.1", "--no-startup-delay"]
    workers = [
        _start(["db_worker", *queue, "--worker-id", f"w{n}"], env, tmp_path / f"worker{n}.log")
        for n in (1, 2)
    ]
    schedulers = [_start(["run_schedule"], env, tmp_path / f"scheduler{n}.log") for n in (1, 2)]
    logs = [tmp_path / f"scheduler{n}.log" for n in (1, 2)]
    runs = ScheduledRun.objects.filter(name="tests.tick")
    try:
        # Both schedulers up, then three more slots fired by both.
        _wait(lambda: all("Scheduler started" in log.read_text() for log in logs))
        first = runs.count()
        _wait(lambda: runs.count() >= first + 3)
    finally:
        for process in schedulers:
            _stop(process)
    try:
        _wait(lambda: not runs.exclude(state=ScheduledRun.State.DONE).exists())
    finally:
        for process in workers:
            _stop(process)

    slots = list(runs.values_list("slot", "state"))
    said = "".join(log.read_text() for log in logs)
    assert len(slots) >= 3, said
    assert {state for _slot, state in slots} == {ScheduledRun.State.DONE}
    assert len(ticks.read_text().splitlines()) == len(slots)
    # Both schedulers fired: the one that lost a slot's claim said so.
    assert "was claimed by another scheduler" in said
