"""Results are kept for a set time without a cron job: the worker tidies up after each job."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs import cleanup, runner
from jobs.models import Job
from jobs.registry import JobResult
from jobs.runner import mark_done
from jobs.services import start_job
from tests.factories import StaffFactory
from tests.jobs import kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory.create()


def _expired_job(staff) -> Job:
    job = start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    mark_done(job=job, result=JobResult("old.txt", "text/plain", b"1"))
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    job.refresh_from_db()
    assert job.has_result
    return job


def test_a_finished_job_deletes_expired_results_and_fails_abandoned_jobs(staff):
    expired = _expired_job(staff)
    name, storage = expired.result.name, expired.result.storage
    stuck = Job.objects.create(
        kind=kinds.CODE,
        started_by=staff,
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(hours=cleanup.ABANDONED_AFTER_HOURS + 1),
    )
    job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)

    assert runner.run(job.pk) == Job.State.DONE

    expired.refresh_from_db()
    assert not expired.result
    assert not storage.exists(name)
    assert expired.state == Job.State.DONE  # the record stays
    job.refresh_from_db()
    assert job.has_result  # its own result is kept for JOB_RESULT_DAYS
    stuck.refresh_from_db()
    assert stuck.state == Job.State.FAILED


def test_a_failed_job_tidies_up_too(staff):
    expired = _expired_job(staff)
    kinds.TARGET["fail"] = "Mødet findes ikke."
    job = start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    assert runner.run(job.pk) == Job.State.FAILED
    expired.refresh_from_db()
    assert not expired.result


def test_a_job_that_did_not_run_leaves_the_tidying_to_the_next(staff, monkeypatch):
    calls: list[None] = []
    monkeypatch.setattr(runner, "tidy_up", lambda: calls.append(None))
    assert runner.run(999_999) == "missing"
    assert calls == []


def test_a_failing_purge_is_logged_and_never_fails_the_job(staff, monkeypatch, caplog):
    def broken(**kwargs: object) -> int:
        raise OSError("the storage is gone")

    monkeypatch.setattr(cleanup, "purge_expired_results", broken)
    job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    with caplog.at_level(logging.ERROR, logger="jobs.cleanup"):
        assert runner.run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.has_result
    assert "the storage is gone" in caplog.text
