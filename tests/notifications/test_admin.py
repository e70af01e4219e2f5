"""The notifications in the admin: a failed e-mail sent again, events chosen among the types."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Email, RoleDefault
from tests.factories import AdministratorFactory, StaffFactory
from tests.notifications.conftest import SUBMITTED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]


def _admin() -> Client:
    client = Client()
    client.force_login(AdministratorFactory.create())
    return client


def test_a_failed_e_mail_is_sent_again_from_the_list_and_a_sent_one_is_left(
    django_capture_on_commit_callbacks,
):
    staff = StaffFactory.create()
    failed = Email.objects.create(
        recipient=staff, kind=Email.Kind.IMMEDIATE, key="a", state=Email.State.FAILED, attempts=5
    )
    sent = Email.objects.create(
        recipient=staff, kind=Email.Kind.IMMEDIATE, key="b", state=Email.State.SENT
    )
    with django_capture_on_commit_callbacks() as queued:
        response = _admin().post(
            reverse("admin:notifications_email_changelist"),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.state, failed.attempts) == (Email.State.PENDING, 0)
    assert sent.state == Email.State.SENT
    assert len(queued) == 1


def test_an_e_mail_is_read_only_in_the_admin():
    client = _admin()
    assert client.get(reverse("admin:notifications_email_add")).status_code == 403


def test_a_roles_default_is_chosen_among_the_registered_event_types():
    client = _admin()
    page = client.get(reverse("admin:notifications_roledefault_add")).content.decode()
    assert f'value="{SUBMITTED}"' in page
    response = client.post(
        reverse("admin:notifications_roledefault_add"),
        {"role": "regional_staff", "event": "no.such.event", "channel": "email"},
    )
    assert response.status_code == 200
    assert not RoleDefault.objects.exists()
    client.post(
        reverse("admin:notifications_roledefault_add"),
        {"role": "regional_staff", "event": SUBMITTED, "channel": "digest"},
    )
    assert RoleDefault.objects.get().channel == "digest"
