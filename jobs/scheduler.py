"""The scheduler: APScheduler's cron triggers fire the registered periodic work's slots.

APScheduler (3.x, the stable line) computes when each slot falls, in the project's time zone.
Its executor is ours (`ClaimingExecutor`): instead of running the work in the scheduler's
process, it claims each slot in the database and queues the task that runs it
(`jobs.periodic_runs.fire`), so the work runs in the task workers and each slot runs once
however many schedulers fire it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from apscheduler.executors.base import BaseExecutor
from apscheduler.job import Job as SchedulerJob
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections, connections

from jobs import periodic_runs, schedule

logger = logging.getLogger(__name__)


class ClaimingExecutor(BaseExecutor):  # type: ignore[misc]
    """Claims each due slot of a job and queues its task; runs nothing itself."""

    def _do_submit_job(self, job: SchedulerJob, run_times: Sequence[datetime]) -> None:
        close_old_connections()
        try:
            for slot in run_times:
                periodic_runs.fire(job.id, slot)
        except Exception as failure:
            logger.exception("could not claim a slot of %s", job.id)
            self._run_job_error(job.id, failure, failure.__traceback__)
        else:
            self._run_job_success(job.id, [])
        finally:
            # Slots are minutes or hours apart: hold no connection open between them.
            connections.close_all()


def trigger(periodic: schedule.Periodic) -> CronTrigger:
    return CronTrigger(timezone=settings.TIME_ZONE, **periodic.when())


def configure(scheduler: BaseScheduler) -> BaseScheduler:
    """Add every registered periodic work to `scheduler`, each fired by the claiming executor."""
    scheduler.add_executor(ClaimingExecutor(), "claiming")
    for periodic in schedule.periodics():
        scheduler.add_job(
            _never_called,
            trigger(periodic),
            id=periodic.name,
            name=str(periodic.name),
            executor="claiming",
            misfire_grace_time=periodic.grace_seconds,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
    return scheduler


def _never_called() -> None:
    """The jobs' function: the claiming executor queues the task instead of calling it."""
    raise AssertionError("the claiming executor runs no function in the scheduler")
