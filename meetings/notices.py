"""A meeting's agenda is published, its minutes approved: the forum's members are told.

Told from `meetings.services.meeting_step`, inside the step's transaction, to the forum members
who may see the meeting (a published one), never to the staff member who took the step.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from accounts.roles import FORUM_MEMBER
from grants.public import audience
from meetings.models import Meeting
from notifications import events
from notifications.models import Channel
from notifications.services import notify

AGENDA_PUBLISHED = "meetings.agenda_published"
MINUTES_APPROVED = "meetings.minutes_approved"
# The step of `meetings.services.STEPS` that tells each event.
EVENT_OF_STEP = {"publish": AGENDA_PUBLISHED, "approve_minutes": MINUTES_APPROVED}


def register_events() -> None:
    group = _("Meetings")
    readers = frozenset({FORUM_MEMBER})
    events.register(
        events.EventType(
            code=AGENDA_PUBLISHED,
            group=group,
            label=_("A meeting's agenda is published"),
            title=_("{forum} {date}: the agenda is published"),
            defaults={FORUM_MEMBER: Channel.EMAIL},
            roles=readers,
        )
    )
    events.register(
        events.EventType(
            code=MINUTES_APPROVED,
            group=group,
            label=_("A meeting's minutes are approved"),
            title=_("{forum} {date}: the minutes are approved"),
            defaults={FORUM_MEMBER: Channel.EMAIL},
            roles=readers,
        )
    )


def tell_step(meeting: Meeting, step: str, *, by: AbstractBaseUser) -> None:
    """Tell the forum members the step `step` just taken on `meeting`, if it is one they hear.

    A meeting takes each step once (its status only moves on), so the meeting is the key.
    """
    event = EVENT_OF_STEP.get(step)
    if event is None:
        return
    notify(
        event,
        key=str(meeting.pk),
        recipients=audience.forum_members(),
        target=meeting,
        url=meeting.get_absolute_url(),
        params={"forum": meeting.forum.name, "date": meeting.date},
        permission="meetings.view_meeting",
        exclude=[by],
    )
