"""The agenda pack and the minutes know what they hold: each file records its items and whether
they were closed, and is served only while the requester may see every one of them now; it is
outdated by a change to its findings, its items or the decisions it prints."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from grants.cases.checks import finding_acknowledge, open_findings
from grants.services import decision_set_status
from jobs.models import Job
from jobs.registry import JobResult
from jobs.runner import mark_done
from jobs.services import is_outdated, start_job
from meetings import services
from meetings.background import AGENDA_PACK, MINUTES
from meetings.models import AgendaItem, ItemDecision, Meeting
from tests.factories import ForumMemberFactory, SecretariatFactory, StaffFactory
from tests.jobs.helpers import run_queued_jobs
from tests.meetings.factories import MeetingFactory, balanced_case, unbalanced_case

pytestmark = pytest.mark.django_db

Status = Meeting.Status
WITHHELD = 'data-testid="job-withheld"'


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def planned(n: int) -> Meeting:
    meeting = MeetingFactory.create()
    for index in range(n):
        services.item_add(
            meeting=meeting, case=balanced_case(title=f"Sag {index + 1}"), by=StaffFactory.create()
        )
    return meeting


def rendered(kind: str, meeting: Meeting, by: User, capture: Any) -> Job:
    """The document rendered by the worker, as the meeting page's button has it rendered."""
    with capture(execute=True):
        job = start_job(kind=kind, params={"meeting": meeting.pk, "closed": 0}, by=by)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    return job


def download(client: Client, job: Job) -> tuple[int, bytes]:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    if response.streaming:
        return response.status_code, b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.status_code, response.content


def close_item(item: AgendaItem, how: str) -> None:
    if how == "taken off and put back as closed":
        services.item_remove(item=item, by=StaffFactory.create())
        services.item_add(
            meeting=item.meeting, case=item.case, closed=True, by=StaffFactory.create()
        )
    else:  # no page offers this; a direct write must be caught all the same
        item.closed = True
        item.save()


def publish(meeting: Meeting) -> None:
    services.meeting_step(meeting=meeting, step="lock", by=StaffFactory.create())
    services.meeting_step(meeting=meeting, step="publish", by=StaffFactory.create())


# Access, checked again at every look -----------------------------------------------------------


