"""The preferences page: each event type's channel, kept only where it differs from the default."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from accounts.roles import REGIONAL_STAFF
from notifications.models import Channel, MailSettings, Preference, RoleDefault
from notifications.preferences import channel_for
from tests.factories import SecretariatFactory, StaffFactory
from tests.notifications.conftest import PAID, STAFF_ONLY, SUBMITTED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]

URL = reverse("notifications:preferences")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(response: object) -> dict[str, str]:
    form = response.context["form"]  # type: ignore[attr-defined]
    return {name: form[name].value() for name in form.fields}


def test_the_page_offers_the_users_event_types_by_group_preset_to_their_channel():
    staff = StaffFactory.create()
    RoleDefault.objects.create(role=REGIONAL_STAFF, event=PAID, channel=Channel.DIGEST)
    response = _client(staff).get(URL)
    assert response.status_code == 200
    values = _form(response)
    assert values[f"event_{SUBMITTED}"] == Channel.EMAIL
    assert values[f"event_{PAID}"] == Channel.DIGEST
    assert values[f"event_{STAFF_ONLY}"] == Channel.APP
    assert values["language"] == "da"
    groups = [group.name for group in response.context["form"].groups()]
    # Other test modules may have registered types of their own (the matrix's world).
    assert [name for name in groups if name in {"Payments", "Spending reports"}] == [
        "Payments",
        "Spending reports",
    ]


def test_an_event_type_for_other_roles_is_not_offered():
    response = _client(SecretariatFactory.create()).get(URL)
    assert f"event_{STAFF_ONLY}" not in response.context["form"].fields
    assert f"event_{PAID}" in response.context["form"].fields


def test_saving_stores_only_the_choices_that_differ_from_the_default():
    staff = StaffFactory.create()
    client = _client(staff)
    values = _form(client.get(URL))
    values[f"event_{SUBMITTED}"] = Channel.DIGEST
    values[f"event_{PAID}"] = Channel.OFF
    response = client.post(URL, values)
    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=staff).values_list("event", "channel")) == {
        SUBMITTED: Channel.DIGEST,
        PAID: Channel.OFF,
    }
    assert channel_for(staff, SUBMITTED) == Channel.DIGEST
    assert channel_for(staff, PAID) == Channel.OFF
    preference = Preference.objects.get(user=staff, event=SUBMITTED)
    assert preference.history.get().history_user == staff


def test_a_choice_back_at_the_default_leaves_the_default_to_the_administrators():
    staff = StaffFactory.create()
    Preference.objects.create(user=staff, event=SUBMITTED, channel=Channel.OFF)
    client = _client(staff)
    values = _form(client.get(URL))
    values[f"event_{SUBMITTED}"] = Channel.EMAIL  # the role's default
    client.post(URL, values)
    assert not Preference.objects.filter(user=staff).exists()
    RoleDefault.objects.create(role=REGIONAL_STAFF, event=SUBMITTED, channel=Channel.DIGEST)
    assert channel_for(staff, SUBMITTED) == Channel.DIGEST


def test_the_language_of_e_mails_is_saved_with_its_author():
    staff = StaffFactory.create()
    client = _client(staff)
    values = _form(client.get(URL))
    client.post(URL, values)
    assert not MailSettings.objects.exists()  # the default, nothing to keep
    values["language"] = "en"
    client.post(URL, values)
    settings = MailSettings.objects.get(user=staff)
    assert settings.language == "en"
    assert settings.history.get().history_user == staff
    assert _form(client.get(URL))["language"] == "en"


def test_a_channel_that_is_no_choice_is_refused_and_nothing_is_saved():
    staff = StaffFactory.create()
    client = _client(staff)
    values = _form(client.get(URL))
    values[f"event_{SUBMITTED}"] = "pigeon"
    response = client.post(URL, values)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Preference.objects.exists()


def test_the_page_reads_in_english():
    client = _client(StaffFactory.create())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL)
    page = response.content.decode()
    assert "Notification settings" in page
    assert "Daily digest by e-mail" in page
