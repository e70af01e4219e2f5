"""The reporting deadlines' reminders: 14 days, 3 days, overdue — each told once, to the
project's secretariat and its case officer, never of a deadline met."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Project
from jobs import periodic_runs, schedule
from notifications import delivery, services
from notifications.models import MailSettings, Notification
from spending import reminders
from spending.models import ReportingDeadline
from spending.services import deadlines as deadline_services
from spending.services import reports as report_services
from tests.factories import MembershipFactory, SecretariatFactory
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import Server, text_of
from tests.spending.factories import DeadlineFactory
from tests.spending.notify import Bystanders, bystanders_of, heard_nothing, only_mail_to, told
from tests.spending.world import World

pytestmark = pytest.mark.django_db

START, END = datetime.date(2017, 1, 1), datetime.date(2017, 6, 30)
PERIOD = "01.01.2017–30.06.2017"


@pytest.fixture
def bystanders(world: World) -> Bystanders:
    return bystanders_of(world)


@pytest.fixture
def officer(world: World) -> Any:
    """The project's case officer: the one member of staff who hears of its deadlines."""
    Project.objects.filter(pk=world.project.pk).update(case_officer=world.staff)
    return world.staff


def _today() -> datetime.date:
    return timezone.localdate()


def _due_in(world: World, days: int) -> ReportingDeadline:
    return DeadlineFactory.create(
        project=world.project,
        period_start=START,
        period_end=END,
        due_on=_today() + datetime.timedelta(days=days),
    )


def _remind(capture: Any, day: datetime.date | None = None) -> int:
    return told(capture, lambda: reminders.remind(today=day))


def _fire(capture: Any, slot: datetime.datetime) -> None:
    """What the scheduler does at a slot of `spending.reminders`, and the worker after it."""
    with capture(execute=True):
        periodic_runs.fire("spending.reminders", slot)
        run_queued_jobs()
    run_queued_jobs()


def _events_of(user: Any) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("event", flat=True)
    )


def test_the_reminders_run_daily_at_the_reminder_hour(settings: Any) -> None:
    settings.REMINDER_HOUR = 5
    periodic = schedule.get("spending.reminders")
    assert periodic is not None
    assert periodic.when() == {"hour": 5, "minute": 0}


def test_a_deadline_within_14_days_is_mailed_to_the_secretariat_and_the_case_officer(
    world: World,
    smtp: Server,
    django_capture_on_commit_callbacks: Any,
    bystanders: Bystanders,
    officer: Any,
) -> None:
    english = SecretariatFactory.create()
    MembershipFactory.create(project=world.project, user=english)
    MailSettings.objects.create(user=english, language="en")
    deadline = _due_in(world, 10)
    due = f"{deadline.due_on:%d.%m.%Y}"
    assert _remind(django_capture_on_commit_callbacks) == 3
    assert (
        f"{world.project.name}: rapporten for {PERIOD} skal afleveres senest {due}"
        in only_mail_to(smtp, world.secretariat)
    )
    assert f"the report for {PERIOD} is due on" in only_mail_to(smtp, english)
    # The staff hear of deadlines in their daily digest.
    assert smtp.to(officer.email) == []
    told(django_capture_on_commit_callbacks, delivery.gather_digests)
    (digest,) = smtp.to(officer.email)
    assert f"rapporten for {PERIOD} skal afleveres senest {due}" in text_of(digest)
    # Not the staff who do not follow the project, nor the bystanders.
    assert heard_nothing(smtp, world.other_staff, world.admin, *bystanders.all())
    notification = Notification.objects.get(recipient=world.secretariat)
    assert notification.url == f"{reverse('spending:deadline_list')}?project={world.project.pk}"


