"""Scenarios of the background jobs: a user starts (or retries) a job from its page, the worker
runs it as the database worker does in tests/jobs, and every record the run writes (the job's
own states, and whatever its kind saves) names the one who started it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from grants.cases import bundle
from jobs.models import Job
from jobs.registry import kinds
from meetings.background import AGENDA_PACK, MINUTES
from meetings.models import Meeting
from participants import export_job
from tests.audit_walk.harness import PAGES, Scenario, Walk, scenario
from tests.jobs.helpers import run_queued_jobs


@dataclass(frozen=True)
class JobRun:
    """Who starts a job of a kind, on what, in a world made ready by `given`."""

    starter: str
    params: Callable[[Walk], dict[str, str]]
    given: Callable[[Walk], None] | None = None
    then: Callable[[Walk], None] | None = None


def _held(w: Walk) -> None:
    Meeting.objects.filter(pk=w.ids["meeting"]).update(status=Meeting.Status.HELD)


def _expired(w: Walk) -> None:
    """The starter's earlier job has a result past its time: the worker tidies it up after."""
    Job.objects.filter(pk=w.ids["job"]).update(expires_at=timezone.now() - timedelta(days=1))


def _purged(w: Walk) -> None:
    assert not Job.objects.get(pk=w.ids["job"]).result


def _meeting(w: Walk) -> dict[str, str]:
    return {"meeting": str(w.ids["meeting"]), "closed": "1"}


# One run of every kind of job the application registers (`test_every_kind_of_job_is_run`).
JOB_RUNS: dict[str, JobRun] = {
    bundle.CODE: JobRun(
        "regional",
        lambda w: {"programme": str(w.ids["programme"])},
        given=_expired,
        then=_purged,
    ),
    AGENDA_PACK: JobRun("regional", _meeting),
    MINUTES: JobRun("regional", _meeting, given=_held),
    export_job.CODE: JobRun("member", lambda w: {"query": "sort=reference"}),
}


def application_kinds() -> set[str]:
    """The codes of the kinds of job the application registers (the tests register their own)."""
    return {kind.code for kind in kinds() if not kind.run.__module__.startswith("tests.")}


def run_worker(w: Walk, job: Job) -> None:
    """Run the queued job as the worker does; its states are written on its starter's behalf."""
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    named = job.history.filter(history_user_id=w.actor.pk)  # type: ignore[attr-defined]
    states = set(named.values_list("state", flat=True))
    assert {"running", "done"} <= states, f"the worker's states naming the starter: {states}"


def _job_walk(kind: str, run: JobRun) -> Scenario:
    def started_and_run(w: Walk) -> None:
        before = set(Job.objects.values_list("pk", flat=True))
        with TestCase.captureOnCommitCallbacks(execute=True):
            w.post(reverse("jobs:start", args=[kind]), run.params(w))
        job = Job.objects.exclude(pk__in=before).get()
        assert (job.kind, job.started_by_id) == (kind, w.actor.pk)
        run_worker(w, job)
        if run.then is not None:
            run.then(w)

    return Scenario(
        name=f"job:{kind}",
        actor=run.starter,
        posts=("jobs:start",),
        writes=("jobs.Job",),
        run=started_and_run,
        given=run.given,
    )


for _kind, _run in JOB_RUNS.items():
    PAGES.add(_job_walk(_kind, _run))


@scenario(actor="regional", posts=["jobs:retry"], writes=["jobs.Job"])
def job_retried(w: Walk) -> None:
    job = Job.objects.get(pk=w.ids["failed_job"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        w.act(reverse("jobs:retry", args=[job.pk]))
    run_worker(w, job)
    assert Job.objects.get(pk=job.pk).attempts == 2
