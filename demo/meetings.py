"""A planned Vækstforum meeting with the seed case on its agenda (idempotent)."""

from __future__ import annotations

import datetime

from core import audit
from demo.grants import vaekstforum
from demo.users import demo_staff
from grants.models import Case, Project
from meetings import services
from meetings.models import AgendaItem, Meeting

MEETING_DATE = datetime.date(2017, 6, 21)
MEETING_PLACE = "Regionshuset Viborg"


def load_meeting_demo(project: Project) -> Meeting:
    """The meeting in planning, with the seed case as item 1 (for decision)."""
    with audit.authored_by(demo_staff()):
        return _load_meeting_demo(project)


def _load_meeting_demo(project: Project) -> Meeting:
    case = Case.objects.filter(project=project).order_by("pk").first()
    meeting, _ = Meeting.objects.get_or_create(
        forum=vaekstforum(),
        date=case.meeting_date if case and case.meeting_date else MEETING_DATE,
        place=MEETING_PLACE,
    )
    on_agenda = AgendaItem.objects.filter(meeting=meeting, case=case).exists()
    if case is not None and not on_agenda and meeting.status == Meeting.Status.PLANNING:
        services.item_add(meeting=meeting, case=case, by=demo_staff())
    return meeting