@pytest.mark.parametrize("how", ["taken off and put back as closed", "closed in place"])
def test_a_pack_made_while_an_item_was_open_gives_the_forum_no_bytes_once_it_is_closed(
    how: str, django_capture_on_commit_callbacks: Any
) -> None:
    staff = StaffFactory.create()
    meeting = planned(2)
    job = rendered(AGENDA_PACK, meeting, staff, django_capture_on_commit_callbacks)
    items = list(meeting.items.order_by("order").values_list("pk", flat=True))
    assert job.manifest["items"] == items
    assert job.manifest["closed"] == []
    close_item(meeting.items.get(number=2), how)
    publish(meeting)

    forum = client_of(ForumMemberFactory.create())
    page = forum.get(job.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert WITHHELD in body
    assert reverse("jobs:download", args=[job.pk]) not in body
    assert f'action="{reverse("jobs:start", args=[AGENDA_PACK])}"' in body  # make a new one
    status, content = download(forum, job)
    assert status == 403
    assert b"%PDF" not in content
    assert "Filen er ikke tilgængelig for dig" in content.decode()

    status, content = download(client_of(staff), job)
    assert status == 200
    assert content.startswith(b"%PDF")

    # The pack the forum member makes now holds the open item only, and is theirs to read.
    fresh = rendered(
        AGENDA_PACK, meeting, ForumMemberFactory.create(), django_capture_on_commit_callbacks
    )
    assert len(fresh.manifest["items"]) == 1
    status, content = download(forum, fresh)
    assert status == 200
    assert content.startswith(b"%PDF")


def test_a_pack_whose_items_are_all_still_open_is_the_forums_once_published(
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = planned(1)
    job = rendered(AGENDA_PACK, meeting, StaffFactory.create(), django_capture_on_commit_callbacks)
    forum = client_of(ForumMemberFactory.create())
    # Not published yet: the forum is refused the job, as the guards refuse a meeting.
    assert forum.get(job.get_absolute_url()).status_code == 403
    assert download(forum, job)[0] == 403
    publish(meeting)
    assert WITHHELD not in forum.get(job.get_absolute_url()).content.decode()
    status, content = download(forum, job)
    assert (status, content[:4]) == (200, b"%PDF")


def test_job_ids_give_those_without_access_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = planned(1)
    job = rendered(AGENDA_PACK, meeting, StaffFactory.create(), django_capture_on_commit_callbacks)
    publish(meeting)
    secretariat = client_of(SecretariatFactory.create())
    for pk, refused in ((job.pk, 403), (job.pk + 1, 404)):
        for name in ("jobs:detail", "jobs:status", "jobs:download"):
            response = secretariat.get(reverse(name, args=[pk]))
            assert response.status_code == refused, (name, pk)
            assert b"%PDF" not in response.content


def test_minutes_made_before_their_approval_give_the_forum_no_bytes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = StaffFactory.create()
    meeting = planned(1)
    publish(meeting)
    services.meeting_step(meeting=meeting, step="hold", by=StaffFactory.create())
    item = meeting.items.get()
    services.decision_record(
        item=item, outcome=ItemDecision.Outcome.NOTED, text="", decided_on=meeting.date, by=staff
    )
    draft = rendered(MINUTES, meeting, staff, django_capture_on_commit_callbacks)
    assert draft.manifest["status"] == Status.HELD
    services.meeting_step(meeting=meeting, step="approve_minutes", by=StaffFactory.create())

    forum = client_of(ForumMemberFactory.create())
    assert WITHHELD in forum.get(draft.get_absolute_url()).content.decode()
    status, content = download(forum, draft)
    assert status == 403 and b"%PDF" not in content
    assert download(client_of(staff), draft)[0] == 200

    approved = rendered(MINUTES, meeting, staff, django_capture_on_commit_callbacks)
    assert download(forum, approved)[0] == 200
    # An item closed afterwards closes the approved minutes too.
    close_item(item, "closed in place")
    status, content = download(forum, approved)
    assert status == 403 and b"%PDF" not in content


def test_a_file_recorded_without_what_it_holds_is_the_regions_only() -> None:
    """A job finished before files recorded their content says nothing the forum could be
    checked against: it stays with the region."""
    staff = StaffFactory.create()
    meeting = planned(1)
    publish(meeting)
    job = start_job(kind=AGENDA_PACK, params={"meeting": meeting.pk, "closed": 0}, by=staff)
    mark_done(job=job, result=JobResult("dagsorden.pdf", "application/pdf", b"%PDF-1.7\n%%EOF"))
    assert download(client_of(ForumMemberFactory.create()), job)[0] == 403
    assert download(client_of(staff), job)[0] == 200


# Outdated by what the pack prints ---------------------------------------------------------------


def finished(kind: str, meeting: Meeting) -> Job:
    """A finished job of `kind` on `meeting`, its fingerprint taken as the worker takes it."""
    job = start_job(
        kind=kind, params={"meeting": meeting.pk, "closed": 1}, by=StaffFactory.create()
    )
    mark_done(job=job, result=JobResult("x.pdf", "application/pdf", b"%PDF-1.7\n%%EOF"))
    job.refresh_from_db()
    assert not is_outdated(job)
    return job


def test_a_pack_with_open_findings_is_outdated_once_they_are_acknowledged() -> None:
    meeting = MeetingFactory.create()
    case = unbalanced_case(title="Sag med fund")
    services.item_add(meeting=meeting, case=case, by=StaffFactory.create())
    pack = finished(AGENDA_PACK, meeting)
    findings = open_findings(case)
    assert findings  # the pack stamps the case a draft
    for finding in findings:
        finding_acknowledge(case=case, key=finding.key, by=StaffFactory.create())
    assert not open_findings(case)
    assert is_outdated(pack)


def change_item(meeting: Meeting, change: str) -> None:
    first = meeting.items.get(number=1)
    if change == "an item added":
        services.item_add(
            meeting=meeting, case=balanced_case(title="Ny sag"), by=StaffFactory.create()
        )
    elif change == "an item removed":
        services.item_remove(item=meeting.items.get(number=2), by=StaffFactory.create())
    elif change == "the items reordered":
        services.item_move(item=first, up=False, by=StaffFactory.create())
    elif change == "an item made closed":
        first.closed = True
        first.save()
    elif change == "an item's case changed":
        case = first.case
        services.item_remove(item=first, by=StaffFactory.create())
        services.item_add(
            meeting=meeting, case=balanced_case(title="Anden sag"), by=StaffFactory.create()
        )
        assert case.pk not in meeting.items.values_list("case_id", flat=True)
    elif change == "its case's text edited":
        first.case.text = "## Baggrund\nNy tekst."
        first.case.save()


@pytest.mark.parametrize(
    "change",
    [
        "an item added",
        "an item removed",
        "the items reordered",
        "an item made closed",
        "an item's case changed",
        "its case's text edited",
    ],
)
def test_a_pack_is_outdated_by_a_change_to_its_items(change: str) -> None:
    meeting = planned(2)
    pack = finished(AGENDA_PACK, meeting)
    change_item(meeting, change)
    assert is_outdated(pack)


def test_a_pack_is_outdated_by_a_change_to_the_decisions_it_prints() -> None:
    meeting = planned(1)
    pack = finished(AGENDA_PACK, meeting)
    decision = meeting.items.get().case.decisions.get()
    decision_set_status(decision=decision, status="draft", by=StaffFactory.create())
    assert is_outdated(pack)

    pack = finished(AGENDA_PACK, meeting)
    line = decision.budget_lines.get()
    line.amount += 1
    line.save()
    assert is_outdated(pack)


def test_a_meetings_decision_outdates_the_pack_it_dates() -> None:
    staff = StaffFactory.create()
    meeting = planned(1)
    publish(meeting)
    services.meeting_step(meeting=meeting, step="hold", by=StaffFactory.create())
    pack = finished(AGENDA_PACK, meeting)
    services.decision_record(
        item=meeting.items.get(),
        outcome=ItemDecision.Outcome.APPROVED,
        text="",
        decided_on=meeting.date,
        by=staff,
    )
    assert is_outdated(pack)