def test_the_periodic_run_twice_tells_once(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    _due_in(world, 14)
    slot = timezone.now().replace(minute=0, second=0, microsecond=0)
    _fire(django_capture_on_commit_callbacks, slot)
    _fire(django_capture_on_commit_callbacks, slot)  # the same slot: claimed once
    _fire(django_capture_on_commit_callbacks, slot + datetime.timedelta(hours=1))
    assert len(smtp.to(world.secretariat.email)) == 1
    assert _events_of(world.secretariat) == [reminders.DEADLINE_SOON]
    assert _events_of(officer) == [reminders.DEADLINE_SOON]


def test_each_stage_is_told_once_as_the_deadline_draws_near_and_passes(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    deadline = _due_in(world, 20)
    capture = django_capture_on_commit_callbacks
    assert _remind(capture) == 0
    assert _remind(capture, deadline.due_on - datetime.timedelta(days=14)) == 2
    assert _remind(capture, deadline.due_on - datetime.timedelta(days=5)) == 0
    assert _remind(capture, deadline.due_on - datetime.timedelta(days=3)) == 2
    assert _remind(capture, deadline.due_on) == 0
    assert _remind(capture, deadline.due_on + datetime.timedelta(days=1)) == 2
    assert _remind(capture, deadline.due_on + datetime.timedelta(days=2)) == 0
    assert _events_of(world.secretariat) == list(reminders.EVENTS)
    overdue = text_of(smtp.to(world.secretariat.email)[-1])
    assert f"rapporten for {PERIOD} er forsinket" in overdue
    # Each stage settles the one before: the bell counts one reminder of the deadline.
    assert services.waiting_count(world.secretariat) == 1


def test_a_deadline_found_late_gets_only_the_stage_it_has_reached(
    world: World, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    _due_in(world, 2)
    _remind(django_capture_on_commit_callbacks)
    assert _events_of(world.secretariat) == [reminders.DEADLINE_NEAR]


def test_a_deadline_long_overdue_is_no_news(
    world: World, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    _due_in(world, -(reminders.OVERDUE_TOLD_FOR_DAYS + 1))
    assert _remind(django_capture_on_commit_callbacks) == 0


def test_a_deadline_met_is_not_reminded_and_meeting_it_settles_its_reminders(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    deadline = _due_in(world, 10)
    _remind(django_capture_on_commit_callbacks)
    assert services.waiting_count(world.secretariat) == 1
    report = world.report(deadline=deadline, period_start=START, period_end=END)
    world.line(report, spent_on=START, paid_on=START)
    told(
        django_capture_on_commit_callbacks,
        lambda: report_services.report_submit(report=report, by=world.secretariat),
    )
    assert services.waiting_count(world.secretariat) == 0
    smtp.messages.clear()
    smtp.envelopes.clear()
    assert _remind(django_capture_on_commit_callbacks, deadline.due_on - datetime.timedelta(2)) == 0
    assert _remind(django_capture_on_commit_callbacks, deadline.due_on + datetime.timedelta(1)) == 0
    assert smtp.to(world.secretariat.email) == []


def test_a_deadline_of_another_project_is_told_to_that_project_only(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    other_secretariat = SecretariatFactory.create()
    elsewhere = DeadlineFactory.create(due_on=_today() + datetime.timedelta(days=3))
    MembershipFactory.create(project=elsewhere.project, user=other_secretariat)
    _remind(django_capture_on_commit_callbacks)
    assert _events_of(other_secretariat) == [reminders.DEADLINE_NEAR]
    assert heard_nothing(smtp, world.secretariat)
    # Its project has no case officer: all regional staff follow it.
    assert _events_of(world.other_staff) == [reminders.DEADLINE_NEAR]
    assert _events_of(officer) == [reminders.DEADLINE_NEAR]


def test_a_deadline_moved_is_reminded_anew_and_its_old_reminders_settled(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    deadline = _due_in(world, 2)
    _remind(django_capture_on_commit_callbacks)
    assert services.waiting_count(world.secretariat) == 1
    deadline.due_on = _today() + datetime.timedelta(days=10)
    deadline_services.deadline_save(deadline=deadline, by=world.staff)
    assert services.waiting_count(world.secretariat) == 0
    _remind(django_capture_on_commit_callbacks)
    assert _events_of(world.secretariat) == [reminders.DEADLINE_NEAR, reminders.DEADLINE_SOON]
    assert services.waiting_count(world.secretariat) == 1
    assert len(smtp.to(world.secretariat.email)) == 2
