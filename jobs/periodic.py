"""The jobs room's own periodic work: results past their time, jobs a dead worker left."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jobs.cleanup import fail_abandoned_jobs, purge_expired_results
from jobs.schedule import Periodic, register


def purge() -> None:
    purge_expired_results()
    fail_abandoned_jobs()


def register_periodic() -> None:
    register(
        Periodic(
            name="jobs.purge_job_results",
            label=_("Delete expired job results"),
            when=lambda: {"hour": settings.PURGE_HOUR, "minute": 15},
            run=purge,
        )
    )
