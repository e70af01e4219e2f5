"""The forum's members are mailed when a meeting's agenda is published and when its minutes are
approved, in their language; staff, secretariats and applicants are not, and each step is told
once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from meetings import services
from meetings.models import ItemDecision, Meeting
from meetings.notices import AGENDA_PUBLISHED, MINUTES_APPROVED
from notifications.models import MailSettings, Notification
from tests.factories import (
    ApplicantFactory,
    ForumMemberFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
)
from tests.jobs.helpers import run_queued_jobs
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, balanced_case
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


class Forum:
    """A planned meeting with one item, its forum's members, and people who are not in it."""

    def __init__(self) -> None:
        self.meeting: Meeting = MeetingFactory.create(date=datetime.date(2027, 3, 12))
        case = balanced_case()
        self.item = AgendaItemFactory.create(meeting=self.meeting, case=case)
        self.member = ForumMemberFactory.create()
        self.english = ForumMemberFactory.create()
        MailSettings.objects.create(user=self.english, language="en")
        self.staff = StaffFactory.create()
        self.colleague = StaffFactory.create()
        self.secretariat = SecretariatFactory.create()
        MembershipFactory.create(user=self.secretariat, project=case.project)
        self.applicant = ApplicantFactory.create()

    def step(self, step: str, capture: Any) -> None:
        with capture(execute=True):
            services.meeting_step(meeting=self.meeting, step=step, by=self.staff)
        run_queued_jobs()

    def others(self) -> list[str]:
        return [
            user.email for user in (self.staff, self.colleague, self.secretariat, self.applicant)
        ]


@pytest.fixture
def forum() -> Forum:
    return Forum()


def _subject(message: Any) -> str:
    return " ".join(str(message["Subject"]).split())


def test_publishing_the_agenda_mails_the_forum_members_and_nobody_else(
    forum: Forum, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    forum.step("lock", django_capture_on_commit_callbacks)
    assert smtp.messages == []
    forum.step("publish", django_capture_on_commit_callbacks)
    assert smtp.addresses() == sorted([forum.member.email, forum.english.email])
    (danish,) = smtp.to(forum.member.email)
    assert "12.03.2027: dagsordenen er offentliggjort" in _subject(danish)
    (english,) = smtp.to(forum.english.email)
    assert "the agenda is published" in _subject(english)
    assert "Dear" in text_of(english)
    assert set(Notification.objects.values_list("url", flat=True)) == {
        forum.meeting.get_absolute_url()
    }
    assert not any(smtp.to(address) for address in forum.others())


def test_approving_the_minutes_mails_the_forum_members_and_nobody_else(
    forum: Forum, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for step in ("lock", "publish", "hold"):
        forum.step(step, django_capture_on_commit_callbacks)
    services.decision_record(
        item=forum.item,
        outcome=ItemDecision.Outcome.APPROVED,
        text="Indstillingen tiltrådt.",
        decided_on=datetime.date(2027, 3, 12),
        by=forum.staff,
    )
    smtp.messages.clear()
    smtp.envelopes.clear()
    forum.step("approve_minutes", django_capture_on_commit_callbacks)
    assert smtp.addresses() == sorted([forum.member.email, forum.english.email])
    (danish,) = smtp.to(forum.member.email)
    assert "12.03.2027: referatet er godkendt" in _subject(danish)
    (english,) = smtp.to(forum.english.email)
    assert "the minutes are approved" in _subject(english)
    assert not any(smtp.to(address) for address in forum.others())
    assert Notification.objects.filter(event=MINUTES_APPROVED).count() == 2


def test_a_forum_member_who_took_the_step_is_not_told(
    forum: Forum, django_capture_on_commit_callbacks: Any
) -> None:
    # A staff member who also sits in the forum publishes: the others hear of it, not they.
    forum.staff.groups.add(*forum.member.groups.all())
    forum.step("lock", django_capture_on_commit_callbacks)
    forum.step("publish", django_capture_on_commit_callbacks)
    told = set(
        Notification.objects.filter(event=AGENDA_PUBLISHED).values_list("recipient", flat=True)
    )
    assert told == {forum.member.pk, forum.english.pk}


def test_an_inactive_forum_member_is_not_told(
    forum: Forum, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    forum.english.is_active = False
    forum.english.save()
    forum.step("lock", django_capture_on_commit_callbacks)
    forum.step("publish", django_capture_on_commit_callbacks)
    assert smtp.addresses() == [forum.member.email]
