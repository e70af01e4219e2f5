"""The staff's assessment pages × roles: regional staff and administrators only.

The world holds a change request of the world's project, submitted twice (so its versions can
be compared). Every action answers with a redirect back to the workspace, whether the service
acted or refused (a second role finds the request already rejected), so each POST entry reads
the same for both roles that may act.
"""

from __future__ import annotations

import itertools

from django.contrib.auth.models import User

from applications.models import ApplicantMembership, RequestMessage
from applications.services.assessment import answers_save, request_ask
from applications.services.requests import request_submit, request_update
from grants.models import Project
from tests.applications.assessment_world import (
    checklist_with_questions,
    submitted_application,
    submitted_change,
)
from tests.matrix.base import Entry, World, _, _post, _roles

ASSESS = _roles(200, 403, 403, 403, 200)
_BUILT = itertools.count()


def extend(world: World) -> None:
    project = Project.objects.get(pk=world.ids["project"])
    staff, applicant = world.users["regional"], world.users["applicant"]
    assert isinstance(staff, User) and isinstance(applicant, User)
    request = submitted_change(project)
    # Asked and answered once: the request has two versions to compare.
    request = request_ask(request=request, questions="Hvor mange deltagere?", by=staff)
    author = request.created_by
    assert isinstance(author, User)
    request = request_update(request=request, fields={"description": "Flere."}, by=author)
    request = request_submit(request=request, by=author)
    if request.organisation is not None:
        ApplicantMembership.objects.get_or_create(organisation=request.organisation, user=applicant)
    world.ids["assessed_request"] = request.pk
    world.ids["request_message"] = RequestMessage.objects.get(request=request).pk
    # An application in a call with a checklist, answered once.
    checklist = checklist_with_questions(1)
    # The world is built again after each successful POST: the organisation's name stays unique.
    application = submitted_application(
        title=f"Matrixansøgning {next(_BUILT)}", checklist=checklist
    )
    question = checklist.questions.get()
    answers_save(request=application, answers={question.pk: ("yes", "")}, by=staff)
    world.ids["checked_request"] = application.pk
    world.ids["checklist_question"] = question.pk
    world.ids["checklist_answer"] = application.answers.get().pk


def _post_entry(data: dict[str, str]) -> Entry:
    return Entry(_("assessed_request"), _post(ASSESS), method="post", data=lambda ids: data)


ENTRIES: dict[str, Entry] = {
    "applications:request_list": Entry(lambda ids: [], ASSESS),
    "applications:request_list#all": Entry(lambda ids: [], ASSESS, query="stage=&officer=mine"),
    "applications:request_assess": Entry(_("assessed_request"), ASSESS),
    "applications:version_compare": Entry(_("assessed_request"), ASSESS),
    "applications:version_compare#bad": Entry(
        _("assessed_request"), ASSESS, query="before=99&after=x"
    ),
    "applications:assess_reject": Entry(_("assessed_request"), ASSESS),
    "applications:assess_accept": Entry(_("assessed_request"), ASSESS),
    "applications:assess_assign": _post_entry({"officer": ""}),
    "applications:assess_checklist": _post_entry({}),
    "applications:assess_comment": _post_entry({"text": "Ser fint ud."}),
    "applications:assess_ask#post": _post_entry({"questions": "Hvorfor?"}),
    "applications:assess_ask": _post_entry({"questions": ""}),
    "applications:assess_reject#post": _post_entry({"reason": "Uden for formålet."}),
    "applications:assess_accept#post": _post_entry({"target": "new"}),
}
