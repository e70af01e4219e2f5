"""The meetings' URLs × roles: the region plans and records, the forum reads what is published,
the secretariat sees nothing."""

from __future__ import annotations

from grants.models import Case
from meetings.models import Meeting
from tests.matrix.base import EDIT_GRANTS, READ_CASES, Entry, World, _, _post, _roles
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def extend(world: World) -> None:
    # A published meeting of project A's case: what the forum reads.
    meeting = MeetingFactory.create(status=Meeting.Status.PUBLISHED)
    item = AgendaItemFactory.create(
        meeting=meeting, case=Case.objects.get(pk=world.ids["case"]), number=1, order=1
    )
    world.ids["meeting"] = meeting.pk
    world.ids["agendaitem"] = item.pk


ENTRIES: dict[str, Entry] = {
    "meetings:meeting_list": Entry(_(), READ_CASES),
    "meetings:meeting_create": Entry(_(), EDIT_GRANTS),
    "meetings:meeting_detail": Entry(_("meeting"), READ_CASES),
    "meetings:meeting_update": Entry(_("meeting"), EDIT_GRANTS),
    # Posted empty, the form is refused (400) for those who may add an item.
    "meetings:item_add": Entry(_("meeting"), _roles(400, 403, 403, 403, 400), method="post"),
    # The steps and the removal: GET is the confirmation page (core.confirm), POST acts.
    "meetings:meeting_step": Entry(lambda ids: [ids["meeting"], "hold"], EDIT_GRANTS),
    "meetings:meeting_step#post": Entry(
        lambda ids: [ids["meeting"], "hold"], _post(EDIT_GRANTS), method="post"
    ),
    "meetings:item_move": Entry(_("agendaitem"), _post(EDIT_GRANTS), method="post"),
    "meetings:item_remove": Entry(_("agendaitem"), EDIT_GRANTS),
    "meetings:item_remove#post": Entry(_("agendaitem"), _post(EDIT_GRANTS), method="post"),
    "meetings:decision_record": Entry(_("agendaitem"), EDIT_GRANTS),
}
