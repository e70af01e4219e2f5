"""The job's state rules: queued → running → done | failed, retry only after a failure,
outdated when the target changed, results that expire."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import runner
from jobs.cleanup import fail_abandoned_jobs, purge_expired_results
from jobs.models import Job
from jobs.services import is_outdated, retry_job, start_job
from tests.factories import SecretariatFactory, StaffFactory
from tests.jobs import kinds
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory.create()


def _started(staff, capture, steps: int = 3) -> Job:
    with capture(execute=True):
        return start_job(kind=kinds.CODE, params={"steps": steps}, by=staff)


def test_starting_records_a_queued_job_and_runs_nothing(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    assert job.description == "counting to 3"
    assert job.fingerprint == "1"
    assert job.language == "da"
    assert job.progress_done == 0
    assert not job.result
    # One task waits in the queue for a worker, and the job knows its id.
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert job.task_id == str(task.pk)


def test_a_job_is_queued_only_when_its_transaction_commits(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1


def test_unknown_kind_is_refused_and_nothing_saved(staff):
    with pytest.raises(ValidationError):
        start_job(kind="no_such_kind", params={}, by=staff)
    assert not Job.objects.exists()


def test_a_user_the_kind_refuses_cannot_start_it():
    with pytest.raises(PermissionDenied):
        start_job(kind=kinds.CODE, params={"steps": 1}, by=SecretariatFactory.create())
    assert not Job.objects.exists()


def test_worker_runs_the_job_to_done_with_progress_and_result(
    staff, django_capture_on_commit_callbacks
):
    job = _started(staff, django_capture_on_commit_callbacks, steps=4)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert job.percent == 100
    assert job.result.read() == b"1,2,3,4"
    assert (job.result_name, job.result_content_type, job.result_size) == (
        "count.txt",
        "text/plain",
        7,
    )
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at is not None
    assert job.expires_at == job.finished_at + timedelta(days=7)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_history_holds_the_transitions_not_every_tick(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks, steps=20)
    run_queued_jobs()
    states = list(
        job.history.order_by("history_date", "history_id").values_list("state", flat=True)
    )
    assert states[0] == "queued"
    assert states[-2:] == ["running", "done"]
    assert len(states) <= 4


def test_a_job_fails_with_the_kinds_message(staff, django_capture_on_commit_callbacks):
    kinds.TARGET["fail"] = "Mødet findes ikke længere."
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "Mødet findes ikke længere."
    assert not job.result
    assert job.finished_at is not None


def test_an_unexpected_error_fails_with_a_plain_message_and_no_traceback(
    staff, django_capture_on_commit_callbacks, caplog
):
    kinds.TARGET["crash"] = True
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "traceback" not in job.error
    assert "Prøv igen" in job.error  # translated, in the starter's language
    assert "a bug with a traceback" in caplog.text  # for the operator, in the log


def test_only_a_failed_job_can_be_retried(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        retry_job(job=job, by=staff)  # queued
    run_queued_jobs()
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        retry_job(job=job, by=staff)  # done
    assert job.state == Job.State.DONE


def test_a_retried_job_runs_again_and_can_succeed(staff, django_capture_on_commit_callbacks):
    kinds.TARGET["fail"] = "not now"
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    kinds.TARGET["fail"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        retried = retry_job(job=job, by=staff)
    assert retried.pk == job.pk
    assert (retried.state, retried.error) == (Job.State.QUEUED, "")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 2
    assert DBTaskResult.objects.count() == 2


def test_retry_needs_the_right_to_start(staff, django_capture_on_commit_callbacks):
    kinds.TARGET["fail"] = "no"
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    with pytest.raises(PermissionDenied):
        retry_job(job=Job.objects.get(pk=job.pk), by=SecretariatFactory.create())
    assert Job.objects.get(pk=job.pk).state == Job.State.FAILED


def test_a_task_delivered_twice_runs_the_job_once(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    assert runner.run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_job_is_outdated_once_its_target_changed(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    job.refresh_from_db()
    assert not is_outdated(job)
    kinds.TARGET["version"] = "2"
    assert is_outdated(job)


def test_the_fingerprint_is_the_targets_when_the_worker_ran_it(
    staff, django_capture_on_commit_callbacks
):
    job = _started(staff, django_capture_on_commit_callbacks)
    kinds.TARGET["version"] = "2"  # changed while the job waited in the queue
    run_queued_jobs()
    job.refresh_from_db()
    assert job.fingerprint == "2"
    assert not is_outdated(job)


def test_unfinished_and_failed_jobs_are_never_outdated(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks)
    kinds.TARGET["version"] = "2"
    assert not is_outdated(job)
    kinds.TARGET["fail"] = "x"
    run_queued_jobs()
    job.refresh_from_db()
    kinds.TARGET["version"] = "3"
    assert not is_outdated(job)


@override_settings(JOB_RESULT_DAYS=2)
def test_results_expire_after_the_set_days(staff, django_capture_on_commit_callbacks):
    job = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    job.refresh_from_db()
    name = job.result.name
    storage = job.result.storage
    assert job.expires_at is not None and job.finished_at is not None
    assert job.expires_at == job.finished_at + timedelta(days=2)
    assert purge_expired_results(now=job.expires_at - timedelta(seconds=1)) == 0
    assert storage.exists(name)
    assert purge_expired_results(now=job.expires_at) == 1
    job.refresh_from_db()
    assert not job.result
    assert not job.has_result
    assert not storage.exists(name)
    assert job.state == Job.State.DONE  # the record stays


def test_purge_command_deletes_expired_results_and_fails_abandoned_jobs(
    staff, django_capture_on_commit_callbacks
):
    done = _started(staff, django_capture_on_commit_callbacks)
    run_queued_jobs()
    Job.objects.filter(pk=done.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    stuck = Job.objects.create(
        kind=kinds.CODE,
        started_by=staff,
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(hours=7),
    )
    fresh = Job.objects.create(
        kind=kinds.CODE, started_by=staff, state=Job.State.RUNNING, started_at=timezone.now()
    )
    out = StringIO()
    call_command("purge_job_results", stdout=out)
    assert "1" in out.getvalue()
    assert not Job.objects.get(pk=done.pk).result
    stuck.refresh_from_db()
    assert stuck.state == Job.State.FAILED
    assert "worker" in stuck.error.lower() or "arbejder" in stuck.error.lower() or stuck.error
    assert Job.objects.get(pk=fresh.pk).state == Job.State.RUNNING
    assert fail_abandoned_jobs(hours=6) == 0
