"""The course list's large export × roles: above COURSE_EXPORT_INLINE_ROWS the export is a page
that starts a background job; the job is for those who see courses, on filters valid for them,
and its page and file are its starter's (and the administrators')."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User

from core.xlsx import XLSX_CONTENT_TYPE
from jobs.registry import JobResult
from jobs.runner import mark_done
from jobs.services import start_job
from participants import export_job
from tests.matrix.base import PEOPLE_LIST, Entry, Expect, World, _, _post, _roles


def extend(world: World) -> None:
    member = world.users["member"]
    assert isinstance(member, User)
    job = start_job(kind=export_job.CODE, params={"query": "sort=reference"}, by=member)
    mark_done(
        job=job,
        result=JobResult("onboarding-courses.xlsx", XLSX_CONTENT_TYPE, b"PK\x05\x06" + b"\0" * 18),
    )
    world.ids["course_export_job"] = job.pk


def _start(query: Callable[[dict[str, int]], str], expect: Expect) -> Entry:
    """A POST to start the export job on the list's query string `query(ids)`."""
    return Entry(
        lambda ids: [export_job.CODE],
        expect,
        method="post",
        data=lambda ids: {"query": query(ids), "next": "/participants/"},
    )


# The secretariat member who started it, and administrators; others are told there is none.
STARTER = _roles(404, 200, 404, 404, 200)

ENTRIES: dict[str, Entry] = {
    # Project A's member and the administrator get the page, the outsider (no rows) the file.
    "participants:course_export#background": Entry(
        _(), PEOPLE_LIST, query="sort=reference", settings={"COURSE_EXPORT_INLINE_ROWS": 0}
    ),
    "jobs:start#course_export": _start(
        lambda ids: "status=running&sort=-start_date", _post(PEOPLE_LIST)
    ),
    # Filtered by project A: refused to project B's secretariat (its filter knows no such id).
    "jobs:start#course_export_of_a_project": _start(
        lambda ids: f"project={ids['project']}", _roles(403, 302, 403, 403, 302)
    ),
    "jobs:detail#course_export": Entry(_("course_export_job"), STARTER),
    "jobs:status#course_export": Entry(_("course_export_job"), STARTER),
    "jobs:download#course_export": Entry(_("course_export_job"), STARTER),
}
