"""A planned Vækstforum meeting with the seed case on its agenda (idempotent)."""

from __future__ import annotations

import datetime

from grants.models import Case, GrantDecision, Project
from meetings import services
from meetings.models import AgendaItem, Meeting

MEETING_DATE = datetime.date(2017, 6, 21)
MEETING_PLACE = "Regionshuset Viborg"


def load_meeting_demo(project: Project) -> Meeting:
    """The meeting in planning, with the seed case as item 1 (for decision)."""
    case = Case.objects.filter(project=project).order_by("pk").first()
    meeting, _ = Meeting.objects.get_or_create(
        forum=GrantDecision.Body.VAEKSTFORUM,
        date=case.meeting_date if case and case.meeting_date else MEETING_DATE,
        place=MEETING_PLACE,
    )
    on_agenda = AgendaItem.objects.filter(meeting=meeting, case=case).exists()
    if case is not None and not on_agenda and meeting.status == Meeting.Status.PLANNING:
        services.item_add(meeting=meeting, case=case)
    return meeting
