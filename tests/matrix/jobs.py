"""The jobs' URLs × roles: any role lists its own jobs; a job is its starter's (and the
administrators'), and only while the kind's `may_see` still holds; the programme ZIP is for
those who read cases."""

from __future__ import annotations

from django.contrib.auth.models import User

from grants.cases import bundle
from jobs.registry import JobResult
from jobs.runner import mark_done, mark_failed
from jobs.services import start_job
from tests.matrix.base import LIST_FOR_ALL, READ_CASES, Entry, World, _, _post, _roles


def extend(world: World) -> None:
    staff = world.users["regional"]
    assert isinstance(staff, User)
    params = {"programme": world.ids["programme"]}
    done = start_job(kind=bundle.CODE, params=params, by=staff)
    mark_done(
        job=done, result=JobResult("sager.zip", "application/zip", b"PK\x05\x06" + b"\0" * 18)
    )
    failed = start_job(kind=bundle.CODE, params=params, by=staff)
    mark_failed(job=failed, message="Fejl")
    world.ids["job"] = done.pk
    world.ids["failed_job"] = failed.pk


# The regional starter and administrators; everybody else is told there is no such job.
STARTER = _roles(200, 404, 404, 404, 200)

ENTRIES: dict[str, Entry] = {
    "jobs:list": Entry(_(), LIST_FOR_ALL),
    "jobs:start": Entry(lambda ids: [bundle.CODE], READ_CASES),
    "jobs:detail": Entry(_("job"), STARTER),
    "jobs:status": Entry(_("job"), STARTER),
    "jobs:download": Entry(_("job"), STARTER),
    "jobs:retry": Entry(_("failed_job"), _post(STARTER), method="post"),
}
