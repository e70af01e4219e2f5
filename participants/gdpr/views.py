"""The data subject's rights: a participant's data exported (art. 15, 20) and erased (art. 17).

Both look the participant up through `guards.get_object`: 403 without the permission, 404 for
a participant of a project the user does not work in.
"""

from __future__ import annotations

import json
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from accounts import guards
from core import confirm
from core.filenames import attach, download_name
from participants.gdpr.data import personal_data
from participants.gdpr.forms import ParticipantEraseForm
from participants.models import Participant, ParticipantAccess
from participants.services import log_participant_access, participant_erase

EXPORT = "participants.export_personal_data"
ERASE = "participants.erase_participant"


@require_GET
@guards.checks_object_permission(EXPORT)
def participant_export_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one participant, as a JSON file; the export itself is logged."""
    participant = guards.get_object(
        request,
        Participant.objects.select_related(
            "project", "municipality", "employment_status", "education"
        ),
        pk,
        EXPORT,
    )
    # Logged first, so that the document lists its own making.
    log_participant_access(
        user=request.user, participant=participant, action=ParticipantAccess.Action.EXPORTED
    )
    now = timezone.now()
    document = personal_data(participant, exported_at=now)
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    name = download_name(
        _("personal data"), _safe(participant.reference), day=timezone.localdate(now), ext="json"
    )
    attach(response, name)
    response["Cache-Control"] = "no-store"
    return response


def _safe(reference: str) -> str:
    """A reference fit for a file name: letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", reference).strip("._") or "participant"


@confirm.destroys
@guards.checks_object_permission(ERASE)
def participant_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What erasure removes and keeps; erases once the participant's reference is typed.

    The confirmation is this page of its own rather than `core.confirm`'s: typing the
    reference is asked for on top of the button, as erasure is final and personal.
    """
    participant = guards.get_object(
        request, Participant.objects.select_related("project"), pk, ERASE
    )
    form = ParticipantEraseForm(
        request.POST if request.method == "POST" else None, participant=participant
    )
    if form.is_bound and form.is_valid():
        try:
            erasure = participant_erase(participant=participant, by=guards.author(request))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                ngettext(
                    "The participant was erased. Their %(count)s onboarding course stays in the "
                    "project's statistics, without them.",
                    "The participant was erased. Their %(count)s onboarding courses stay in the "
                    "project's statistics, without them.",
                    erasure.course_count,
                )
                % {"count": erasure.course_count},
            )
            return HttpResponseRedirect(reverse("participants:course_list"))
    if form.is_bound:
        messages.error(request, _("Nothing was erased: correct the marked field."))
    courses = list(participant.courses.select_related("company").order_by("start_date", "pk"))
    return render(
        request,
        "participants/participant_erase.html",
        {
            "participant": participant,
            "form": form,
            "courses": courses,
            "ended_count": sum(1 for c in courses if c.outcome),
            "access_count": participant.accesses.count(),
            "version_count": Participant.history.filter(id=participant.pk).count(),
        },
    )
