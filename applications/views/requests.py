"""The applicant's and the secretariat's pages of a request: start one, read it, submit it,
list one's own, compare a change request with the project's current figures."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from accounts import guards
from applications.completeness import missing
from applications.models import Call, Request, RequestAttachment
from applications.models.requests import applicant_organisation_ids
from applications.services.requests import (
    application_create as start_application,
)
from applications.services.requests import (
    call_closed_message,
    facts,
)
from applications.services.requests import (
    change_request_create as start_change_request,
)
from applications.services.requests import request_submit as submit
from applications.views.requests_forms import (
    ApplicationStartForm,
    ChangeRequestStartForm,
    VersionForm,
)
from applications.views.requests_pages import VIEW, conversation, figures, table_parts
from core.downloads import stored_file
from core.lists import SearchFilter
from core.paging import PagedTableMixin
from grants.models import Indicator, Organisation, Project

SUBMIT = "applications.submit_request"


@guards.permission_required("applications.add_application")
def application_create(request: HttpRequest, call_id: int) -> HttpResponse:
    """An applicant starts an application in an open call, for one of its organisations."""
    call = get_object_or_404(Call.objects.filter(published=True), pk=call_id)
    organisations = Organisation.objects.filter(
        pk__in=sorted(applicant_organisation_ids(request.user))
    )
    context: dict[str, Any] = {"call": call}
    if not call.is_open(timezone.now()):
        context["closed"] = call_closed_message(call)
        return render(request, "applications/requests/application_create.html", context)
    if not organisations.exists():
        raise PermissionDenied
    form = ApplicationStartForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            created = start_application(
                call=call,
                organisation=form.chosen_organisation(),
                title=form.cleaned_data["title"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The application was created as a draft."))
            return HttpResponseRedirect(created.get_absolute_url())
    context["form"] = form
    return render(request, "applications/requests/application_create.html", context)


@guards.checks_object_permission("applications.add_change_request")
def change_request_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's secretariat (or staff) start a change request of the project."""
    project = guards.get_object(
        request, Project.objects.all(), project_id, "applications.add_change_request"
    )
    form = ChangeRequestStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = start_change_request(
                project=project,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                first_year=form.cleaned_data["first_year"],
                last_year=form.cleaned_data["last_year"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The change request was created as a draft."))
            return HttpResponseRedirect(created.get_absolute_url())
    return render(
        request,
        "applications/requests/change_request_create.html",
        {"project": project, "form": form},
    )


def _request(request: HttpRequest, pk: int) -> Request:
    return guards.get_object(
        request,
        Request.objects.select_related("call", "project", "organisation", "decision", "case"),
        pk,
        VIEW,
    )


@require_safe
@guards.checks_object_permission(VIEW)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _request(request, pk)
    user = request.user
    table = figures(obj)
    context = {
        "request_obj": obj,
        "stage": obj.stage(),
        "missing": missing(facts(obj)) if obj.editable else [],
        "may_change": guards.has_perm(user, "applications.change_request", obj),
        "may_answer": guards.has_perm(user, "applications.answer_request", obj),
        "is_staff": guards.has_perm(user, "applications.list_requests")
        and not guards.has_perm(user, "applications.change_request"),
        "organisations": list(obj.organisations.all()),
        "targets": list(obj.targets.select_related("indicator")),
        "indicators": list(Indicator.objects.filter(calls=obj.call_id)) if obj.call_id else [],
        "attachments": list(obj.attachments.all()),
        "conversation": conversation(obj),
        "table": table,
        "parts": table_parts(table),
        "versions": list(obj.versions.only("number", "submitted_at")),
    }
    return render(request, "applications/requests/request_detail.html", context)


@require_safe
@guards.checks_object_permission(VIEW)
def request_difference(request: HttpRequest, pk: int) -> HttpResponse:
    """A change request's proposed figures beside the project's current ones."""
    obj = _request(request, pk)
    if obj.is_application:
        return HttpResponseRedirect(obj.get_absolute_url())
    return render(
        request,
        "applications/requests/request_difference.html",
        {"request_obj": obj, "table": (table := figures(obj)), "parts": table_parts(table)},
    )


@guards.checks_object_permission(SUBMIT)
def request_submit(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Ask before submitting; refusals (incomplete, unbalanced, closed, stale) as a summary."""
    guards.require(request.user, SUBMIT)
    obj = _request(request, pk)
    if not obj.editable:
        messages.info(request, _("The request has been submitted and is being assessed."))
        return HttpResponseRedirect(obj.get_absolute_url())
    guards.require(request.user, SUBMIT, obj)
    form = VersionForm(request.POST or None, initial={"version": obj.version})
    if request.method == "POST" and form.is_valid():
        try:
            submit(
                request=obj,
                expected_version=form.cleaned_data["version"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The request was submitted. It is locked while it is assessed.")
            )
            return HttpResponseRedirect(obj.get_absolute_url())
    return render(
        request, "applications/requests/request_submit.html", {"request_obj": obj, "form": form}
    )


@require_safe
@guards.checks_object_permission(VIEW)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    guards.require(request.user, VIEW)
    attachment = get_object_or_404(
        RequestAttachment.objects.filter(
            request__in=Request.objects.visible_to(request.user)
        ).select_related("request"),
        pk=pk,
    )
    guards.require(request.user, VIEW, attachment.request)
    return stored_file(
        attachment.file, filename=attachment.filename, content_type=attachment.content_type
    )


class RequestTable(tables.Table):  # type: ignore[misc]
    title = tables.Column(linkify=True, verbose_name=gettext_lazy("Request"))
    kind = tables.Column(verbose_name=gettext_lazy("Kind"))
    subject = tables.Column(
        empty_values=(), orderable=False, verbose_name=gettext_lazy("Call or project")
    )
    organisation = tables.Column(verbose_name=gettext_lazy("Applicant"), default="–")
    stage = tables.Column(empty_values=(), orderable=False, verbose_name=gettext_lazy("Stage"))

    class Meta:
        model = Request
        fields = ["title", "kind", "subject", "organisation", "stage"]

    def render_subject(self, record: Request) -> str:
        return str(record.call or record.project or "–")

    def render_stage(self, record: Request) -> str:
        return record.stage()[1]


class RequestFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "organisation__name"])
    status = django_filters.ChoiceFilter(
        choices=Request.Status.choices,
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("All"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Request.Kind.choices, label=gettext_lazy("Kind"), empty_label=gettext_lazy("All")
    )

    class Meta:
        model = Request
        fields = ["q", "status", "kind"]


class MyRequestsView(
    guards.ObjectPermissionMixin,
    PagedTableMixin,
    SingleTableMixin,  # type: ignore[misc]
    FilterView,
):
    """Applicant: its organisations' requests; secretariat: its projects'; staff: all."""

    permission_required = "applications.list_requests"
    table_class = RequestTable
    filterset_class = RequestFilter
    template_name = "applications/requests/request_list.html"

    def get_queryset(self) -> QuerySet[Request]:
        return Request.objects.visible_to(self.request.user).select_related(
            "call", "project", "organisation", "decision"
        )
