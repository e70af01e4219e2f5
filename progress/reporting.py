"""The pages of reported values: a project's list, the secretariat's report, staff's decision.

A project's secretariat reports a value for a target of a reported indicator, with a note and
optional evidence; regional staff approve it (from then on it counts) or return it with a
reason. Every write goes through `progress.services`.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts import guards
from core import uploads
from core.downloads import stored_file
from core.refusals import refusal_messages, show_refusal
from grants.models import Indicator, Project, Target
from progress.forms import ReportForm, ReturnForm
from progress.lifecycle import reported_lifecycle
from progress.models import ReportedValue
from progress.services import reported_value_approve, reported_value_return, reported_value_submit

logger = logging.getLogger(__name__)


def _reported_targets(project: Project) -> list[Target]:
    """The project's targets of reported indicators, each with its values: two queries."""
    return list(
        Target.objects.filter(
            decision__project=project,
            indicator__measurement=Indicator.Measurement.REPORTED,
        )
        .select_related("decision", "indicator")
        .prefetch_related(
            Prefetch(
                "reported_values",
                queryset=ReportedValue.objects.select_related("reported_by", "decided_by").order_by(
                    "period_start", "pk"
                ),
            )
        )
        .order_by("decision__first_year", "decision__pk", "indicator__code")
    )


@require_GET
@guards.checks_object_permission("progress.view_reportedvalue")
def reported_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = guards.get_object(
        request, Project.objects.select_related("programme"), pk, "progress.view_reportedvalue"
    )
    return render(
        request,
        "progress/reportedvalue_list.html",
        {"project": project, "targets": _reported_targets(project)},
    )


# The evidence's size limit must be in place before anything reads the request body, and the
# CSRF check reads it: so this view is exempt and checks CSRF itself, once the limit is set
# (as the case attachments' upload does).
@csrf_exempt
@guards.checks_object_permission("progress.add_reportedvalue")
def reported_create(request: HttpRequest, pk: int) -> HttpResponse:
    target = guards.get_object(
        request,
        Target.objects.select_related("decision__project", "indicator"),
        pk,
        "progress.add_reportedvalue",
    )
    if target.indicator.computed:
        raise Http404
    if request.method == "POST" and uploads.request_too_large(request):
        form = ReportForm()
        form.reject_unread(uploads.too_large_message())
        messages.error(request, _("Nothing was saved: correct the marked fields."))
        return _render_report(request, target, form)
    limit = uploads.SizeLimitHandler(request)
    request.upload_handlers = [limit, *request.upload_handlers]
    return _reported_create(request, target, limit)


@csrf_protect
def _reported_create(
    request: HttpRequest, target: Target, limit: uploads.SizeLimitHandler
) -> HttpResponse:
    if request.method != "POST":
        return _render_report(request, target, ReportForm())
    form = ReportForm(request.POST, request.FILES, file_too_large=limit.exceeded)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reported_value_submit(
                target=target,
                period_start=data["period_start"],
                period_end=data["period_end"],
                value=data["value"],
                note=data["note"],
                evidence=data["evidence"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request, _("The value was reported: it counts once regional staff approve it.")
            )
            return HttpResponseRedirect(
                reverse("progress:reported_list", args=[target.decision.project_id])
            )
    messages.error(request, _("Nothing was saved: correct the marked fields."))
    return _render_report(request, target, form)


def _render_report(request: HttpRequest, target: Target, form: ReportForm) -> HttpResponse:
    return render(
        request,
        "progress/reportedvalue_form.html",
        {"target": target, "project": target.decision.project, "form": form},
    )


def _visible_value(request: HttpRequest, pk: int, perm: str) -> ReportedValue:
    return guards.get_object(
        request,
        ReportedValue.objects.select_related(
            "target__decision__project", "target__indicator", "reported_by", "decided_by"
        ),
        pk,
        perm,
    )


@require_GET
@guards.checks_object_permission("progress.view_reportedvalue")
def reported_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reported = _visible_value(request, pk, "progress.view_reportedvalue")
    return _render_detail(request, reported, ReturnForm())


def _render_detail(request: HttpRequest, reported: ReportedValue, form: ReturnForm) -> HttpResponse:
    user = request.user
    decides = user.has_perm("progress.decide_reportedvalue", reported)
    reported_it = reported.reported_by_id == user.pk
    return render(
        request,
        "progress/reportedvalue_detail.html",
        {
            "reported": reported,
            "target": reported.target,
            "project": reported.target.decision.project,
            "form": form,
            "may_decide": decides
            and not reported_it
            and reported.status == ReportedValue.Status.SUBMITTED,
            "lifecycle": reported_lifecycle(
                status=reported.status,
                may_decide=decides,
                reported_it=reported_it,
                may_report=user.has_perm("progress.add_reportedvalue", reported.target),
            ),
        },
    )


@require_POST
@guards.checks_object_permission("progress.decide_reportedvalue")
def reported_approve(request: HttpRequest, pk: int) -> HttpResponse:
    reported = _visible_value(request, pk, "progress.decide_reportedvalue")
    try:
        reported_value_approve(reported=reported, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The value was approved: it now counts toward the target."))
    return HttpResponseRedirect(reported.get_absolute_url())


@require_POST
@guards.checks_object_permission("progress.decide_reportedvalue")
def reported_return(request: HttpRequest, pk: int) -> HttpResponse:
    reported = _visible_value(request, pk, "progress.decide_reportedvalue")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            reported_value_return(
                reported=reported, reason=form.cleaned_data["reason"], by=guards.author(request)
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The value was returned to the project."))
            return HttpResponseRedirect(reported.get_absolute_url())
    messages.error(request, _("Nothing was saved: correct the marked fields."))
    return _render_detail(request, reported, form)


@require_GET
@guards.checks_object_permission("progress.view_reportedvalue")
def reported_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    reported = _visible_value(request, pk, "progress.view_reportedvalue")
    return stored_file(
        reported.evidence, filename=reported.evidence_name, content_type=reported.evidence_type
    )
