"""The unsubscribe link of an e-mail: works signed out, stops the e-mails, refuses a bad token."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from notifications import unsubscribe
from notifications.models import Channel, Preference
from notifications.preferences import channel_for
from tests.factories import StaffFactory
from tests.notifications.conftest import SUBMITTED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]


def _url(token: str) -> str:
    return reverse("notifications:unsubscribe", args=[token])


def test_the_link_shows_what_it_stops_without_signing_in_and_changes_nothing():
    staff = StaffFactory.create()
    response = Client().get(_url(unsubscribe.token(staff, SUBMITTED)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Spending report submitted" in page
    assert reverse("notifications:preferences") in page
    assert channel_for(staff, SUBMITTED) == Channel.EMAIL


def test_confirming_leaves_the_event_in_the_app_only_with_the_user_as_author():
    staff = StaffFactory.create()
    client = Client(enforce_csrf_checks=True)
    url = _url(unsubscribe.token(staff, SUBMITTED))
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert 'data-testid="unsubscribed"' in client.get(url).content.decode()
    assert channel_for(staff, SUBMITTED) == Channel.APP
    preference = Preference.objects.get(user=staff, event=SUBMITTED)
    assert preference.history.get().history_user == staff


def test_a_mail_programs_one_click_post_works_without_a_csrf_token():
    staff = StaffFactory.create()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _url(unsubscribe.token(staff, SUBMITTED)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert channel_for(staff, SUBMITTED) == Channel.APP


def test_unsubscribing_twice_changes_nothing_more():
    staff = StaffFactory.create()
    token = unsubscribe.token(staff, SUBMITTED)
    Client().post(_url(token))
    Client().post(_url(token))
    assert Preference.objects.get(user=staff).history.count() == 1


def test_an_event_the_user_turned_off_stays_off():
    staff = StaffFactory.create()
    Preference.objects.create(user=staff, event=SUBMITTED, channel=Channel.OFF)
    Client().post(_url(unsubscribe.token(staff, SUBMITTED)))
    assert channel_for(staff, SUBMITTED) == Channel.OFF


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJ1Ijo1fQ:1abc:def"])
def test_a_bad_token_gets_a_clear_message_and_changes_nothing(token):
    StaffFactory.create()
    for method in ("get", "post"):
        response = getattr(Client(), method)(_url(token))
        assert response.status_code == 400
        assert "Linket virker ikke" in response.content.decode()
    assert not Preference.objects.exists()


def test_an_altered_token_is_refused():
    staff, other = StaffFactory.create(), StaffFactory.create()
    token = unsubscribe.token(staff, SUBMITTED)
    forged = unsubscribe.token(other, SUBMITTED).split(":")[0] + ":" + token.split(":", 1)[1]
    assert Client().post(_url(forged)).status_code == 400
    assert not Preference.objects.exists()


def test_the_bad_token_page_reads_in_english():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(_url("nonsense"))
    assert response.status_code == 400
    assert "The link does not work" in response.content.decode()
