"""The one task on both backends, each with its real worker: the database queue worked off by
`manage.py db_worker --batch`, and Redis (127.0.0.1:6379) worked off by `manage.py rqworker
--burst`. Each test process uses a queue of its own (and the Redis tests a database number of
their own), so runs side by side (pytest-xdist) never take each other's tasks."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from jobs import periodic_runs, schedule
from jobs.models import Job, ScheduledRun
from jobs.services import retry_job, start_job
from notifications import events, services
from notifications.models import Channel, Email, Preference
from tests.factories import StaffFactory
from tests.jobs import kinds

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
QUEUE = f"jobs-test-{WORKER}"
REDIS_URL = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def keep_signals() -> Iterator[None]:
    """The workers install their own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@override_settings(
    JOBS_QUEUE=QUEUE,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [QUEUE]}},
)
def test_database_backend_runs_the_job_with_db_worker(keep_signals):
    staff = StaffFactory.create()
    job = start_job(kind=kinds.CODE, params={"steps": 3}, by=staff)
    task = DBTaskResult.objects.get()
    assert (task.queue_name, task.status) == (QUEUE, "READY")
    call_command("db_worker", "--batch", "--queue-name", QUEUE, "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert job.result.read() == b"1,2,3"
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


@override_settings(
    JOBS_QUEUE=QUEUE,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [QUEUE]}},
)
def test_database_backend_records_a_failure_and_runs_the_retry(keep_signals):
    staff = StaffFactory.create()
    kinds.TARGET["fail"] = "Ingen sager."
    job = start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    call_command("db_worker", "--batch", "--queue-name", QUEUE, "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, "Ingen sager.")
    kinds.TARGET["fail"] = ""
    retry_job(job=job, by=staff)
    call_command("db_worker", "--batch", "--queue-name", QUEUE, "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.state == Job.State.DONE


@pytest.fixture
def redis_queue() -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail(
            "Redis is not running on 127.0.0.1:6379; start it (see .ci/run): redis-server "
            '--daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
        )
    _clean(connection)
    yield connection
    _clean(connection)


def _clean(connection: redis.Redis) -> None:
    # Only this process's queue and the jobs it made: another test process may use Redis too.
    for key in connection.scan_iter(f"rq:*{QUEUE}*"):
        connection.delete(key)


RQ_SETTINGS = {
    "JOBS_QUEUE": QUEUE,
    "RQ_QUEUES": {QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}},
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}},
}


def _rqworker() -> None:
    # SimpleWorker runs the task in this process (no fork), where the test database and the
    # test file storage are; the job class is django-tasks-rq's, as the README tells operators.
    call_command(
        "rqworker",
        QUEUE,
        "--burst",
        "--worker-class",
        "rq.worker.SimpleWorker",
        "--job-class",
        "django_tasks_rq.Job",
        verbosity=0,
    )


@override_settings(**RQ_SETTINGS)
def test_redis_backend_runs_the_job_with_rqworker(redis_queue, keep_signals):
    staff = StaffFactory.create()
    job = start_job(kind=kinds.CODE, params={"steps": 4}, by=staff)
    job.refresh_from_db()
    assert job.task_id
    assert redis_queue.llen(f"rq:queue:{QUEUE}") == 1  # really in Redis
    assert not DBTaskResult.objects.exists()
    _rqworker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert job.result.read() == b"1,2,3,4"
    assert redis_queue.llen(f"rq:queue:{QUEUE}") == 0


@override_settings(**RQ_SETTINGS)
def test_redis_backend_records_a_failure_and_runs_the_retry(redis_queue, keep_signals):
    staff = StaffFactory.create()
    kinds.TARGET["fail"] = "Mødet er aflyst."
    job = start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    _rqworker()
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, "Mødet er aflyst.")
    kinds.TARGET["fail"] = ""
    retry_job(job=job, by=staff)
    _rqworker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 2


PERIODIC_RUNS: list[str] = []


def _note_periodic_run() -> None:
    PERIODIC_RUNS.append("ran")


@override_settings(**RQ_SETTINGS)
def test_redis_backend_runs_a_periodic_slot_once(redis_queue, keep_signals):
    PERIODIC_RUNS.clear()
    work = schedule.register(
        schedule.Periodic(
            name="tests.redis", label="x", when=lambda: {"minute": 0}, run=_note_periodic_run
        )
    )
    try:
        slot = datetime(2027, 1, 4, 6, 0, tzinfo=UTC)
        assert periodic_runs.fire(work.name, slot) is not None
        assert periodic_runs.fire(work.name, slot) is None
        assert redis_queue.llen(f"rq:queue:{QUEUE}") == 1  # really in Redis, once
        _rqworker()
    finally:
        schedule.unregister(work.name)
    assert PERIODIC_RUNS == ["ran"]
    assert ScheduledRun.objects.get().state == ScheduledRun.State.DONE


@override_settings(**RQ_SETTINGS)
def test_redis_backend_sends_a_notification_e_mail(redis_queue, keep_signals, smtp):
    events.register(events.EventType(code="tests.redis", group="T", label="L", title="Hello {x}"))
    try:
        staff = StaffFactory.create()
        Preference.objects.create(user=staff, event="tests.redis", channel=Channel.EMAIL)
        services.notify("tests.redis", key="1", recipients=[staff], params={"x": "Redis"})
        assert redis_queue.llen(f"rq:queue:{QUEUE}") == 1
        _rqworker()
    finally:
        events._TYPES.pop("tests.redis", None)
    assert Email.objects.get().state == Email.State.SENT
    (message,) = smtp.to(staff.email)
    assert message["Subject"] == "Rummelig: Hello Redis"
