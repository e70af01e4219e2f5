"""Applications and change requests × roles: the owner (the applicant of the organisation, the
project's secretariat) writes them while they are drafts; staff and administrators read every
one and edit none; another organisation's applicant and another project's secretariat find
nothing (404); the forum reaches none of it (403).

The world's applicant applies for an organisation with a draft application (an organisation,
an area, an attachment) and one returned with questions; the project's secretariat has a draft
change request of the project.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Request, RequestMessage
from applications.services.request_parts import attachment_add
from applications.services.requests import change_request_create
from grants.models import Project
from tests.applications.factories import (
    ApplicantMembershipFactory,
    ApplicationFactory,
    CallFactory,
    RequestAreaFactory,
    RequestOrganisationFactory,
)
from tests.factories import OrganisationFactory
from tests.matrix.base import Entry, World, _, _post, _roles


def extend(world: World) -> None:
    applicant, member = world.users["applicant"], world.users["member"]
    assert isinstance(applicant, User) and isinstance(member, User)
    organisation = OrganisationFactory.create()
    membership = ApplicantMembershipFactory.create(user=applicant, organisation=organisation)
    call = CallFactory.create()
    application = ApplicationFactory.create(call=call, organisation=organisation)
    row = RequestOrganisationFactory.create(request=application, role="partner")
    area = RequestAreaFactory.create(request=application)
    attachment = attachment_add(
        request=application,
        title="Plan",
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=applicant,
    )
    returned = ApplicationFactory.create(
        call=call, organisation=organisation, status=Request.Status.MORE_INFO
    )
    RequestMessage.objects.create(request=returned, kind="question", text="Hvor mange?")
    change = change_request_create(
        project=Project.objects.get(pk=world.ids["project"]),
        kind="extension",
        title="Forlængelse",
        first_year=2021,
        last_year=2022,
        by=member,
    )
    world.ids.update(
        {
            "applicant_membership": membership.pk,
            "request_call": call.pk,
            "application": application.pk,
            "request_organisation": row.pk,
            "request_area": area.pk,
            "request_attachment": attachment.pk,
            "returned": returned.pk,
            "change_request": change.pk,
        }
    )


# Who reads an application (the applicant, staff, admin) and who edits it (the applicant).
READ_APPLICATION = _roles(200, 404, 404, 403, 200, applicant=200)
EDIT_APPLICATION = _roles(403, 404, 404, 403, 403, applicant=200)
# A change request of project A: its secretariat edits it, and so does the applicant, whose
# organisation is project A's applicant in the world (tests/matrix/applications_letters.py):
# a request is its organisation's, whoever started it.
READ_CHANGE = _roles(200, 200, 404, 403, 200, applicant=200)
EDIT_CHANGE = _roles(403, 200, 404, 403, 403, applicant=200)


ENTRIES: dict[str, Entry] = {
    "applications:my_requests": Entry(_(), _roles(200, 200, 200, 403, 200, applicant=200)),
    "applications:application_create": Entry(
        _("request_call"), _roles(403, 403, 403, 403, 403, 200)
    ),
    "applications:change_request_create": Entry(
        _("project"), _roles(200, 200, 404, 403, 200, applicant=403)
    ),
    "applications:request_detail": Entry(_("application"), READ_APPLICATION),
    "applications:request_detail#change": Entry(_("change_request"), READ_CHANGE),
    "applications:request_difference": Entry(_("change_request"), READ_CHANGE),
    "applications:request_submit": Entry(_("application"), EDIT_APPLICATION),
    "applications:request_submit#change": Entry(_("change_request"), EDIT_CHANGE),
    "applications:request_edit": Entry(_("application"), EDIT_APPLICATION),
    "applications:request_edit#change": Entry(_("change_request"), EDIT_CHANGE),
    "applications:request_organisations": Entry(_("application"), EDIT_APPLICATION),
    "applications:request_organisation_edit": Entry(_("request_organisation"), EDIT_APPLICATION),
    "applications:request_organisation_remove": Entry(_("request_organisation"), EDIT_APPLICATION),
    "applications:request_organisation_remove#post": Entry(
        _("request_organisation"), _post(EDIT_APPLICATION), method="post"
    ),
    "applications:request_areas": Entry(_("application"), EDIT_APPLICATION),
    "applications:request_areas#change": Entry(_("change_request"), EDIT_CHANGE),
    "applications:request_area_rename": Entry(_("request_area"), EDIT_APPLICATION),
    "applications:request_area_remove": Entry(_("request_area"), EDIT_APPLICATION),
    "applications:request_area_remove#post": Entry(
        _("request_area"), _post(EDIT_APPLICATION), method="post"
    ),
    "applications:request_grid": Entry(_("application"), EDIT_APPLICATION),
    "applications:request_grid#change": Entry(_("change_request"), EDIT_CHANGE),
    "applications:request_targets": Entry(_("application"), EDIT_APPLICATION),
    "applications:request_attachments": Entry(_("application"), EDIT_APPLICATION),
    "applications:attachment_download": Entry(_("request_attachment"), READ_APPLICATION),
    "applications:attachment_delete": Entry(_("request_attachment"), EDIT_APPLICATION),
    "applications:attachment_delete#post": Entry(
        _("request_attachment"), _post(EDIT_APPLICATION), method="post"
    ),
    "applications:request_answer": Entry(_("returned"), EDIT_APPLICATION),
}
