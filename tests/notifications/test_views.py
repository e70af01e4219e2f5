"""The notifications page: the user's own, filtered, marked read, followed to their object."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import SecretariatFactory, StaffFactory
from tests.notifications.conftest import PAID, SUBMITTED, tell

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]

LIST = reverse("notifications:list")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_the_users_own_notifications_newest_first_with_their_titles():
    staff, other = StaffFactory.create(), StaffFactory.create()
    older = tell(staff, key="1")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    tell(staff, PAID, key="2")
    tell(other, key="3")
    response = _client(staff).get(LIST)
    assert response.status_code == 200
    titles = [row.title for row in response.context["rows"]]
    assert titles == [
        "Rummelig imidt: 1.200 kr. paid",
        "Rummelig imidt: spending report for 2027-1 submitted",
    ]
    assert "Spending report submitted" in response.content.decode()


def test_the_bell_counts_the_waiting_notifications_and_says_so():
    staff = StaffFactory.create()
    tell(staff, key="1")
    tell(staff, key="2")
    settled = tell(staff, key="3")
    Notification.objects.filter(pk=settled.pk).update(settled_at=timezone.now())
    page = _client(staff).get(LIST).content.decode()
    assert 'aria-label="Notifikationer, 2 ulæste"' in page
    assert 'data-testid="bell-count">2<' in page


def test_the_bell_shows_no_number_when_nothing_waits():
    page = _client(StaffFactory.create()).get(LIST).content.decode()
    assert 'aria-label="Notifikationer"' in page
    assert "bell-count" not in page


def test_the_filters_narrow_by_state_event_group_and_period():
    staff = StaffFactory.create()
    read = tell(staff, key="1")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    old = tell(staff, PAID, key="2")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    tell(staff, key="3")
    client = _client(staff)

    def keys(**query: str) -> set[str]:
        response = client.get(LIST, query)
        assert response.status_code == 200
        return {row.notification.key for row in response.context["rows"]}

    assert keys() == {"1", "2", "3"}
    assert keys(state="unread") == {"2", "3"}
    assert keys(state="read") == {"1"}
    assert keys(event=SUBMITTED) == {"1", "3"}
    assert keys(group="Payments") == {"2"}
    assert keys(period="30") == {"1", "3"}


@pytest.mark.parametrize(
    "query",
    [
        {"state": "nonsense"},
        {"event": "no.such"},
        {"group": "\x00"},
        {"period": "-1"},
        {"page": "abc"},
        {"page": "999"},
        {"per_page": "-5"},
        {"per_page": "1e9"},
    ],
)
def test_bad_query_parameters_show_the_page(query):
    staff = StaffFactory.create()
    tell(staff)
    assert _client(staff).get(LIST, query).status_code == 200


def test_marking_one_read_goes_back_to_the_same_filtered_page():
    staff, other = StaffFactory.create(), StaffFactory.create()
    mine, theirs = tell(staff, key="1"), tell(other, key="1")
    response = _client(staff).post(
        reverse("notifications:read") + "?state=unread&page=1", {"id": [mine.pk, theirs.pk, "x"]}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST + "?state=unread&page=1"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_mark_all_read_honours_the_filter():
    staff = StaffFactory.create()
    tell(staff, SUBMITTED, key="1")
    tell(staff, PAID, key="2")
    client = _client(staff)
    response = client.post(reverse("notifications:read_all") + f"?event={SUBMITTED}")
    assert response["Location"] == LIST + f"?event={SUBMITTED}"
    assert set(
        Notification.objects.filter(read_at__isnull=True).values_list("event", flat=True)
    ) == {PAID}
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_marking_read_needs_a_post():
    client = _client(StaffFactory.create())
    assert client.get(reverse("notifications:read")).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_opening_a_notification_marks_it_read_and_goes_to_its_link():
    staff = StaffFactory.create()
    notification = tell(staff, url="/spending/")
    response = _client(staff).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/spending/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_not_followed():
    staff = StaffFactory.create()
    notification = tell(staff, url="https://evil.example/")
    response = _client(staff).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_someone_elses_notification_is_not_found():
    notification = tell(StaffFactory.create())
    response = _client(StaffFactory.create()).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_costs_the_same_queries_however_many_rows(django_assert_max_num_queries):
    secretariat = SecretariatFactory.create()
    client = _client(secretariat)
    tell(secretariat, key="0")
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for key in range(1, 20):
        tell(secretariat, PAID, key=str(key))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 20


def test_the_page_reads_in_english():
    staff = StaffFactory.create()
    tell(staff)
    client = _client(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(LIST).content.decode()
    assert "Mark all read" in page
    assert 'aria-label="Notifications, 1 unread"' in page


def test_an_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get(LIST)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
