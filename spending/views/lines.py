"""A report's lines: add, change, delete (while the report is editable), their attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import guards
from core import confirm, undo
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


def _line_confirmation(line: ExpenditureLine) -> confirm.Confirmation:
    report = line.report
    report_url = report.get_absolute_url()
    if line.attachment:
        after = _(
            "Its attachment “%(file)s” is deleted with it: the deletion cannot be undone."
        ) % {"file": line.attachment_filename}
    else:
        after = _("Right after the deletion, you can undo it.")
    return confirm.Confirmation(
        title=_("Delete the expenditure line"),
        question=_(
            "Delete the line “%(description)s” of %(amount)s kr. of %(date)s from the spending "
            "report %(period)s?"
        )
        % {
            "description": line.description,
            "amount": number_format(line.amount, force_grouping=True),
            "date": date_format(line.spent_on, "SHORT_DATE_FORMAT"),
            "period": report.period_label,
        },
        consequences=[after],
        refusal=[] if report.editable else services.frozen_message(report),
        button=_("Yes, delete the line"),
        cancel_url=f"{report_url}#line-{line.pk}",
        trail=[(report_url, _("Spending report %(period)s") % {"period": report.period_label})],
    )


@confirm.destroys
@guards.checks_object_permission(ENTER)
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk, ENTER)
    if request.method != "POST":
        return confirm.ask(request, _line_confirmation(line))
    had_file = bool(line.attachment)
    try:
        services.line_delete(line=line, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        done = _("The line “%(description)s” was deleted.") % {"description": line.description}
        if had_file:
            messages.success(request, done)
        else:
            undo.offer(request, done, reverse("spending:line_restore", args=[pk]))
    return HttpResponseRedirect(line.report.get_absolute_url())


@require_POST
@guards.checks_object_permission(ENTER)
def line_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the deletion of a line (the button in the message after it)."""
    guards.require(request.user, ENTER)
    record = undo.deletion_or_404(ExpenditureLine, pk)
    report = guards.get_object(
        request, SpendingReport.objects.with_relations(), record.report_id, ENTER
    )
    try:
        line = services.line_restore(line_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
        return HttpResponseRedirect(report.get_absolute_url())
    messages.success(
        request, _("The line “%(description)s” is back.") % {"description": line.description}
    )
    return HttpResponseRedirect(f"{report.get_absolute_url()}#line-{line.pk}")


@require_safe
@guards.checks_object_permission(VIEW)
def line_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    line = _line(request, pk, VIEW)
    return stored_file(
        line.attachment,
        filename=line.attachment_filename,
        content_type=line.attachment_content_type,
    )
