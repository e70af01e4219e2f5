"""What progress tells: a reported value asks the staff who follow the project to approve it,
by e-mail; approving or returning it tells the project's secretariat and settles the ask.
E-mails go through a real SMTP server, in each recipient's language, to none who may not see
the value, and never to the one who did it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from accounts.roles import SECRETARIAT
from grants.models import Target
from notifications import services
from notifications.models import Channel, MailSettings, Notification, Preference
from progress import notices
from progress.models import ReportedValue
from progress.services import reported_value_approve, reported_value_return, reported_value_submit
from tests.factories import (
    DecisionFactory,
    ForumMemberFactory,
    IndicatorFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import Server, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(db: None) -> Target:
    decision = DecisionFactory.create(
        first_year=2021, last_year=2023, status="approved", project__name="Job i Midt"
    )
    indicator = IndicatorFactory.create(code="ERH02", name_da="Nye arbejdspladser")
    made: Target = TargetFactory.create(decision=decision, indicator=indicator, value=60)
    return made


def _member(target: Target, **fields: Any) -> User:
    user: User = SecretariatFactory.create(**fields)
    MembershipFactory.create(user=user, project=target.decision.project)
    return user


def _english(user: User) -> User:
    MailSettings.objects.create(user=user, language="en")
    return user


def _submit(target: Target, by: User) -> ReportedValue:
    return reported_value_submit(
        target=target,
        period_start=date(2021, 1, 1),
        period_end=date(2021, 12, 31),
        value=12,
        note="Lønsedler for Hanne Hansen",
        evidence=None,
        by=by,
    )


Capture = Callable[..., Any]


def _subject(message: EmailMessage) -> str:
    return " ".join(str(message["Subject"]).split())


def _told(capture: Capture, write: Callable[[], ReportedValue]) -> ReportedValue:
    with capture(execute=True):
        done = write()
    run_queued_jobs()
    return done


def test_a_reported_value_asks_the_staff_following_the_project_by_e_mail(
    target: Target, smtp: Server, django_capture_on_commit_callbacks: Capture
) -> None:
    danish, english = StaffFactory.create(), _english(StaffFactory.create())
    forum = ForumMemberFactory.create()
    member = _member(target)

    _told(django_capture_on_commit_callbacks, lambda: _submit(target, member))

    assert smtp.addresses() == sorted([danish.email, english.email])
    (to_danish,) = smtp.to(danish.email)
    assert _subject(to_danish).endswith(
        "Job i Midt: værdi for ERH02, 01.01.2021–31.12.2021, afventer godkendelse"
    )
    (to_english,) = smtp.to(english.email)
    assert "Job i Midt: value for ERH02" in _subject(to_english)
    assert "awaits approval" in _subject(to_english)
    for message in smtp.messages:
        # The note may name a participant: it stays in the app, behind the value's permission.
        assert "Hanne" not in text_of(message)
        assert member.username not in text_of(message)
    assert not Notification.objects.filter(recipient__in=[forum, member]).exists()


def test_a_project_with_a_case_officer_asks_only_them(
    target: Target, smtp: Server, django_capture_on_commit_callbacks: Capture
) -> None:
    officer, other = StaffFactory.create(), StaffFactory.create()
    project = target.decision.project
    project.case_officer = officer
    project.save()

    _told(django_capture_on_commit_callbacks, lambda: _submit(target, _member(target)))

    assert smtp.addresses() == [officer.email]
    assert not Notification.objects.filter(recipient=other).exists()


def test_staff_who_report_a_value_themselves_are_not_asked_to_approve_it(
    target: Target, smtp: Server, django_capture_on_commit_callbacks: Capture
) -> None:
    both = StaffFactory.create()
    both.groups.add(Group.objects.get(name=SECRETARIAT))
    MembershipFactory.create(user=both, project=target.decision.project)
    colleague = StaffFactory.create()

    _told(django_capture_on_commit_callbacks, lambda: _submit(target, both))

    assert smtp.addresses() == [colleague.email]


def test_returning_a_value_tells_its_secretariat_by_e_mail_and_settles_the_ask(
    target: Target, smtp: Server, django_capture_on_commit_callbacks: Capture
) -> None:
    staff, colleague = StaffFactory.create(), StaffFactory.create()
    reporter, english = _member(target), _english(_member(target))
    stranger = SecretariatFactory.create()
    MembershipFactory.create(user=stranger)  # another project's secretariat
    reported = _submit(target, reporter)
    assert services.waiting_count(colleague) == 1

    _told(
        django_capture_on_commit_callbacks,
        lambda: reported_value_return(reported=reported, reason="Bilaget mangler", by=staff),
    )

    assert smtp.addresses() == sorted([reporter.email, english.email])
    (to_danish,) = smtp.to(reporter.email)
    assert _subject(to_danish).endswith(
        "Job i Midt: værdi for ERH02, 01.01.2021–31.12.2021, er sendt retur"
    )
    assert "Bilaget mangler" not in text_of(to_danish)
    (to_english,) = smtp.to(english.email)
    assert "was returned" in _subject(to_english)
    assert services.waiting_count(colleague) == 0
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_approving_a_value_tells_its_secretariat_in_the_app_or_by_e_mail_if_chosen(
    target: Target, smtp: Server, django_capture_on_commit_callbacks: Capture
) -> None:
    staff, colleague = StaffFactory.create(), StaffFactory.create()
    in_app, by_mail = _member(target), _english(_member(target))
    Preference.objects.create(user=by_mail, event=notices.APPROVED, channel=Channel.EMAIL)
    Preference.objects.create(user=in_app, event=notices.APPROVED, channel=Channel.EMAIL)
    MailSettings.objects.create(user=in_app, language="da")
    reported = _submit(target, in_app)
    stranger = SecretariatFactory.create()
    MembershipFactory.create(user=stranger)

    _told(
        django_capture_on_commit_callbacks,
        lambda: reported_value_approve(reported=reported, by=staff),
    )

    (to_danish,) = smtp.to(in_app.email)
    assert _subject(to_danish).endswith("31.12.2021, er godkendt")
    (to_english,) = smtp.to(by_mail.email)
    assert _subject(to_english).endswith("was approved")
    assert staff.email not in smtp.addresses()
    assert services.waiting_count(colleague) == 0
    assert not Notification.objects.filter(recipient=stranger).exists()
    notification = Notification.objects.get(recipient=in_app, event=notices.APPROVED)
    assert notification.url == reported.get_absolute_url()


def test_approving_is_told_in_the_app_by_default(
    target: Target, smtp: Server, django_capture_on_commit_callbacks: Capture
) -> None:
    member = _member(target)
    reported = _submit(target, member)

    _told(
        django_capture_on_commit_callbacks,
        lambda: reported_value_approve(reported=reported, by=StaffFactory.create()),
    )

    assert smtp.messages == []
    assert services.waiting_count(member) == 1
