"""The region's review of a submitted report: each line, then accept or return it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import guards
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from spending.forms.reports import LineReviewForm, ReturnForm
from spending.models import ExpenditureLine, SpendingReport
from spending.services import review
from spending.views.common import bound

REVIEW = "spending.review_reports"


@require_POST
@guards.checks_object_permission(REVIEW)
def line_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reduce (with a reason) or reject one line."""
    line = guards.get_object(
        request, ExpenditureLine.objects.select_related("report__project"), pk, REVIEW
    )
    form = LineReviewForm(request.POST, prefix=f"line-{line.pk}")
    target = f"{line.report.get_absolute_url()}#line-{line.pk}"
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return HttpResponseRedirect(target)
    try:
        review.line_review(
            line=line,
            by=guards.author(request),
            outcome=form.cleaned_data["outcome"],
            accepted_amount=form.cleaned_data["accepted_amount"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(
            request, _("The line “%(line)s” was reviewed.") % {"line": line.description}
        )
    return HttpResponseRedirect(target)


@require_POST
@guards.checks_object_permission(REVIEW)
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = guards.get_object(request, SpendingReport.objects.with_relations(), pk, REVIEW)
    try:
        review.report_accept(report=report, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The report was accepted."))
    return HttpResponseRedirect(report.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(REVIEW)
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the report back to the secretariat, saying what must change."""
    report = guards.get_object(request, SpendingReport.objects.with_relations(), pk, REVIEW)
    form = ReturnForm(bound(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                review.report_return(
                    report=report, by=guards.author(request), reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The report was returned to the secretariat."))
                return HttpResponseRedirect(report.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(request, "spending/report_return.html", {"form": form, "report": report})
