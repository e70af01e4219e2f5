"""The meeting pages: what each role sees, every form and action refusing bad input with a
message and saving nothing, and query counts that stay flat as the agenda grows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.grants import vaekstforum
from grants.models import GrantDecision
from jobs.models import Job
from meetings import services
from meetings.background import AGENDA_PACK
from meetings.models import AgendaItem, ItemDecision, Meeting
from tests.factories import ForumMemberFactory, SecretariatFactory, StaffFactory
from tests.meetings.factories import MeetingFactory, balanced_case, unbalanced_case

pytestmark = pytest.mark.django_db

Status = Meeting.Status


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def staff() -> Client:
    return client_for(StaffFactory.create())


@pytest.fixture
def forum() -> Client:
    return client_for(ForumMemberFactory.create())


def meeting_with(n: int, status: str = Status.PLANNING, closed: tuple[int, ...] = ()) -> Meeting:
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


def page(client: Client, meeting: Meeting) -> str:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


# What each role sees ----------------------------------------------------------------------


def test_forum_members_see_published_meetings_and_only_their_open_items(forum: Client) -> None:
    published = meeting_with(3, status=Status.PUBLISHED, closed=(2,))
    planned = meeting_with(1)
    listing = forum.get(reverse("meetings:meeting_list")).content.decode()
    assert published.place in listing
    assert planned.place not in listing
    assert forum.get(planned.get_absolute_url()).status_code == 404
    html = page(forum, published)
    assert "Sag 1" in html and "Sag 3" in html
    assert "Sag 2" not in html
    closed = published.items.get(number=2)
    assert forum.get(reverse("meetings:decision_record", args=[closed.pk])).status_code == 403


def test_forum_members_read_decisions_only_in_approved_minutes(forum: Client) -> None:
    meeting = meeting_with(1, status=Status.HELD)
    ItemDecision.objects.create(
        item=meeting.items.get(),
        outcome=ItemDecision.Outcome.NOTED,
        text="Taget til efterretning med ros",
        decided_on=meeting.date,
        recorded_by=StaffFactory.create(),
    )
    assert "med ros" not in page(forum, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.MINUTES_APPROVED)
    assert "med ros" in page(forum, meeting)


def test_staff_see_every_item_closed_ones_marked(staff: Client) -> None:
    meeting = meeting_with(2, closed=(2,))
    html = page(staff, meeting)
    assert "Sag 1" in html and "Sag 2" in html
    assert "Lukket punkt" in html


def test_the_secretariat_sees_no_meetings() -> None:
    client = client_for(SecretariatFactory.create())
    meeting = meeting_with(1, status=Status.PUBLISHED)
    assert client.get(reverse("meetings:meeting_list")).status_code == 403
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_staff_see_a_cases_open_findings_on_the_agenda(staff: Client) -> None:
    meeting = meeting_with(0)
    services.item_add(meeting=meeting, case=unbalanced_case(title="Skæv"), by=StaffFactory.create())
    assert 'data-testid="open-findings"' in page(staff, meeting)


# The flow through the pages -----------------------------------------------------------------


def test_staff_create_a_meeting_add_cases_reorder_lock_and_record(staff: Client) -> None:
    response = staff.post(
        reverse("meetings:meeting_create"),
        {"forum": vaekstforum().pk, "date": "2027-03-12", "place": "Viborg"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    cases = [balanced_case(title=f"Punkt {n}") for n in (1, 2)]
    for case in cases:
        response = staff.post(
            reverse("meetings:item_add", args=[meeting.pk]),
            {"case": case.pk, "kind": "decision"},
        )
        assert response.status_code == 302
    second = meeting.items.get(number=2)
    staff.post(reverse("meetings:item_move", args=[second.pk]), {"direction": "up"})
    assert [i.case.title for i in meeting.items.order_by("order")] == ["Punkt 2", "Punkt 1"]
    for step in ("lock", "publish", "hold"):
        staff.post(reverse("meetings:meeting_step", args=[meeting.pk, step]))
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD
    item = meeting.items.get(number=1)
    response = staff.post(
        reverse("meetings:decision_record", args=[item.pk]),
        {"outcome": "approved", "text": "", "decided_on": "2027-03-12"},
    )
    assert response.status_code == 302
    assert GrantDecision.objects.get(cases=item.case).status == GrantDecision.Status.APPROVED


# Bad input: a message, nothing saved, never a server error ------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"forum": "nowhere", "date": "2027-03-12", "place": "Viborg"},
        {"forum": "vaekstforum", "date": "12/13/2027", "place": "Viborg"},
        {"forum": "vaekstforum", "date": "1700-01-01", "place": "Viborg"},
        {"forum": "vaekstforum", "date": "2027-03-12", "place": ""},
        {"forum": "vaekstforum", "date": "2027-03-12", "place": "x" * 201},
    ],
)
def test_a_bad_meeting_form_saves_nothing(staff: Client, data: dict[str, str]) -> None:
    # "vaekstforum" stands for Vækstforum's row of the list, known only once the test runs.
    data = {k: str(vaekstforum().pk) if v == "vaekstforum" else v for k, v in data.items()}
    response = staff.post(reverse("meetings:meeting_create"), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert messages_of(response)


def test_a_bad_edit_of_a_meeting_saves_nothing(staff: Client) -> None:
    meeting = meeting_with(0)
    response = staff.post(
        reverse("meetings:meeting_update", args=[meeting.pk]),
        {"forum": vaekstforum().pk, "date": "2027-02-30", "place": "Aarhus"},
    )
    assert response.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).place != "Aarhus"


def test_a_held_meeting_refuses_an_edit_with_a_message(staff: Client) -> None:
    meeting = meeting_with(1, status=Status.HELD)
    response = staff.post(
        reverse("meetings:meeting_update", args=[meeting.pk]),
        {"forum": vaekstforum().pk, "date": "2027-03-13", "place": "Aarhus"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Meeting.objects.get(pk=meeting.pk).place != "Aarhus"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"case": "abc", "kind": "decision"},
        {"case": "99999999999999999999999", "kind": "decision"},
        {"case": "999999", "kind": "decision"},
        {"case": "CASE", "kind": "maybe"},
    ],
)
def test_a_bad_item_is_refused_with_400(staff: Client, data: dict[str, str]) -> None:
    meeting = meeting_with(0)
    case = balanced_case()
    data = {k: (str(case.pk) if v == "CASE" else v) for k, v in data.items()}
    response = staff.post(reverse("meetings:item_add", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert not AgendaItem.objects.exists()
    assert messages_of(response)


def test_a_refused_item_shows_the_services_reason(staff: Client) -> None:
    meeting = meeting_with(1, status=Status.LOCKED)
    response = staff.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"case": balanced_case().pk, "kind": "decision"},
    )
    assert response.status_code == 400
    assert response.context["add_form"].non_field_errors()
    assert meeting.items.count() == 1


@pytest.mark.parametrize("direction", ["", "sideways", "UP"])
def test_a_bad_move_changes_nothing(staff: Client, direction: str) -> None:
    meeting = meeting_with(2)
    second = meeting.items.get(number=2)
    response = staff.post(
        reverse("meetings:item_move", args=[second.pk]), {"direction": direction}, follow=True
    )
    assert messages_of(response)
    assert AgendaItem.objects.get(pk=second.pk).number == 2


def test_a_refused_remove_and_step_say_why(staff: Client) -> None:
    meeting = meeting_with(1, status=Status.LOCKED)
    item = meeting.items.get()
    response = staff.post(reverse("meetings:item_remove", args=[item.pk]), follow=True)
    assert messages_of(response)
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    response = staff.post(reverse("meetings:meeting_step", args=[meeting.pk, "lock"]), follow=True)
    assert messages_of(response)
    assert Meeting.objects.get(pk=meeting.pk).status == Status.LOCKED


def test_an_unknown_step_is_404(staff: Client) -> None:
    meeting = meeting_with(1)
    response = staff.post(reverse("meetings:meeting_step", args=[meeting.pk, "dance"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"outcome": "maybe", "decided_on": "2027-03-12"},
        {"outcome": "approved", "decided_on": ""},
        {"outcome": "approved", "decided_on": "2027-13-01"},
        {"outcome": "approved", "decided_on": "2027-03-12", "text": "x" * 5001},
    ],
)
def test_a_bad_decision_is_refused_and_changes_no_status(
    staff: Client, data: dict[str, str]
) -> None:
    meeting = meeting_with(1, status=Status.HELD)
    item = meeting.items.get()
    response = staff.post(reverse("meetings:decision_record", args=[item.pk]), data)
    assert response.status_code == 400
    assert not ItemDecision.objects.exists()
    assert GrantDecision.objects.get(cases=item.case).status == GrantDecision.Status.RECOMMENDED


def test_a_decision_before_the_meeting_is_held_is_refused_with_the_reason(staff: Client) -> None:
    meeting = meeting_with(1, status=Status.PUBLISHED)
    item = meeting.items.get()
    response = staff.post(
        reverse("meetings:decision_record", args=[item.pk]),
        {"outcome": "approved", "decided_on": "2027-03-12"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not ItemDecision.objects.exists()


# Query counts ---------------------------------------------------------------------------------


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_meeting_list_takes_the_same_queries_for_more_meetings(staff: Client) -> None:
    url = reverse("meetings:meeting_list")
    meeting_with(1)
    few = count_queries(staff, url)
    for _ in range(4):
        meeting_with(2)
    assert count_queries(staff, url) == few


@pytest.mark.parametrize("status", [Status.PLANNING, Status.HELD])
def test_the_meeting_page_takes_the_same_queries_for_a_longer_agenda(
    staff: Client, status: str
) -> None:
    short, long = meeting_with(1, status=status), meeting_with(6, status=status)
    assert count_queries(staff, long.get_absolute_url()) == count_queries(
        staff, short.get_absolute_url()
    )


def test_the_forum_page_takes_the_same_queries_for_a_longer_agenda(forum: Client) -> None:
    short = meeting_with(1, status=Status.PUBLISHED)
    long = meeting_with(6, status=Status.PUBLISHED, closed=(2, 4))
    assert count_queries(forum, long.get_absolute_url()) == count_queries(
        forum, short.get_absolute_url()
    )


def test_the_recorded_date_defaults_to_the_meeting_day(staff: Client) -> None:
    meeting = meeting_with(1, status=Status.HELD)
    response = staff.get(reverse("meetings:decision_record", args=[meeting.items.get().pk]))
    assert response.context["form"].initial["decided_on"] == datetime.date(2027, 3, 12)


def test_the_meeting_page_takes_the_same_queries_for_more_jobs_run(staff: Client) -> None:
    meeting = meeting_with(2)
    user = StaffFactory.create()
    url = meeting.get_absolute_url()

    def run_jobs(n: int) -> None:
        for closed in [1, 0] * n:
            Job.objects.create(
                kind=AGENDA_PACK,
                params={"meeting": meeting.pk, "closed": closed},
                started_by=user,
                language="da",
            )

    run_jobs(1)
    few = count_queries(staff, url)
    run_jobs(5)
    assert count_queries(staff, url) == few
