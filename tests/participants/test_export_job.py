"""A large course export is a background job: the same rows in the same order as the inline
export, for those who may see them, with progress; a request never writes it."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from companies.services import company_save
from core.xlsx import XLSX_CONTENT_TYPE
from grants.models import ProjectMembership
from jobs import runner
from jobs.models import Job
from jobs.services import start_job
from participants import export_job
from tests.factories import (
    AdministratorFactory,
    CourseFactory,
    ForumMemberFactory,
    ParticipantFactory,
)
from tests.jobs.helpers import run_queued_jobs
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

URL = reverse("participants:course_export")
START = reverse("jobs:start", args=[export_job.CODE])


@pytest.fixture
def world() -> World:
    world = build_world()
    for reference, start, end in [
        ("RI-0003", 2018, 2018),
        ("RI-0002", 2020, None),
        ("RI-0004", 2019, None),
    ]:
        CourseFactory.create(
            participant=ParticipantFactory.create(project=world.project, reference=reference),
            company=world.company,
            start_date=datetime.date(start, 1, 1),
            end_date=datetime.date(end, 12, 31) if end else None,
        )
    return world


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def _inline(client: Client, query: str) -> list[tuple[Any, ...]]:
    response = client.get(f"{URL}?{QueryDict(query).urlencode()}")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    return _sheet(response.getvalue())


def _hidden_fields(page: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'name="(query|next)" value="([^"]*)"', page)}


def _run(user: User, query: str) -> Job:
    """Start the job as the start view does and run it as the worker does."""
    params = export_job.KIND.clean_params({"query": query})
    job = start_job(kind=export_job.CODE, params=params, by=user)
    runner.run(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    "query",
    ["", "sort=reference", "status=running&sort=-start_date", "period_to=2019-12-31&sort=-company"],
)
def test_the_job_writes_the_inline_exports_rows_in_its_order(world: World, query: str) -> None:
    inline = _inline(client_for(world.secretary), query)
    job = _run(world.secretary, query)
    assert job.state == Job.State.DONE, job.error
    assert job.result_name == f"indslusningsforløb-{timezone.localdate():%Y-%m-%d}.xlsx"
    assert job.result_content_type == XLSX_CONTENT_TYPE
    assert _sheet(job.result.open("rb").read()) == inline
    assert len(inline) > 1 or query.startswith("period_to")


def test_the_job_holds_only_the_starters_projects(world: World) -> None:
    job = _run(world.secretary, "sort=reference")
    references = [row[0] for row in _sheet(job.result.open("rb").read())[1:]]
    assert references == ["RI-0001", "RI-0002", "RI-0003", "RI-0004"]
    job = _run(world.other_secretary, "sort=reference")
    references = [row[0] for row in _sheet(job.result.open("rb").read())[1:]]
    assert references == ["AP-0001"]


def test_up_to_the_limit_the_export_is_written_in_the_request(world: World, settings) -> None:
    settings.COURSE_EXPORT_INLINE_ROWS = 2
    rows = _inline(client_for(world.secretary), "reference=RI-000&period_to=2019-02-01")
    assert [row[0] for row in rows[1:]] == ["RI-0004", "RI-0003"]  # two: the limit
    assert not Job.objects.exists()


def test_above_the_limit_the_export_is_a_page_that_starts_a_job(world: World, settings) -> None:
    settings.COURSE_EXPORT_INLINE_ROWS = 2
    query = "status=running&sort=-start_date&page=2"
    response = client_for(world.secretary).get(f"{URL}?{query}")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'data-testid="course-export-rows"' in body
    assert " 3 " in body  # three running courses
    assert f'action="{START}"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    fields = _hidden_fields(body)
    assert fields["query"] == "status=running&sort=-start_date"  # the list's page left out
    assert fields["next"] == f"{reverse('participants:course_list')}?{query}"
    assert not Job.objects.exists()  # a GET never starts one


def test_the_page_starts_the_job_and_its_page_offers_the_file(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.COURSE_EXPORT_INLINE_ROWS = 2
    client = client_for(world.secretary)
    page = client.get(URL + "?sort=reference").content.decode()
    fields = _hidden_fields(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, fields)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.QUEUED  # the request did not write it
    assert job.params == {"query": "sort=reference", export_job.REACH: str(world.project.pk)}

    run_queued_jobs()  # the database backend's worker

    body = client.get(job.get_absolute_url()).content.decode()
    download = reverse("jobs:download", args=[job.pk])
    assert download in body
    settings.COURSE_EXPORT_INLINE_ROWS = 5000
    assert _sheet(client.get(download).getvalue()) == _inline(client, "sort=reference")


def test_the_job_reports_its_progress(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_job, "PROGRESS_EVERY", 2)
    for _ in range(3):
        CourseFactory.create(participant=world.participant, company=world.company)
    reported: list[tuple[int, int]] = []
    report = runner.report_progress

    def spy(*, job: Job, done: int, total: int, note: str = "") -> None:
        reported.append((done, total))
        report(job=job, done=done, total=total, note=note)

    monkeypatch.setattr(runner, "report_progress", spy)
    job = _run(world.secretary, "")
    assert job.state == Job.State.DONE, job.error
    assert reported == [(0, 7), (2, 7), (4, 7), (6, 7)]
    assert (job.progress_done, job.progress_total) == (7, 7)


@pytest.mark.parametrize(
    "query",
    [
        "project={other}",  # another project's id: not one of the user's
        "period_from=2020-13-45",
        "period_from=2020-01-01&period_to=2019-01-01",
        "outcome=nonsense",
        "company=\x00",
        "municipality=999999",
    ],
)
def test_invalid_filters_are_refused_and_start_nothing(world: World, query: str) -> None:
    query = query.format(other=world.other_project.pk)
    response = client_for(world.secretary).post(START, {"query": query})
    assert response.status_code == 403
    assert not Job.objects.exists()
    # The inline export of the same filters is empty, as it always was.
    assert len(_inline(client_for(world.secretary), query)) == 1


def test_an_overlong_query_gets_the_jobs_message(world: World) -> None:
    query = "reference=" + "x" * export_job.MAX_QUERY_LENGTH
    response = client_for(world.secretary).post(
        START, {"query": query, "next": reverse("participants:course_list")}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("participants:course_list")
    assert list(response.context["messages"])
    assert not Job.objects.exists()


def test_the_query_is_kept_to_the_filters_and_the_sort() -> None:
    clean = export_job.KIND.clean_params
    assert clean({"query": "status=running&sort=-start_date"}) == {
        "query": "status=running&sort=-start_date"
    }
    assert clean({"query": "page=3&per_page=100&evil=1&company=T%C3%B8mrer"}) == {
        "query": "company=T%C3%B8mrer"
    }
    assert clean({}) == {"query": ""}


@pytest.mark.parametrize("who", ["staff", "nobody", "forum"])
def test_who_may_not_see_courses_cannot_start_it(world: World, who: str) -> None:
    user = ForumMemberFactory.create() if who == "forum" else getattr(world, who)
    assert client_for(user).post(START, {"query": ""}).status_code == 403
    assert not Job.objects.exists()


def test_the_file_closes_when_the_starter_loses_the_right_to_see_courses(world: World) -> None:
    job = _run(world.secretary, "")
    download = reverse("jobs:download", args=[job.pk])
    assert client_for(world.secretary).get(download).status_code == 200
    assert client_for(world.other_secretary).get(download).status_code == 404
    assert client_for(AdministratorFactory.create()).get(download).status_code == 200
    world.secretary.groups.set(world.staff.groups.all())  # now regional staff
    assert client_for(world.secretary).get(download).status_code == 403
    assert client_for(world.secretary).get(job.get_absolute_url()).status_code == 403


def test_the_file_is_outdated_once_a_course_or_participant_changes(world: World) -> None:
    job = _run(world.secretary, "")
    assert export_job.KIND.fingerprint(job.params) == job.fingerprint
    world.course.mentor = True
    world.course.save()
    assert export_job.KIND.fingerprint(job.params) != job.fingerprint
    job = _run(world.secretary, "")
    world.other_participant.reference = "AP-0009"
    world.other_participant.save()
    assert export_job.KIND.fingerprint(job.params) != job.fingerprint


def test_the_job_says_what_it_exports(world: World) -> None:
    assert export_job.describe({"query": ""}) == "Alle indslusningsforløb"
    assert "2" in export_job.describe({"query": "status=running&outcome=none&sort=reference"})


def test_the_file_closes_when_the_starter_leaves_a_project_it_holds(world: World) -> None:
    job = _run(world.secretary, "")
    assert job.params[export_job.REACH] == str(world.project.pk)
    download = reverse("jobs:download", args=[job.pk])
    assert client_for(world.secretary).get(download).status_code == 200
    ProjectMembership.objects.filter(user=world.secretary).delete()
    assert client_for(world.secretary).get(download).status_code == 403


def test_a_posted_reach_is_replaced_by_the_starters_own(world: World) -> None:
    response = client_for(world.secretary).post(
        START, {"query": "", export_job.REACH: "all"}, follow=False
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.params[export_job.REACH] == str(world.project.pk)


@pytest.mark.parametrize(
    ("scope", "recorded", "expected"),
    [
        (None, "all", True),
        (None, "3", True),
        (frozenset({3, 4}), "3", True),
        (frozenset({3, 4}), "3,4", True),
        (frozenset({3}), "3,4", False),
        (frozenset({3}), "all", False),
        (frozenset(), "", True),
        (frozenset({3}), None, False),
    ],
)
def test_a_reach_covers_the_recorded_one_when_it_holds_all_its_projects(
    scope: frozenset[int] | None, recorded: object, expected: bool
) -> None:
    assert export_job.covers(scope, recorded) is expected
    if isinstance(recorded, str) and recorded != "all" and scope is not None:
        assert export_job.reach(frozenset(int(pk) for pk in recorded.split(",") if pk)) == recorded


def test_the_file_is_outdated_once_a_project_it_names_is_renamed(world: World) -> None:
    job = _run(world.secretary, "")
    world.project.name = "Rummelig imidt, nyt navn"
    world.project.save()
    assert export_job.KIND.fingerprint(job.params) != job.fingerprint


def test_the_file_is_outdated_once_a_company_it_names_is_renamed(world: World) -> None:
    job = _run(world.secretary, "")
    company = world.course.company
    company.name = f"{company.name}, nyt navn"
    company_save(
        company=company,
        projects=list(company.projects.all()),
        editable=company.projects.all(),
        by=world.secretary,
    )
    assert export_job.KIND.fingerprint(job.params) != job.fingerprint


def test_the_file_records_its_projects_and_needs_every_one_in_reach(world: World) -> None:
    job = _run(world.secretary, "")
    assert job.manifest == {"projects": [world.project.pk]}
    assert export_job.may_see_result(world.secretary, job.params, job.manifest)
    assert export_job.may_see_result(AdministratorFactory.create(), job.params, job.manifest)
    assert not export_job.may_see_result(world.other_secretary, job.params, job.manifest)
    # A file finished before files recorded their projects is judged by the starter's reach.
    assert export_job.may_see_result(world.secretary, job.params, {})
    ProjectMembership.objects.filter(user=world.secretary).delete()
    now = User.objects.get(pk=world.secretary.pk)  # the memberships are cached per user object
    assert not export_job.may_see_result(now, job.params, job.manifest)
    assert not export_job.may_see_result(now, job.params, {})
    response = client_for(now).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 403
    assert b"PK" not in response.content[:2]
