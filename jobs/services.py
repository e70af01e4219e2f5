"""Writes on jobs: start, retry, and the worker's transitions (running, progress, done, failed).

Starting or retrying only records the job and enqueues the task after the transaction commits;
no web request ever runs a kind's `run`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.guards import AnyUser
from core import audit
from jobs.models import Job
from jobs.registry import JobKind, get_kind
from jobs.tasks import enqueue


def kind_of(job: Job) -> JobKind:
    """The registered kind of `job`; ValidationError if its room no longer registers it."""
    kind = get_kind(job.kind)
    if kind is None:
        raise ValidationError(_("This kind of job is no longer available."), code="kind")
    return kind


def start_job(*, kind: str, params: Mapping[str, int | str], by: AbstractBaseUser) -> Job:
    """Record a new job of `kind` on `params` started by `by`, and queue it.

    ValidationError for an unknown kind; PermissionDenied unless the kind's `may_start` holds.
    """
    job_kind = get_kind(kind)
    if job_kind is None:
        raise ValidationError(_("There is no such kind of job."), code="kind")
    stored = dict(params)
    if job_kind.starter_params is not None:
        stored.update(job_kind.starter_params(by))
    if not job_kind.may_start(by, stored):
        raise PermissionDenied
    with transaction.atomic():
        job = Job(
            kind=job_kind.code,
            params=stored,
            started_by_id=by.pk,
            description=str(job_kind.describe(stored))[:300],
            language=translation.get_language() or "",
            fingerprint=job_kind.fingerprint(stored),
        )
        audit.save(job, by=by)
        _enqueue_on_commit(job)
    return job


def retry_job(*, job: Job, by: AbstractBaseUser) -> Job:
    """Queue a failed job again (same job, attempts kept, error cleared).

    ValidationError unless the job failed; PermissionDenied unless `by` may still start it.
    """
    kind = kind_of(job)
    if not kind.may_start(by, job.params):
        raise PermissionDenied
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.state != Job.State.FAILED:
            raise ValidationError(_("Only a failed job can be retried."), code="state")
        locked.state = Job.State.QUEUED
        locked.error = ""
        locked.progress_done = locked.progress_total = 0
        locked.progress_note = ""
        locked.started_at = locked.finished_at = None
        locked.fingerprint = kind.fingerprint(locked.params)
        audit.save(locked, by=by)
        _enqueue_on_commit(locked)
    return locked


def is_outdated(job: Job) -> bool:
    """Whether the target changed since the job ran (its fingerprint differs from now)."""
    kind = get_kind(job.kind)
    if kind is None or job.state != Job.State.DONE:
        return False
    return kind.fingerprint(job.params) != job.fingerprint


def result_withheld(job: Job, user: AnyUser) -> bool:
    """Whether `job`'s file holds something `user` may no longer see, judged by its kind on the
    current state of what the file's manifest names. Asked on top of the job's own access
    (`jobs.view_job`) by every view that shows or serves the file. A job without a result
    has nothing to withhold; one whose kind is gone cannot be judged, and is withheld.
    """
    if not job.has_result:
        return False
    kind = get_kind(job.kind)
    if kind is None:
        return True
    return not kind.may_see_result(user, job.params, job.manifest)


def _enqueue_on_commit(job: Job) -> None:
    transaction.on_commit(lambda: enqueue(job))
