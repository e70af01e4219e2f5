"""Results are kept for a time: delete the expired files; fail what a dead worker left behind."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from jobs.models import Job
from jobs.signals import job_finished

logger = logging.getLogger(__name__)

# A job running this long is taken as abandoned by its worker (which stopped or died).
ABANDONED_AFTER_HOURS = 6


def purge_expired_results(*, now: datetime | None = None) -> int:
    """Delete the stored file of every job whose `expires_at` has passed; the row stays."""
    moment = now or timezone.now()
    count = 0
    expired = (
        Job.objects.filter(expires_at__lte=moment).exclude(result="").select_related("started_by")
    )
    for job in expired.iterator():
        # Housekeeping on the starter's behalf: their job's history says why the file went.
        with transaction.atomic(), audit.authored_by(job.started_by, reason="result expired"):
            job.result.delete(save=False)
            job.result = ""
            job.save(update_fields=["result"])
        count += 1
    return count


def fail_abandoned_jobs(*, hours: int = ABANDONED_AFTER_HOURS, now: datetime | None = None) -> int:
    """Fail jobs that have been running for `hours` or more (their worker stopped)."""
    moment = now or timezone.now()
    count = 0
    stale = Job.objects.filter(
        state=Job.State.RUNNING, started_at__lte=moment - timedelta(hours=hours)
    ).select_related("started_by")
    for job in stale.iterator():
        with transaction.atomic(), audit.authored_by(job.started_by, reason="worker stopped"):
            job.state = Job.State.FAILED
            job.error = _("The worker stopped before the job was done. Try again.")
            job.finished_at = moment
            job.save()
            job_finished.send(sender=Job, job=job)
        logger.warning("job %s (%s) abandoned by its worker", job.pk, job.kind)
        count += 1
    return count


def tidy_up() -> None:
    """What the worker does after each job: delete expired results and fail abandoned jobs.

    Two small queries when there is nothing to do. A failure here is logged, never raised:
    it must not fail the job that has just finished, and the next job tries again.
    """
    try:
        purge_expired_results()
        fail_abandoned_jobs()
    except Exception:
        logger.exception("tidying up the jobs' results failed")
