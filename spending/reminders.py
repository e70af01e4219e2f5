"""Reminders of the reporting deadlines: due within 14 days, within 3 days, overdue (issue 27).

The periodic work `spending.reminders` runs daily at `REMINDER_HOUR` (before the digests at
`DIGEST_HOUR`, so the staff's digest carries the day's reminders). Each deadline not met is
told the stage it has reached, to the project's secretariat and the staff following the
project, once: the occurrence is the deadline, its due date and the stage, so a run repeated
tells nothing twice, and a deadline moved to a new date is reminded of anew. A run that finds
a deadline already past an earlier stage (it was set up 2 days before its date, or the runs
were stopped for a while) tells only the stage reached, and a later stage settles the earlier
ones. A report handed in for the deadline (`spending.notices`), or the deadline moved or
deleted (`spending.services.deadlines`), settles its reminders.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMINISTRATOR, REGIONAL_STAFF, SECRETARIAT
from grants.public import audience
from jobs.schedule import Periodic, register
from notifications import events
from notifications.models import Channel, Notification
from notifications.services import notify, settle
from spending.models import ReportingDeadline
from spending.models.deadlines import MEETING_STATUSES

DEADLINE_SOON = "spending.deadline_in_14_days"
DEADLINE_NEAR = "spending.deadline_in_3_days"
DEADLINE_OVERDUE = "spending.deadline_overdue"
# In the order they are reached.
EVENTS = (DEADLINE_SOON, DEADLINE_NEAR, DEADLINE_OVERDUE)
STAGE_KEYS = {DEADLINE_SOON: "14", DEADLINE_NEAR: "3", DEADLINE_OVERDUE: "overdue"}

SOON_DAYS = 14
NEAR_DAYS = 3
# A deadline first found overdue by longer than this (entered after the fact, or already old
# when the reminders began) is not told: a list of old deadlines is no news to anyone. The
# deadline list shows them as overdue all the same.
OVERDUE_TOLD_FOR_DAYS = 30

VIEW_DEADLINES = "spending.view_deadlines"


def register_events() -> None:
    group = _("Reporting deadlines")
    defaults = {SECRETARIAT: Channel.EMAIL, REGIONAL_STAFF: Channel.DIGEST}
    roles = frozenset({SECRETARIAT, REGIONAL_STAFF, ADMINISTRATOR})
    for code, label, title in (
        (
            DEADLINE_SOON,
            _("Reporting deadline within 14 days"),
            _("{project}: the report for {period} is due on {due}"),
        ),
        (
            DEADLINE_NEAR,
            _("Reporting deadline within 3 days"),
            _("{project}: only days left: the report for {period} is due on {due}"),
        ),
        (
            DEADLINE_OVERDUE,
            _("Reporting deadline overdue"),
            _("{project}: the report for {period} is overdue: it was due on {due}"),
        ),
    ):
        events.register(
            events.EventType(
                code=code,
                group=group,
                label=label,
                title=title,
                defaults=defaults,
                asks=True,
                roles=roles,
            )
        )


def register_periodic() -> None:
    register(
        Periodic(
            name="spending.reminders",
            label=_("Remind of reporting deadlines"),
            when=lambda: {"hour": settings.REMINDER_HOUR, "minute": 0},
            run=remind,
        )
    )


def stage_of(due_on: date, today: date) -> str | None:
    """The reminder a deadline due on `due_on` has reached `today` (None: none, or too old)."""
    days = (due_on - today).days
    if days < -OVERDUE_TOLD_FOR_DAYS or days > SOON_DAYS:
        return None
    if days < 0:
        return DEADLINE_OVERDUE
    if days <= NEAR_DAYS:
        return DEADLINE_NEAR
    return DEADLINE_SOON


def key_of(deadline: ReportingDeadline, event: str) -> str:
    return f"{deadline.pk}:{deadline.due_on:%Y%m%d}:{STAGE_KEYS[event]}"


def remind(*, today: date | None = None) -> int:
    """Tell each deadline not met the stage it has reached, once; how many were told."""
    day = today or timezone.localdate()
    deadlines = (
        ReportingDeadline.objects.exclude(reports__status__in=MEETING_STATUSES)
        .filter(
            due_on__gte=day - timedelta(days=OVERDUE_TOLD_FOR_DAYS),
            due_on__lte=day + timedelta(days=SOON_DAYS),
        )
        .select_related("project__case_officer")
        .order_by("due_on", "pk")
    )
    staged = [
        (deadline, stage)
        for deadline in deadlines
        if (stage := stage_of(deadline.due_on, day)) is not None
    ]
    # The stages told before are left alone without asking each recipient again.
    told_before = set(
        Notification.objects.filter(
            event__in=EVENTS, key__in=[key_of(deadline, stage) for deadline, stage in staged]
        ).values_list("key", flat=True)
    )
    told = 0
    for deadline, stage in staged:
        if key_of(deadline, stage) in told_before:
            continue
        with transaction.atomic():
            told += len(remind_of(deadline, stage))
    return told


def settle_reminders(deadline: ReportingDeadline) -> None:
    """`deadline` is met, moved or deleted: its reminders so far leave the bell."""
    settle(deadline, EVENTS)


def remind_of(deadline: ReportingDeadline, stage: str) -> list[Notification]:
    """Tell `deadline`'s `stage` to its project's secretariat and the staff following it."""
    earlier = list(EVENTS[: EVENTS.index(stage)])
    if earlier:
        settle(deadline, earlier)
    project = deadline.project
    recipients: list[AbstractBaseUser] = [
        *audience.secretariat(project),
        *audience.following(project),
    ]
    return notify(
        stage,
        key=key_of(deadline, stage),
        recipients=recipients,
        target=deadline,
        url=f"{reverse('spending:deadline_list')}?project={project.pk}",
        params={"project": project.name, "period": str(deadline), "due": deadline.due_on},
        permission=VIEW_DEADLINES,
    )
