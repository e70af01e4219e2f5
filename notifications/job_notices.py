"""A background job finished or failed: its starter is told.

The jobs room sits below this one and knows nothing of notifications: its worker sends
`jobs.signals.job_finished` once a job's final state is stored, inside that transaction, and
`connect()` (from `NotificationsConfig.ready`) hangs the telling on it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMINISTRATOR, FORUM_MEMBER, REGIONAL_STAFF, SECRETARIAT
from jobs.models import Job
from jobs.registry import get_kind
from jobs.signals import job_finished
from notifications import events
from notifications.models import Channel
from notifications.services import notify

JOB_DONE = "jobs.job_done"
JOB_FAILED = "jobs.job_failed"
# The roles that may start a job (`jobs.rules`).
STARTERS = frozenset({REGIONAL_STAFF, SECRETARIAT, FORUM_MEMBER, ADMINISTRATOR})


def register_events() -> None:
    group = _("Background jobs")
    events.register(
        events.EventType(
            code=JOB_DONE,
            group=group,
            label=_("A job you started is done"),
            title=_("Background job done: {job}"),
            defaults=dict.fromkeys(STARTERS, Channel.APP),
            roles=STARTERS,
        )
    )
    events.register(
        events.EventType(
            code=JOB_FAILED,
            group=group,
            label=_("A job you started failed"),
            title=_("Background job failed: {job}"),
            defaults=dict.fromkeys(STARTERS, Channel.EMAIL),
            roles=STARTERS,
        )
    )


def job_title(job: Job) -> str:
    """What the job is about, as "my jobs" names it: its description, else its kind's label."""
    if job.description:
        return job.description
    kind = get_kind(job.kind)
    return str(kind.label) if kind is not None else job.kind


def tell_finished(sender: object, *, job: Job, **kwargs: Any) -> None:
    """Tell the starter of `job` that it is done or has failed, once per run that finished.

    The key names the run (its attempt) and its end (state and time), so a retry that finishes
    is told again, and the same end signalled twice is told once.
    """
    if job.state not in (Job.State.DONE, Job.State.FAILED):
        return
    event = JOB_DONE if job.state == Job.State.DONE else JOB_FAILED
    ended = f"{job.finished_at:%Y%m%d%H%M%S%f}" if job.finished_at else ""
    notify(
        event,
        key=f"{job.pk}:{job.attempts}:{job.state}:{ended}",
        recipients=[job.started_by],
        target=job,
        url=job.get_absolute_url(),
        params={"job": job_title(job)},
        permission="jobs.view_job",
    )


def connect() -> None:
    job_finished.connect(tell_finished, sender=Job, dispatch_uid="notifications.job_notices")
