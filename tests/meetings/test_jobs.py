"""The agenda pack and the minutes as background jobs: started from the meeting page, run by the
database worker, downloaded through the jobs' access-checked view, outdated once the meeting
changes; who may start and see which."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from jobs.models import Job
from jobs.services import is_outdated, start_job
from meetings import services
from meetings.background import AGENDA_PACK, MINUTES, clean_params
from meetings.models import Meeting
from tests.factories import ForumMemberFactory, SecretariatFactory, StaffFactory
from tests.jobs.helpers import run_queued_jobs
from tests.meetings.factories import MeetingFactory, balanced_case

pytestmark = pytest.mark.django_db

Status = Meeting.Status


def meeting_of(n: int, status: str = Status.PLANNING, closed: tuple[int, ...] = ()) -> Meeting:
    meeting = MeetingFactory.create()
    for index in range(n):
        services.item_add(
            meeting=meeting,
            case=balanced_case(title=f"Sag {index + 1}"),
            closed=index + 1 in closed,
            by=StaffFactory.create(),
        )
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    return meeting


def test_staff_start_the_pack_from_the_meeting_page_and_download_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = StaffFactory.create()
    client = Client()
    client.force_login(staff)
    meeting = meeting_of(2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:start", args=[AGENDA_PACK]),
            {"meeting": meeting.pk, "closed": "1", "next": meeting.get_absolute_url()},
        )
    job = Job.objects.get()
    assert response.status_code in (302, 303)
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.QUEUED  # the request rendered nothing
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.outline) == 2
    # The meeting page names the latest pack, and says when the meeting has changed since.
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert job.get_absolute_url() in page
    assert not is_outdated(job)
    services.item_remove(item=meeting.items.get(number=2), by=StaffFactory.create())
    assert is_outdated(job)
    assert 'data-testid="outdated"' in client.get(meeting.get_absolute_url()).content.decode()


def test_a_changed_case_or_decision_outdates_the_documents(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = StaffFactory.create()
    meeting = meeting_of(1, status=Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        pack = start_job(kind=AGENDA_PACK, params={"meeting": meeting.pk, "closed": 1}, by=staff)
        minutes = start_job(kind=MINUTES, params={"meeting": meeting.pk, "closed": 1}, by=staff)
    run_queued_jobs()
    pack.refresh_from_db()
    minutes.refresh_from_db()
    assert pack.state == minutes.state == Job.State.DONE
    assert not is_outdated(pack) and not is_outdated(minutes)
    services.decision_record(
        item=meeting.items.get(),
        outcome="noted",
        text="",
        decided_on=meeting.date,
        by=staff,
    )
    assert is_outdated(minutes)
    assert not is_outdated(pack)
    case = meeting.items.get().case
    case.title = "Nyt navn"
    case.save()
    assert is_outdated(pack)


def test_a_vanished_meeting_fails_the_job_with_a_message(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = StaffFactory.create()
    meeting = meeting_of(1)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind=AGENDA_PACK, params={"meeting": meeting.pk, "closed": 1}, by=staff)
    meeting.items.all().delete()
    meeting.delete()
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error


@pytest.mark.parametrize(
    ("kind", "status", "closed", "forum_may"),
    [
        (AGENDA_PACK, Status.PLANNING, 0, False),
        (AGENDA_PACK, Status.LOCKED, 0, False),
        (AGENDA_PACK, Status.PUBLISHED, 0, True),
        (AGENDA_PACK, Status.PUBLISHED, 1, False),
        (MINUTES, Status.HELD, 0, False),
        (MINUTES, Status.MINUTES_APPROVED, 0, True),
        (MINUTES, Status.MINUTES_APPROVED, 1, False),
    ],
)
def test_forum_members_render_only_what_is_published(
    kind: str, status: str, closed: int, forum_may: bool
) -> None:
    meeting = meeting_of(1, status=status)
    params = {"meeting": meeting.pk, "closed": closed}
    forum = ForumMemberFactory.create()
    if forum_may:
        start_job(kind=kind, params=params, by=forum)
    else:
        with pytest.raises(PermissionDenied):
            start_job(kind=kind, params=params, by=forum)
    with pytest.raises(PermissionDenied):
        start_job(kind=kind, params=params, by=SecretariatFactory.create())


def test_staff_render_minutes_only_once_the_meeting_is_held() -> None:
    staff = StaffFactory.create()
    meeting = meeting_of(1, status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        start_job(kind=MINUTES, params={"meeting": meeting.pk, "closed": 1}, by=staff)
    with pytest.raises(PermissionDenied):
        start_job(kind=AGENDA_PACK, params={"meeting": 999_999, "closed": 1}, by=staff)


def test_a_forum_member_does_not_see_the_staffs_pack_with_closed_items(
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = meeting_of(2, status=Status.PUBLISHED, closed=(2,))
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            kind=AGENDA_PACK, params={"meeting": meeting.pk, "closed": 1}, by=StaffFactory.create()
        )
    run_queued_jobs()
    client = Client()
    client.force_login(ForumMemberFactory.create())
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code in (403, 404)
    assert job.get_absolute_url() not in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "raw",
    [{}, {"meeting": ""}, {"meeting": "x"}, {"meeting": "1", "closed": "2"}, {"meeting": "-1"}],
)
def test_bad_params_are_refused(raw: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        clean_params(raw)


def test_good_params_are_cleaned() -> None:
    assert clean_params({"meeting": "7"}) == {"meeting": 7, "closed": 0}
    assert clean_params({"meeting": "7", "closed": "1"}) == {"meeting": 7, "closed": 1}


def test_a_bad_start_from_the_page_goes_back_with_a_message() -> None:
    client = Client()
    client.force_login(StaffFactory.create())
    meeting = meeting_of(1)
    response = client.post(
        reverse("jobs:start", args=[AGENDA_PACK]),
        {"meeting": "abc", "next": meeting.get_absolute_url()},
    )
    assert response.status_code in (302, 303)
    assert response["Location"] == meeting.get_absolute_url()
    assert not Job.objects.exists()
