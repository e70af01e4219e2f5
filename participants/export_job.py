"""The course list's XLSX as a background job, for exports too large for a web request.

Registered from `ParticipantsConfig.ready()` with the jobs room. Params: `{"query": "..."}`, the
list's query string (its filters and sort, `course_list.export_query`). The job reads the
courses its starter may see through the page's own scope, filters and sort
(`course_list.course_selection`) and writes the inline export's workbook
(`exports.courses_book`), so both files hold the same rows in the same order. The file records
the projects whose courses it holds, and is served only to whom may see the people of every one
of them now.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import guards
from accounts.guards import AnyUser
from accounts.scope import people_scope
from companies.models import Company
from core import xlsx
from grants.models import Project
from jobs.registry import (
    JobContext,
    JobFailed,
    JobKind,
    JobResult,
    Manifest,
    Params,
    manifest_ids,
    register,
)
from participants.course_list import (
    CourseSelection,
    course_selection,
    export_query,
    request_for,
)
from participants.exports import Row, course_rows, courses_book, courses_filename
from participants.filters import CourseFilter
from participants.models import OnboardingCourse, Participant

CODE = "course_export"
PERMISSION = "participants.view_onboardingcourse"
# A list's filters and sort take a few hundred characters; anything longer is not one.
MAX_QUERY_LENGTH = 4000
# How many rows between two reports of progress: one UPDATE of the job per chunk read.
PROGRESS_EVERY = 2000


def clean_params(raw: Mapping[str, str]) -> dict[str, int | str]:
    """`query`: a bounded query string, kept to what the export reads and encoded one way."""
    query = raw.get("query", "")
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(_("The job is missing what to work on."), code="params")
    return {"query": export_query(QueryDict(query))}


def _selection(user: AnyUser, params: Params) -> CourseSelection | None:
    query = params.get("query")
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
        return None
    return course_selection(request_for(user, query))


def may_start(user: AnyUser, params: Params) -> bool:
    """The user reads courses, and the list's filters are valid for them."""
    if not guards.has_perm(user, PERMISSION):
        return False
    selection = _selection(user, params)
    return selection is not None and selection.valid


# The projects whose people the starter could see when the job started ("all": every one).
REACH = "projects"


def reach(scope: frozenset[int] | None) -> str:
    """A people scope (`accounts.scope.people_scope`) as recorded in the params. Pure."""
    return "all" if scope is None else ",".join(str(pk) for pk in sorted(scope))


def covers(scope: frozenset[int] | None, recorded: object) -> bool:
    """Whether `scope` reaches every project of the `recorded` reach. Pure."""
    if scope is None:
        return True
    if not isinstance(recorded, str) or recorded == "all":
        return False
    return {int(pk) for pk in recorded.split(",") if pk} <= scope


def starter_params(user: AnyUser) -> dict[str, int | str]:
    return {REACH: reach(people_scope(user))}


def may_see(user: AnyUser, params: Params) -> bool:
    """The user still reads courses of every project the file was written from: a role or a
    project membership lost since the start closes the file."""
    return guards.has_perm(user, PERMISSION) and covers(people_scope(user), params.get(REACH))


def may_see_result(user: AnyUser, params: Params, manifest: Manifest) -> bool:
    """The user still sees the people of every project whose courses the file holds (or, for a
    file that does not say, of every project the starter reached)."""
    if not guards.has_perm(user, PERMISSION):
        return False
    scope = people_scope(user)
    projects = manifest_ids(manifest, "projects")
    if projects is None:
        return covers(scope, params.get(REACH))
    return scope is None or projects <= scope


def fingerprint(params: Params) -> str:
    """When any course or participant (or erasure), any project's name or any company last
    changed: four indexed maxima.

    Not the starter's rows: counting them takes as long as a small export.
    """
    latest = [
        model.history.aggregate(latest=Max("history_date"))["latest"]
        for model in (OnboardingCourse, Participant, Project, Company)
    ]
    return "|".join(moment.isoformat() if moment else "-" for moment in latest)


def describe(params: Params) -> str:
    query = params.get("query")
    given = QueryDict(query if isinstance(query, str) else "")
    filters = sum(
        1 for key in CourseFilter.base_filters if any(v.strip() for v in given.getlist(key))
    )
    if not filters:
        return _("All onboarding courses")
    return ngettext(
        "Onboarding courses, %(count)d filter",
        "Onboarding courses, %(count)d filters",
        filters,
    ) % {"count": filters}


def _reporting(
    rows: Iterator[Row], total: int, progress: Callable[[int, int, str], None]
) -> Iterator[Row]:
    """`rows` as they are, reporting every PROGRESS_EVERY rows how many were written."""
    note = _("courses written")
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done, total, note)


def run(context: JobContext) -> JobResult:
    selection = _selection(context.user, context.params)
    if not guards.has_perm(context.user, PERMISSION) or selection is None:
        raise JobFailed(_("You may no longer export these courses."))
    if not selection.valid:
        raise JobFailed(_("The list's filters no longer apply. Export the list again."))
    total = selection.courses.count()
    projects = sorted(selection.courses.order_by().values_list("project_id", flat=True).distinct())
    context.progress(0, total, "")
    rows = _reporting(course_rows(selection.courses), total, context.progress)
    # Written row by row to a file; only the finished file is held in memory, for the result.
    with tempfile.TemporaryFile() as file:
        xlsx.write(courses_book(rows), file)
        file.seek(0)
        content = file.read()
    return JobResult(
        filename=courses_filename(),
        content_type=xlsx.XLSX_CONTENT_TYPE,
        content=content,
        manifest={"projects": projects},
    )


KIND = JobKind(
    code=CODE,
    label=gettext_lazy("Onboarding courses as Excel"),
    run=run,
    may_start=may_start,
    may_see=may_see,
    may_see_result=may_see_result,
    fingerprint=fingerprint,
    describe=describe,
    param_names=("query",),
    clean=clean_params,
    starter_params=starter_params,
)


def register_kinds() -> None:
    """Called from `ParticipantsConfig.ready()`."""
    register(KIND)
