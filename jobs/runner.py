"""The worker's side of a job: claim it, run its kind, report progress, store the result.

Runs inside the task (`jobs.tasks.run_job`), never in a web request.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit
from jobs.cleanup import tidy_up
from jobs.models import Job
from jobs.registry import JobContext, JobFailed, JobResult, get_kind
from jobs.signals import job_finished

logger = logging.getLogger(__name__)


def run(job_id: int) -> str:
    """Run the job `job_id` if it is queued, in its starter's language; returns its state.

    After a job has finished, the worker deletes expired results and fails jobs a dead worker
    left running (`cleanup.tidy_up`), so results are kept JOB_RESULT_DAYS days without a cron.
    """
    language = Job.objects.filter(pk=job_id).values_list("language", flat=True).first()
    with translation.override(language or settings.LANGUAGE_CODE):
        state = _run(job_id)
    if state in (Job.State.DONE, Job.State.FAILED):
        tidy_up()
    return state


def _run(job_id: int) -> str:
    job = Job.objects.select_related("started_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s vanished before it ran", job_id)
        return "missing"
    # What the job writes (its own state, and whatever its kind saves) is done on behalf of
    # the one who started it, and the audit history says so.
    with audit.authored_by(job.started_by):
        return _run_as_starter(job)


def _run_as_starter(job: Job) -> str:
    kind = get_kind(job.kind)
    if kind is None:
        mark_failed(job=job, message=_("This kind of job is no longer available."))
        return job.state
    if not mark_running(job=job, fingerprint=kind.fingerprint(job.params)):
        return job.state
    context = JobContext(
        job.params,
        job.started_by,
        lambda done, total, note: report_progress(job=job, done=done, total=total, note=note),
    )
    try:
        result = kind.run(context)
    except JobFailed as failure:
        mark_failed(job=job, message=str(failure))
    except ValidationError as invalid:
        mark_failed(job=job, message=" ".join(invalid.messages))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        mark_failed(
            job=job,
            message=_("The job stopped with an unexpected error. Try again, or tell support."),
        )
    else:
        mark_done(job=job, result=result)
    return job.state


def mark_running(*, job: Job, fingerprint: str) -> bool:
    """Claim a queued job; False if it is not queued (already run, or run by another worker)."""
    claimed = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now(), fingerprint=fingerprint
    )
    job.refresh_from_db()
    if claimed:
        # update() writes no history row; record the transition like every other one
        job.save(update_fields=["state"])
    return bool(claimed)


def report_progress(*, job: Job, done: int, total: int, note: str = "") -> None:
    """Write the job's progress: a plain UPDATE, so no history row per tick."""
    total = max(total, 0)
    done = min(max(done, 0), total)
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        progress_done=done, progress_total=total, progress_note=note[:200]
    )


def mark_done(*, job: Job, result: JobResult) -> None:
    """Store the result file and finish the job; the file is kept for JOB_RESULT_DAYS days."""
    now = timezone.now()
    with transaction.atomic():
        job.refresh_from_db()
        job.result.save(result.filename, ContentFile(result.content), save=False)
        job.result_name = result.filename
        job.result_content_type = result.content_type
        job.result_size = len(result.content)
        job.manifest = dict(result.manifest)
        job.state = Job.State.DONE
        job.progress_total = max(job.progress_total, 1)
        job.progress_done = job.progress_total
        job.finished_at = now
        job.expires_at = now + timedelta(days=settings.JOB_RESULT_DAYS)
        job.attempts += 1
        job.full_clean()
        job.save()
        job_finished.send(sender=Job, job=job)


def mark_failed(*, job: Job, message: str) -> None:
    """Finish the job as failed with `message` for the user."""
    with transaction.atomic():
        job.refresh_from_db()
        job.state = Job.State.FAILED
        job.error = message
        job.finished_at = timezone.now()
        job.attempts += 1
        job.save()
        job_finished.send(sender=Job, job=job)
