"""Acknowledging a consistency finding of a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import access
from grants.case_checks import finding_acknowledge as acknowledge
from grants.models import Case


@require_POST
def finding_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who acknowledged a finding (POST `key`, optional `note`); back to the case."""
    case = access.get_object(request, Case, pk, "grants.add_findingacknowledgement")
    try:
        acknowledge(
            case=case,
            key=request.POST.get("key", ""),
            by=request.user,  # type: ignore[arg-type]
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The finding was acknowledged."))
    return HttpResponseRedirect(case.get_absolute_url())
