# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The secretariat's pages of a report: the list, the report with its lines, its form, the
submission and the auditor's statement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards, scope
from core import confirm
from core.downloads import stored_file
from core.paging import PagedTableMixin
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from grants.models import Project
from spending import queries, rates
from spending.filters import ReportFilter
from spending.forms.reports import (
    LineReviewForm,
    ReportForm,
    ReturnForm,
    StatementForm,
)
from spending.lifecycle import report_lifecycle
from spending.models import CostCategory, SpendingReport
from spending.services import reports as services
from spending.tables import ReportTable
from spending.views.common import bound

VIEW = "spending.view_reports"
ENTER = "spending.enter_reports"
REVIEW = "spending.review_reports"


class ReportListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "spending/report_list.html"

    def get_queryset(self) -> QuerySet[SpendingReport]:
        return queries.report_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The secretariat's own projects; an administrator standing in starts from the URL.
        context["own_projects"] = (
            Project.objects.filter(
                pk__in=sorted(scope.member_project_ids(self.request.user))
            ).order_by("name")
            if guards.has_perm(self.request.user, ENTER)
            else Project.objects.none()
        )
        return context


def _report(request: HttpRequest, pk: int, perm: str) -> SpendingReport:
    return guards.get_object(request, SpendingReport.objects.with_relations(), pk, perm)


@require_safe
@guards.checks_object_permission(VIEW)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report, its lines and totals (flat rates computed), and what may be done next."""
    report = _report(request, pk, VIEW)
    lines = list(queries.report_lines(report))
    for line in lines:
        line.review_form = LineReviewForm(  # type: ignore[attr-defined]
            prefix=f"line-{line.pk}",
            initial={
                "outcome": line.outcome or "accepted",
                "accepted_amount": line.accepted_amount,
            },
        )
    categories = queries.categories_of(report.project.programme_id)
    rate_lines = queries.as_rate_lines(lines)
    reported = rates.report_totals(rate_lines, categories)
    accepted = rates.report_totals(rate_lines, categories, accepted=True)
    names = {c.pk: c for c in CostCategory.objects.filter(programme_id=report.project.programme_id)}
    user = request.user
    may_enter = guards.has_perm(user, ENTER, report) and report.editable
    may_review = (
        guards.has_perm(user, REVIEW, report)
        and report.status == SpendingReport.Status.SUBMITTED
        and report.submitted_by_id != user.pk
    )
    lifecycle = report_lifecycle(
        status=report.status,
        has_content=bool(lines) or bool(report.status_text.strip()),
        may_enter=may_enter,
        may_review=guards.has_perm(user, REVIEW, report),
        submitted_it=report.submitted_by_id == user.pk,
        may_pay=guards.has_perm(user, "spending.manage_payments", report),
    )
    return render(
        request,
        "spending/report_detail.html",
        {
            "lifecycle": lifecycle,
            "report": report,
            "lines": lines,
            "category_totals": [
                (names[key], reported.by_category.get(key, 0), accepted.by_category.get(key, 0))
                for key in names
                if key in reported.by_category
            ],
            "reported": reported,
            "accepted": accepted,
            "may_enter": may_enter,
            "may_review": may_review,
            "return_form": ReturnForm(),
            "statement_form": StatementForm(),
            "statement_needed": services.statement_needed(report),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(ENTER)
def report_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = guards.get_object(
        request, Project.objects.select_related("programme"), project_pk, ENTER
    )
    form = ReportForm(bound(request), project=project, instance=SpendingReport(project=project))
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_create(
                    project=project, by=guards.author(request), **form.cleaned_data
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The report was created. Add its lines."))
                return HttpResponseRedirect(report.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(request, "spending/report_form.html", {"form": form, "project": project})


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(ENTER)
def report_update(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, ENTER)
    if not report.editable:
        messages.error(request, _("The report can no longer be changed."))
        return HttpResponseRedirect(report.get_absolute_url())
    form = ReportForm(bound(request), project=report.project, instance=report)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_update(
                    report=report, by=guards.author(request), fields=form.cleaned_data
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The report was saved."))
                return HttpResponseRedirect(report.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "spending/report_form.html",
        {"form": form, "project": report.project, "report": report},
    )


@require_POST
@guards.checks_object_permission(ENTER)
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, ENTER)
    try:
        services.report_submit(report=report, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The report was submitted for review."))
    return HttpResponseRedirect(report.get_absolute_url())


def _delete_confirmation(report: SpendingReport) -> confirm.Confirmation:
    report_url = report.get_absolute_url()
    counts = report.lines.aggregate(lines=Count("pk"), files=Count("pk", filter=~Q(attachment="")))
    consequences = []
    if counts["lines"]:
        consequences.append(
            ngettext(
                "The report has %(count)s expenditure line, which is deleted with it.",
                "The report has %(count)s expenditure lines, which are deleted with it.",
                counts["lines"],
            )
            % {"count": counts["lines"]}
        )
    files = counts["files"] + (1 if report.auditor_statement else 0)
    if files:
        consequences.append(
            ngettext(
                "%(count)s attached file is deleted with it.",
                "%(count)s attached files are deleted with it.",
                files,
            )
            % {"count": files}
        )
    consequences.append(_("The deletion cannot be undone."))
    deletable = report.status == SpendingReport.Status.DRAFT and report.submitted_at is None
    return confirm.Confirmation(
        title=_("Delete the draft report"),
        question=_("Delete the draft spending report %(period)s of %(project)s?")
        % {"period": report.period_label, "project": report.project.name},
        consequences=consequences,
        refusal=[] if deletable else [_("Only a draft that was never submitted can be deleted.")],
        button=_("Yes, delete the report"),
        cancel_url=report_url,
        trail=[(report_url, _("Spending report %(period)s") % {"period": report.period_label})],
    )


@confirm.destroys
@guards.checks_object_permission(ENTER)
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, ENTER)
    if request.method != "POST":
        return confirm.ask(request, _delete_confirmation(report))
    try:
        services.report_delete(report=report, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
        return HttpResponseRedirect(report.get_absolute_url())
    messages.success(request, _("The draft report was deleted."))
    return HttpResponseRedirect(reverse("spending:report_list"))


@require_POST
@guards.checks_object_permission(ENTER)
def statement_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, ENTER)
    form = StatementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_set_statement(
                report=report, upload=form.cleaned_data["file"], by=guards.author(request)
            )
        except ValidationError as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("The auditor's statement was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return HttpResponseRedirect(report.get_absolute_url())


@require_safe
@guards.checks_object_permission(VIEW)
def statement_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = _report(request, pk, VIEW)
    return stored_file(
        report.auditor_statement,
        filename=report.statement_filename,
        content_type=report.statement_content_type,
    )
