"""The calls' URLs × roles: the region (and administrators) set calls and checklists up; an
applicant reads the calls open now, and gets 404 for any other; nobody else sees calls."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from applications.models import Call, ChecklistQuestion, ChecklistTemplate
from grants.models import Organisation, ProgrammeIndicator
from tests.factories import IndicatorFactory
from tests.matrix.base import Entry, Expect, World, _, _post, _roles

EDIT_CALLS = _roles(200, 403, 403, 403, 200)
# A call open now: its page is the applicant's too; the secretariat and the forum have no calls.
READ_OPEN_CALL = _roles(200, 403, 403, 403, 200, applicant=200)
READ_UNPUBLISHED_CALL = _roles(200, 403, 403, 403, 200, applicant=404)


def extend(world: World) -> None:
    programme_id = world.ids["programme"]
    indicator = IndicatorFactory.create(code="CALL1", name_en="companies reached")
    ProgrammeIndicator.objects.create(programme_id=programme_id, indicator=indicator)
    checklist = ChecklistTemplate.objects.create(programme_id=programme_id, name="Vurdering")
    question = ChecklistQuestion.objects.create(
        template=checklist, text="Er budgettet realistisk?", order=1
    )
    ChecklistQuestion.objects.create(template=checklist, text="Er målene klare?", order=2)
    now = timezone.now()
    open_call = Call.objects.create(
        programme_id=programme_id,
        title="Opslag: inklusion 2027",
        text="## Formål\n\nFlere i job.",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=30),
        checklist=checklist,
        published=True,
    )
    open_call.indicators.add(indicator)
    draft_call = Call.objects.create(
        programme_id=programme_id,
        title="Opslag under forberedelse",
        opens_at=now + datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=40),
    )
    # The world's applicant applies for the world's organisation.
    applicant = world.users["applicant"]
    assert isinstance(applicant, User)
    organisation = Organisation.objects.get(pk=world.ids["organisation"])
    applicant.applicant_memberships.get_or_create(organisation=organisation)
    world.ids.update(
        {
            "call": open_call.pk,
            "draft_call": draft_call.pk,
            "checklist": checklist.pk,
            "question": question.pk,
        }
    )


def _direction(ids: dict[str, int]) -> dict[str, str]:
    return {"direction": "down"}


def _posted(expect: Expect) -> Expect:
    return _post(expect)


ENTRIES: dict[str, Entry] = {
    "applications:call_list": Entry(_(), EDIT_CALLS),
    "applications:open_calls": Entry(_(), READ_OPEN_CALL),
    "applications:call_create": Entry(_(), EDIT_CALLS),
    "applications:call_create#programme": Entry(_(), EDIT_CALLS, query="programme=999999999"),
    "applications:call_detail": Entry(_("call"), READ_OPEN_CALL),
    "applications:call_detail#unpublished": Entry(_("draft_call"), READ_UNPUBLISHED_CALL),
    "applications:call_edit": Entry(_("call"), EDIT_CALLS),
    # Confirmation pages (core.confirm); only the POST acts.
    "applications:call_publish": Entry(_("draft_call"), EDIT_CALLS),
    "applications:call_publish#post": Entry(_("draft_call"), _posted(EDIT_CALLS), method="post"),
    "applications:call_unpublish": Entry(_("call"), EDIT_CALLS),
    "applications:call_unpublish#post": Entry(_("call"), _posted(EDIT_CALLS), method="post"),
    "applications:call_delete": Entry(_("draft_call"), EDIT_CALLS),
    "applications:call_delete#post": Entry(_("draft_call"), _posted(EDIT_CALLS), method="post"),
    "applications:checklist_list": Entry(_(), EDIT_CALLS),
    "applications:checklist_create": Entry(_(), EDIT_CALLS),
    "applications:checklist_detail": Entry(_("checklist"), EDIT_CALLS),
    "applications:checklist_edit": Entry(_("checklist"), EDIT_CALLS),
    "applications:checklist_copy": Entry(_("checklist"), EDIT_CALLS),
    # The world's checklist is named by its open call: the page says why it stays.
    "applications:checklist_delete": Entry(_("checklist"), EDIT_CALLS),
    "applications:question_edit": Entry(_("question"), EDIT_CALLS),
    "applications:question_delete": Entry(_("question"), EDIT_CALLS),
    "applications:question_delete#post": Entry(_("question"), _posted(EDIT_CALLS), method="post"),
    "applications:question_move": Entry(
        _("question"), _posted(EDIT_CALLS), method="post", data=_direction
    ),
}
