"""The notification core: tell once, choose the channel, send each e-mail once over real SMTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.roles import REGIONAL_STAFF, SECRETARIAT
from notifications import delivery, events, services
from notifications.models import Channel, Email, MailSettings, Notification, Preference, RoleDefault
from tests.factories import SecretariatFactory, StaffFactory, UserFactory
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import text_of

pytestmark = pytest.mark.django_db

EVENT = "tests.something"


@pytest.fixture(autouse=True)
def event_type() -> Iterator[events.EventType]:
    kind = events.register(
        events.EventType(
            code=EVENT,
            group="Tests",
            label="Something happened",
            title="{project}: something happened on {due}, worth {amount}",
            defaults={REGIONAL_STAFF: Channel.EMAIL, SECRETARIAT: Channel.DIGEST},
        )
    )
    yield kind
    events._TYPES.pop(EVENT, None)


def _tell(*users, key="1", **extra):
    params = {
        "project": "Rummelig imidt",
        "due": timezone.localdate().replace(year=2027, month=3, day=31),
        "amount": {"kr": 1_200_000},
    }
    with transaction.atomic():
        return services.notify(EVENT, key=key, recipients=users, params=params, **extra)


def test_a_notification_is_stored_once_per_occurrence_and_recipient(
    django_capture_on_commit_callbacks,
):
    staff = StaffFactory.create()
    with django_capture_on_commit_callbacks():
        first = _tell(staff, staff)
        again = _tell(staff)
    assert len(first) == 1
    assert again == []
    assert Notification.objects.count() == 1
    assert Email.objects.count() == 1


def test_the_channel_follows_the_user_then_the_administrator_then_the_event(
    django_capture_on_commit_callbacks,
):
    staff, other = StaffFactory.create(), StaffFactory.create()
    secretariat = SecretariatFactory.create()
    Preference.objects.create(user=other, event=EVENT, channel=Channel.OFF)
    with django_capture_on_commit_callbacks():
        told = _tell(staff, other, secretariat)
    assert {(n.recipient_id, n.channel) for n in told} == {
        (staff.pk, Channel.EMAIL),
        (secretariat.pk, Channel.DIGEST),
    }
    RoleDefault.objects.create(role=REGIONAL_STAFF, event=EVENT, channel=Channel.APP)
    with django_capture_on_commit_callbacks():
        (again,) = _tell(staff, key="2")
    assert again.channel == Channel.APP


def test_a_user_without_an_address_is_told_in_the_app():
    nobody = UserFactory.create(email="", role=REGIONAL_STAFF)
    (told,) = _tell(nobody)
    assert told.channel == Channel.APP
    assert told.email is None


def test_the_one_who_did_it_and_who_may_not_see_it_are_left_out():
    staff, doer = StaffFactory.create(), StaffFactory.create()
    told = _tell(staff, doer, exclude=[doer], may_see=lambda user: user.pk != staff.pk)
    assert told == []


def test_the_e_mail_reaches_a_real_smtp_server_in_the_recipients_language(
    smtp, django_capture_on_commit_callbacks
):
    danish, english = StaffFactory.create(), StaffFactory.create()
    MailSettings.objects.create(user=english, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _tell(danish, english, url="/spending/")
    run_queued_jobs()
    assert smtp.addresses() == sorted([danish.email, english.email])
    (to_danish,) = smtp.to(danish.email)
    assert "31.03.2027" in text_of(to_danish)
    assert "1.200.000 kr." in text_of(to_danish)
    assert "Kære" in text_of(to_danish)
    (to_english,) = smtp.to(english.email)
    assert "Dear" in text_of(to_english)
    assert "/notifications/unsubscribe/" in to_english["List-Unsubscribe"]
    assert Email.objects.filter(state=Email.State.SENT).count() == 2


def test_a_task_run_twice_sends_once(smtp, django_capture_on_commit_callbacks):
    staff = StaffFactory.create()
    with django_capture_on_commit_callbacks():
        _tell(staff)
    email = Email.objects.get()
    assert delivery.send(email.pk) == Email.State.SENT
    assert delivery.send(email.pk) == "skipped"
    assert len(smtp.messages) == 1


def test_a_refusing_server_is_retried_with_back_off_and_then_fails(
    smtp, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAIL_ATTEMPTS = 3
    staff = StaffFactory.create()
    with django_capture_on_commit_callbacks():
        _tell(staff)
    email = Email.objects.get()
    smtp.refuse = True
    now = timezone.now()
    assert delivery.send(email.pk, now=now) == Email.State.PENDING
    email.refresh_from_db()
    assert email.next_attempt_at == now + timedelta(minutes=1)
    # not due yet: nothing happens
    assert delivery.send(email.pk, now=now) == "skipped"
    later = now + timedelta(minutes=1)
    assert delivery.send(email.pk, now=later) == Email.State.PENDING
    email.refresh_from_db()
    assert email.next_attempt_at == later + timedelta(minutes=4)
    assert delivery.send(email.pk, now=later + timedelta(minutes=4)) == Email.State.FAILED
    email.refresh_from_db()
    assert email.attempts == 3
    assert "451" in email.last_error
    assert smtp.refused == 3
    smtp.refuse = False
    delivery.retry(email)
    assert delivery.send(email.pk) == Email.State.SENT
    assert len(smtp.messages) == 1


def test_the_digest_gathers_a_days_notifications_into_one_e_mail(
    smtp, django_capture_on_commit_callbacks
):
    secretariat = SecretariatFactory.create()
    with django_capture_on_commit_callbacks():
        _tell(secretariat, key="1")
        _tell(secretariat, key="2")
    assert Email.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.gather_digests() == 1
    run_queued_jobs()
    (message,) = smtp.to(secretariat.email)
    assert "2 nye notifikationer" in message["Subject"]
    assert text_of(message).count("Rummelig imidt: something happened") == 2


def test_settling_a_step_takes_it_out_of_the_count():
    staff = StaffFactory.create()
    target = StaffFactory.create()  # any object will do as the target
    _tell(staff, target=target)
    assert services.waiting_count(staff) == 1
    services.settle(target, [EVENT])
    assert services.waiting_count(staff) == 0
