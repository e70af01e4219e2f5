"""Claim a periodic slot once, queue its task, and run it once (see `jobs.schedule`)."""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from jobs import schedule
from jobs.models import ScheduledRun

logger = logging.getLogger(__name__)


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def claim(name: str, slot: datetime) -> ScheduledRun | None:
    """Claim `slot` of the periodic work `name`: the new run, or None if it was claimed before.

    The unique constraint decides between schedulers that fire the same slot at once.
    """
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(name=name, slot=slot, claimed_by=_me())
    except IntegrityError:
        return None


def fire(name: str, slot: datetime) -> ScheduledRun | None:
    """What a scheduler does at a slot: claim it, and queue its run if the claim is new."""
    run = claim(name, slot)
    if run is None:
        logger.info("slot %s of %s was claimed by another scheduler", slot, name)
        return None
    run_periodic.using(queue_name=settings.JOBS_QUEUE).enqueue(run.pk)
    return run


def start(run_id: int) -> ScheduledRun | None:
    """Take the queued run `run_id` for this worker; None if it is not queued (run already)."""
    started = ScheduledRun.objects.filter(pk=run_id, state=ScheduledRun.State.QUEUED).update(
        state=ScheduledRun.State.RUNNING, started_at=timezone.now()
    )
    if not started:
        return None
    return ScheduledRun.objects.get(pk=run_id)


def execute(run_id: int) -> str:
    """Run the periodic work of `run_id` once; its state says how it went."""
    run = start(run_id)
    if run is None:
        return "skipped"
    periodic = schedule.get(run.name)
    state, error = ScheduledRun.State.DONE, ""
    if periodic is None:
        state, error = ScheduledRun.State.FAILED, "no such periodic work is registered"
    else:
        try:
            periodic.run()
        except Exception as failure:  # the run records why; the worker goes on
            logger.exception("periodic work %s (%s) failed", run.name, run.slot)
            state, error = ScheduledRun.State.FAILED, f"{type(failure).__name__}: {failure}"
    ScheduledRun.objects.filter(pk=run.pk).update(
        state=state, error=error[:2000], finished_at=timezone.now()
    )
    return str(state)


@task()
def run_periodic(run_id: int) -> str:
    """The task: run the claimed slot `run_id` of a periodic piece of work, once."""
    return execute(run_id)
