"""Acknowledging a consistency finding of a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.case_checks import finding_acknowledge as acknowledge
from grants.models import Case, Project


@require_POST
@permission_required("grants.add_findingacknowledgement", raise_exception=True)
def finding_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who acknowledged a finding (POST `key`, optional `note`); back to the case."""
    user = request.user
    if not user.is_authenticated:  # LoginRequiredMiddleware sends visitors to log in first
        raise PermissionDenied
    case = get_object_or_404(
        Case.objects.filter(project__in=Project.objects.visible_to(user)), pk=pk
    )
    try:
        acknowledge(
            case=case,
            key=request.POST.get("key", ""),
            by=user,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The finding was acknowledged."))
    return HttpResponseRedirect(case.get_absolute_url())
