"""Periodic work: registered by the rooms, each slot claimed once, each run run once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django_tasks_db.models import DBTaskResult

from jobs import periodic_runs, schedule
from jobs.models import ScheduledRun
from jobs.scheduler import configure, trigger
from tests.jobs.helpers import run_queued_jobs

CALLS: list[str] = []


def _work() -> None:
    CALLS.append("ran")


def _broken() -> None:
    raise RuntimeError("the mail server is on fire")


@pytest.fixture
def periodic() -> Iterator[schedule.Periodic]:
    CALLS.clear()
    work = schedule.register(
        schedule.Periodic(name="tests.work", label="work", when=lambda: {"minute": 5}, run=_work)
    )
    yield work
    schedule.unregister(work.name)


SLOT = datetime(2027, 3, 31, 6, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def _claimed(name: str) -> ScheduledRun:
    run = periodic_runs.claim(name, SLOT)
    assert run is not None
    return run


@pytest.mark.django_db
def test_a_slot_fired_twice_is_claimed_and_queued_once(
    periodic, django_capture_on_commit_callbacks
):
    assert periodic_runs.fire(periodic.name, SLOT) is not None
    assert periodic_runs.fire(periodic.name, SLOT) is None
    assert ScheduledRun.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    run_queued_jobs()
    assert CALLS == ["ran"]
    assert ScheduledRun.objects.get().state == ScheduledRun.State.DONE


@pytest.mark.django_db
def test_a_run_delivered_twice_runs_once(periodic):
    run = _claimed(periodic.name)
    assert periodic_runs.execute(run.pk) == ScheduledRun.State.DONE
    assert periodic_runs.execute(run.pk) == "skipped"
    assert CALLS == ["ran"]


@pytest.mark.django_db
def test_the_next_slot_is_claimed_anew(periodic):
    periodic_runs.claim(periodic.name, SLOT)
    assert periodic_runs.claim(periodic.name, SLOT.replace(day=30)) is not None


@pytest.mark.django_db
def test_failing_work_is_recorded_failed_and_the_worker_goes_on():
    broken = schedule.register(
        schedule.Periodic(name="tests.broken", label="x", when=lambda: {"minute": 1}, run=_broken)
    )
    try:
        run = _claimed(broken.name)
        assert periodic_runs.execute(run.pk) == ScheduledRun.State.FAILED
    finally:
        schedule.unregister(broken.name)
    run.refresh_from_db()
    assert "the mail server is on fire" in run.error
    assert run.finished_at is not None


@pytest.mark.django_db
def test_a_run_of_work_no_longer_registered_fails_with_a_reason():
    run = _claimed("tests.gone")
    assert periodic_runs.execute(run.pk) == ScheduledRun.State.FAILED
    run.refresh_from_db()
    assert "registered" in run.error


def test_the_periodic_work_the_issue_asks_for_is_registered_with_valid_times():
    names = {periodic.name for periodic in schedule.periodics()}
    assert {
        "jobs.purge_job_results",
        "home.standing",
        "notifications.digests",
        "notifications.sweep",
    } <= names
    for periodic in schedule.periodics():
        assert trigger(periodic).get_next_fire_time(None, SLOT) is not None


def test_the_daily_work_falls_at_the_hours_of_the_settings(settings):
    settings.DIGEST_HOUR = 8
    digests = schedule.get("notifications.digests")
    assert digests is not None
    assert trigger(digests).get_next_fire_time(None, SLOT) == SLOT.replace(hour=8)


def test_the_scheduler_gets_every_periodic_work_with_the_claiming_executor():
    scheduler = configure(BackgroundScheduler(timezone="Europe/Copenhagen"))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {periodic.name for periodic in schedule.periodics()}
    assert {job.executor for job in jobs.values()} == {"claiming"}
