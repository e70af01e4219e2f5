"""A report's lines: add, change, delete (while the report is editable), their attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import guards
from core.downloads import stored_file
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from spending.forms.reports import LineForm
from spending.models import ExpenditureLine, SpendingReport
from spending.services import reports as services
from spending.views.common import bound, uploaded

VIEW = "spending.view_reports"
ENTER = "spending.enter_reports"


def _line(request: HttpRequest, pk: int, perm: str) -> ExpenditureLine:
    queryset = ExpenditureLine.objects.select_related("report__project__programme")
    return guards.get_object(request, queryset, pk, perm)


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(ENTER)
def line_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = guards.get_object(request, SpendingReport.objects.with_relations(), pk, ENTER)
    if not report.editable:
        messages.error(request, _("The report can no longer be changed."))
        return HttpResponseRedirect(report.get_absolute_url())
    form = LineForm(bound(request), uploaded(request), report=report)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.line_add(
                    report=report,
                    by=guards.author(request),
                    fields=form.line_fields(),
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The line was added."))
                if "another" in request.POST:
                    return HttpResponseRedirect(request.path)
                return HttpResponseRedirect(report.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(request, "spending/line_form.html", {"form": form, "report": report})


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(ENTER)
def line_update(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk, ENTER)
    report = line.report
    if not report.editable:
        messages.error(request, _("The report can no longer be changed."))
        return HttpResponseRedirect(report.get_absolute_url())
    form = LineForm(bound(request), uploaded(request), report=report, instance=line)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.line_update(
                    line=line,
                    by=guards.author(request),
                    fields=form.line_fields(),
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The line was saved."))
                return HttpResponseRedirect(report.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request, "spending/line_form.html", {"form": form, "report": report, "line": line}
    )


@require_POST
@guards.checks_object_permission(ENTER)
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk, ENTER)
    try:
        services.line_delete(line=line, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The line was deleted."))
    return HttpResponseRedirect(line.report.get_absolute_url())


@require_safe
@guards.checks_object_permission(VIEW)
def line_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    line = _line(request, pk, VIEW)
    return stored_file(
        line.attachment,
        filename=line.attachment_filename,
        content_type=line.attachment_content_type,
    )
