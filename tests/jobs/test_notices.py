"""A background job's starter is told when it is done (in the app) or has failed (by e-mail),
in their language; nobody else is, and each end of a run is told once."""

from __future__ import annotations

import pytest

from jobs import runner
from jobs.cleanup import fail_abandoned_jobs
from jobs.models import Job
from jobs.services import retry_job, start_job
from jobs.signals import job_finished
from notifications.job_notices import JOB_DONE, JOB_FAILED
from notifications.models import Channel, MailSettings, Notification, Preference
from tests.factories import StaffFactory
from tests.jobs import kinds
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


def _run_started(capture, by, steps: int = 2) -> Job:
    """Start a job as `by`, run it, and send what its end queued; the job as it ended."""
    with capture(execute=True):
        job = start_job(kind=kinds.CODE, params={"steps": steps}, by=by)
    with capture(execute=True):
        run_queued_jobs()  # the job
    run_queued_jobs()  # the e-mails it queued
    job.refresh_from_db()
    return job


def test_a_failed_job_is_mailed_to_its_starter_in_danish(smtp, django_capture_on_commit_callbacks):
    starter, colleague = StaffFactory.create(), StaffFactory.create()
    kinds.TARGET["fail"] = "Mødet findes ikke længere."
    job = _run_started(django_capture_on_commit_callbacks, starter)
    assert job.state == Job.State.FAILED
    (told,) = Notification.objects.all()
    assert (told.recipient, told.event, told.url) == (starter, JOB_FAILED, job.get_absolute_url())
    assert smtp.addresses() == [starter.email]
    (message,) = smtp.to(starter.email)
    assert "Baggrundsjob mislykkedes: counting to 2" in message["Subject"]
    assert smtp.to(colleague.email) == []


def test_an_english_reader_gets_the_failure_in_english(smtp, django_capture_on_commit_callbacks):
    starter = StaffFactory.create()
    MailSettings.objects.create(user=starter, language="en")
    kinds.TARGET["crash"] = True
    _run_started(django_capture_on_commit_callbacks, starter)
    (message,) = smtp.to(starter.email)
    assert "Background job failed: counting to 2" in message["Subject"]
    assert "Dear" in text_of(message)


def test_a_done_job_is_told_in_the_app_only(smtp, django_capture_on_commit_callbacks):
    starter, colleague = StaffFactory.create(), StaffFactory.create()
    job = _run_started(django_capture_on_commit_callbacks, starter)
    assert job.state == Job.State.DONE
    (told,) = Notification.objects.all()
    assert (told.recipient, told.event, told.channel) == (starter, JOB_DONE, Channel.APP)
    assert told.email is None
    assert smtp.messages == []
    assert not Notification.objects.filter(recipient=colleague).exists()


def test_a_starter_who_asks_for_mail_of_done_jobs_gets_it_in_english(
    smtp, django_capture_on_commit_callbacks
):
    starter = StaffFactory.create()
    Preference.objects.create(user=starter, event=JOB_DONE, channel=Channel.EMAIL)
    MailSettings.objects.create(user=starter, language="en")
    _run_started(django_capture_on_commit_callbacks, starter)
    (message,) = smtp.to(starter.email)
    assert "Background job done: counting to 2" in message["Subject"]


def test_a_retry_that_ends_is_told_again_and_a_repeated_signal_is_not(
    smtp, django_capture_on_commit_callbacks
):
    starter = StaffFactory.create()
    kinds.TARGET["fail"] = "not now"
    job = _run_started(django_capture_on_commit_callbacks, starter)
    job_finished.send(sender=Job, job=job)  # the same end, signalled again
    assert Notification.objects.filter(event=JOB_FAILED).count() == 1
    kinds.TARGET["fail"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        retry_job(job=job, by=starter)
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()
    assert runner.run(job.pk) == Job.State.DONE  # a task delivered twice tells nothing new
    assert list(Notification.objects.order_by("pk").values_list("event", flat=True)) == [
        JOB_FAILED,
        JOB_DONE,
    ]


def test_a_job_its_worker_abandoned_is_told_as_failed(smtp, django_capture_on_commit_callbacks):
    starter = StaffFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind=kinds.CODE, params={"steps": 1}, by=starter)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=job.created_at.replace(year=2020)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert fail_abandoned_jobs() == 1
    (told,) = Notification.objects.all()
    assert (told.recipient, told.event) == (starter, JOB_FAILED)
