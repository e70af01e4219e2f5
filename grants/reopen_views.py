"""An administrator reopens an approved decision as a draft, with a reason the history keeps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import guards
from grants import services
from grants.models import GrantDecision
from grants.reopen_forms import ReopenForm

REOPEN_PERM = "grants.reopen_grantdecision"


@require_http_methods(["GET", "POST"])
@guards.checks_object_permission(REOPEN_PERM)
def decision_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen an approved decision as a draft, with a reason: a confirmation page (GET), then
    the reopening (POST). Administrators only; the history keeps who, when and why."""
    decision = guards.get_object(
        request, GrantDecision.objects.select_related("project"), pk, REOPEN_PERM
    )
    form = ReopenForm(
        request.POST if request.method == "POST" else None,
        initial={"version": decision.version},
    )
    refusal: list[str] = []
    reopenable = decision.status == GrantDecision.Status.APPROVED
    if not reopenable:
        refusal = [
            _("Only an approved decision is reopened; this one is %(status)s.")
            % {"status": decision.get_status_display()}
        ]
    elif request.method == "POST" and form.is_valid():
        try:
            services.decision_reopen(
                decision=decision,
                reason=form.cleaned_data["reason"],
                by=guards.author(request),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            refusal = exc.messages
        else:
            messages.success(
                request,
                _("The decision was reopened as a draft. The reason is kept in its history."),
            )
            return HttpResponseRedirect(decision.get_absolute_url())
    context = {"decision": decision, "form": form, "refusal": refusal, "reopenable": reopenable}
    refused_post = request.method == "POST" and bool(refusal or form.errors)
    return render(
        request, "grants/grantdecision_reopen.html", context, status=409 if refused_post else 200
    )
