"""The job pages by role: start, the page and its polled status, download, retry, my jobs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import Job
from jobs.registry import JobResult
from jobs.runner import mark_done, mark_failed
from jobs.services import start_job
from tests.factories import (
    AdministratorFactory,
    ForumMemberFactory,
    SecretariatFactory,
    StaffFactory,
)
from tests.jobs import kinds
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff():
    return StaffFactory.create()


@pytest.fixture
def done_job(staff) -> Job:
    job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    mark_done(job=job, result=JobResult("count.txt", "text/plain", b"1,2"))
    job.refresh_from_db()
    return job


def test_staff_start_a_job_by_post_and_land_on_its_page(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(staff).post(reverse("jobs:start", args=[kinds.CODE]), {"steps": "5"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.params == {"steps": 5}
    assert job.state == Job.State.QUEUED  # the request did not run it


@pytest.mark.parametrize("steps", ["", "abc", "-1", "2.5"])
def test_bad_params_give_a_message_and_save_nothing(staff, steps):
    response = _client(staff).post(
        reverse("jobs:start", args=[kinds.CODE]), {"steps": steps}, follow=True
    )
    assert response.status_code == 200
    assert not Job.objects.exists()
    assert list(response.context["messages"])


def test_a_refused_start_goes_back_to_a_same_site_next_only(staff):
    url = reverse("jobs:start", args=[kinds.CODE])
    response = _client(staff).post(url, {"steps": "", "next": "/grants/cases/"})
    assert response["Location"] == "/grants/cases/"
    response = _client(staff).post(url, {"steps": "", "next": "https://evil.example/"})
    assert response["Location"] == reverse("jobs:list")


def test_start_of_an_unknown_kind_is_404(staff):
    assert _client(staff).post(reverse("jobs:start", args=["nope"])).status_code == 404


def test_a_kind_without_choices_has_no_start_form(staff):
    assert _client(staff).get(reverse("jobs:start", args=[kinds.CODE])).status_code == 404


@pytest.mark.parametrize("factory", [SecretariatFactory, ForumMemberFactory])
def test_roles_the_kind_refuses_get_403_and_nothing_starts(factory):
    response = _client(factory.create()).post(
        reverse("jobs:start", args=[kinds.CODE]), {"steps": "2"}
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_job_page_polls_while_the_job_is_unfinished(staff):
    job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    response = _client(staff).get(job.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in body
    assert 'hx-trigger="every 1s"' in body
    assert 'data-state="queued"' in body
    assert "vendor/htmx/htmx.min.js" in body


def test_status_reports_progress_while_running(staff):
    job = start_job(kind=kinds.CODE, params={"steps": 4}, by=staff)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, progress_done=1, progress_total=4, progress_note="Punkt 1"
    )
    response = _client(staff).get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'max="4" value="1"' in body
    assert "Punkt 1" in body
    assert "no-store" in {part.strip() for part in response["Cache-Control"].split(",")}


def test_status_of_a_finished_job_stops_the_polling(staff, done_job):
    client = _client(staff)
    url = reverse("jobs:status", args=[done_job.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 286
    assert reverse("jobs:download", args=[done_job.pk]) in response.content.decode()
    assert client.get(url).status_code == 200  # without htmx, a plain page part
    page = client.get(done_job.get_absolute_url()).content.decode()
    assert "hx-get" not in page


def test_a_done_job_shows_outdated_once_its_target_changed(staff, done_job):
    kinds.TARGET["version"] = "2"
    body = _client(staff).get(done_job.get_absolute_url()).content.decode()
    assert 'data-state="outdated"' in body
    assert f'action="{reverse("jobs:start", args=[kinds.CODE])}"' in body  # start again


def test_a_failed_job_shows_its_message_and_a_retry(staff):
    job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    mark_failed(job=job, message="Mødet findes ikke.")
    body = _client(staff).get(job.get_absolute_url()).content.decode()
    assert "Mødet findes ikke." in body
    assert f'action="{reverse("jobs:retry", args=[job.pk])}"' in body


def test_the_starter_downloads_the_result(staff, done_job):
    response = _client(staff).get(reverse("jobs:download", args=[done_job.pk]))
    assert response.status_code == 200
    assert response.getvalue() == b"1,2"
    assert response["Content-Disposition"] == 'attachment; filename="count.txt"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_other_staff_do_not_see_someone_elses_job(done_job):
    client = _client(StaffFactory.create())
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.get(reverse(name, args=[done_job.pk])).status_code == 404, name


def test_administrators_see_every_job(done_job):
    client = _client(AdministratorFactory.create())
    assert client.get(reverse("jobs:download", args=[done_job.pk])).status_code == 200


def test_the_starter_loses_the_job_with_the_right_to_its_target(staff, done_job):
    staff.groups.clear()
    staff.groups.add(*ForumMemberFactory.create().groups.all())
    client = _client(staff)
    assert client.get(reverse("jobs:download", args=[done_job.pk])).status_code == 403


def test_no_download_before_the_job_is_done_or_after_it_expired(staff, done_job):
    client = _client(staff)
    queued = start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    assert client.get(reverse("jobs:download", args=[queued.pk])).status_code == 404
    done_job.result.delete(save=True)
    assert client.get(reverse("jobs:download", args=[done_job.pk])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(done_job):
    response = Client().get(reverse("jobs:download", args=[done_job.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_retry_view_queues_a_failed_job_again(staff, django_capture_on_commit_callbacks):
    job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    mark_failed(job=job, message="no")
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(staff).post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_retry_of_a_done_job_is_refused_with_a_message(staff, done_job):
    response = _client(staff).post(reverse("jobs:retry", args=[done_job.pk]), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    done_job.refresh_from_db()
    assert done_job.state == Job.State.DONE


def test_my_jobs_lists_only_my_own(staff, done_job):
    mine = start_job(kind=kinds.CODE, params={"steps": 9}, by=staff)
    theirs = start_job(kind=kinds.CODE, params={"steps": 8}, by=StaffFactory.create())
    body = _client(staff).get(reverse("jobs:list")).content.decode()
    assert mine.get_absolute_url() in body
    assert done_job.get_absolute_url() in body
    assert theirs.get_absolute_url() not in body


def test_my_jobs_takes_the_same_queries_for_many_jobs(staff, django_assert_num_queries):
    client = _client(staff)
    start_job(kind=kinds.CODE, params={"steps": 1}, by=staff)
    client.get(reverse("jobs:list"))
    with django_assert_num_queries(6) as few:
        client.get(reverse("jobs:list"))
    for steps in range(20):
        start_job(kind=kinds.CODE, params={"steps": steps + 2}, by=staff)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("jobs:list"))


def test_the_run_records_what_the_file_holds(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.manifest == {"holds": "1"}


def test_a_file_holding_what_the_user_may_no_longer_see_is_withheld_everywhere(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    run_queued_jobs()
    kinds.TARGET["revoked"] = "1"
    client = _client(staff)
    download_url = reverse("jobs:download", args=[job.pk])
    for name in ("jobs:detail", "jobs:status"):
        body = client.get(reverse(name, args=[job.pk])).content.decode()
        assert 'data-testid="job-withheld"' in body, name
        assert "Filen er ikke tilgængelig for dig" in body, name
        assert download_url not in body, name
        assert f'action="{reverse("jobs:start", args=[kinds.CODE])}"' in body, name  # a new one
    response = client.get(download_url)
    assert response.status_code == 403
    assert "attachment" not in response.get("Content-Disposition", "")
    assert b"1,2" not in response.content
    assert "Filen er ikke tilgængelig for dig" in response.content.decode()
    assert "no-store" in {part.strip() for part in response["Cache-Control"].split(",")}
    # What a new run holds is not revoked: it is served.
    kinds.TARGET["version"] = "2"
    with django_capture_on_commit_callbacks(execute=True):
        fresh = start_job(kind=kinds.CODE, params={"steps": 2}, by=staff)
    run_queued_jobs()
    assert client.get(reverse("jobs:download", args=[fresh.pk])).getvalue() == b"1,2"
