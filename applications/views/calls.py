# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The pages of calls for applications: the staff's list, a call's form, publishing and
deleting (each asks first), and a call's page, which applicants read while it is open.
Every write goes through `applications.services.calls`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from applications.forms.calls import CallForm, ProgrammeChoiceForm
from applications.lists.calls import STATUS_LABELS, CallFilter, CallTable, call_list, call_status
from applications.models import Call, Request
from applications.services import calls as services
from core import confirm
from core.markup import render_markdown
from core.paging import PagedTableMixin
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from grants.models import Programme

MANAGE = "applications.manage_calls"


class CallListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    permission_required = MANAGE
    table_class = CallTable
    filterset_class = CallFilter
    template_name = "applications/calls/call_list.html"

    def get_queryset(self) -> QuerySet[Call]:
        return call_list(self.request.user)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"now": timezone.now()}


def _show(form: CallForm, refusal: ValidationError) -> None:
    """A service's refusal at the form's fields: the times' errors at their dates."""
    if hasattr(refusal, "error_dict"):
        names = {"closes_at": "closes_on", "opens_at": "opens_on"}
        refusal = ValidationError(
            {names.get(name, name): errors for name, errors in refusal.error_dict.items()}
        )
    show_refusal(form, refusal)


def _programme_of(request: HttpRequest) -> tuple[Programme | None, ProgrammeChoiceForm]:
    """The programme the query string names (`?programme=`), or the form that asks for it."""
    choice = ProgrammeChoiceForm(request.GET if "programme" in request.GET else None)
    if choice.is_bound and choice.is_valid():
        programme: Programme = choice.cleaned_data["programme"]
        return programme, choice
    return None, choice


@require_http_methods(["GET", "HEAD", "POST"])
@guards.permission_required("applications.add_call")
def call_create(request: HttpRequest) -> HttpResponse:
    """A new call: first its programme (whose indicators and checklists it may use), then the
    call itself."""
    programme, choice = _programme_of(request)
    if programme is None:
        return render(request, "applications/calls/call_programme.html", {"choice": choice})
    form = CallForm(request.POST if request.method == "POST" else None, programme=programme)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = services.call_create(
                    programme=programme,
                    title=data["title"],
                    text=data["text"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    indicators=data["indicators"],
                    checklist=data["checklist"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                _show(form, exc)
            else:
                messages.success(
                    request,
                    _("The call was saved. Applicants see it once it is published."),
                )
                return HttpResponseRedirect(call.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "applications/calls/call_form.html",
        {"form": form, "programme": programme, "call": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission("applications.change_call")
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = guards.get_object(
        request, Call.objects.select_related("programme"), pk, "applications.change_call"
    )
    if request.method == "POST":
        form = CallForm(request.POST, programme=call.programme)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.call_update(
                    call=call,
                    title=data["title"],
                    text=data["text"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    indicators=data["indicators"],
                    checklist=data["checklist"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                _show(form, exc)
            else:
                messages.success(request, _("The call was saved."))
                return HttpResponseRedirect(call.get_absolute_url())
        messages.error(request, NOT_SAVED)
    else:
        form = CallForm(initial=CallForm.initial_of(call), programme=call.programme)
    return render(
        request,
        "applications/calls/call_form.html",
        {"form": form, "programme": call.programme, "call": call},
    )


def _closes_in(call: Call) -> str:
    """How long until `call` closes, said plainly ("closes in 12 days")."""
    left = call.closes_at - timezone.now()
    if left.total_seconds() <= 0:
        return _("The call has closed.")
    days = left.days
    if days >= 1:
        return ngettext("Closes in %(count)s day.", "Closes in %(count)s days.", days) % {
            "count": days
        }
    hours = int(left.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("Closes in %(count)s hour.", "Closes in %(count)s hours.", hours) % {
            "count": hours
        }
    return _("Closes in less than an hour.")


def _apply_url(call: Call) -> str:
    """The page that starts an application to `call`, where the site has one yet."""
    try:
        return reverse("applications:application_create", args=[call.pk])
    except NoReverseMatch:
        return ""


@require_http_methods(["GET", "HEAD"])
@guards.checks_object_permission("applications.view_call")
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's page: what applicants read while it is open, and for staff its state, its
    checklist and how many applications it has."""
    call = guards.get_object(
        request,
        Call.objects.select_related("programme", "checklist"),
        pk,
        "applications.view_call",
    )
    may_manage = guards.has_perm(request.user, MANAGE)
    context: dict[str, Any] = {
        "call": call,
        "text_html": render_markdown(call.text),
        "indicators": list(call.indicators.order_by("code")),
        "closes_in": _closes_in(call),
        "may_manage": may_manage,
        "is_open": call.is_open(),
        # Only those who may apply are offered to: an applicant, while the call is open.
        "apply_url": _apply_url(call)
        if call.is_open() and request.user.has_perm("applications.add_application")
        else "",
    }
    if may_manage:
        counted = services.application_counts(call)
        context.update(
            status=STATUS_LABELS[call_status(call, timezone.now())],
            drafts=counted[Request.Status.DRAFT],
            submitted=counted["submitted"],
        )
    return render(request, "applications/calls/call_detail.html", context)


def _trail(call: Call) -> list[tuple[str, str]]:
    return [(reverse("applications:call_list"), _("Calls")), (call.get_absolute_url(), call.title)]


@confirm.destroys
@guards.checks_object_permission("applications.publish_call")
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = guards.get_object(request, Call, pk, "applications.publish_call")
    if request.method != "POST":
        refusal = services.publish_refusal(call)
        consequences = [
            _("Applicants see the call from %(opens)s and can apply until %(closes)s.")
            % {
                "opens": _local(call.opens_at),
                "closes": _local(call.closes_at),
            }
        ]
        if not call.checklist_id:
            consequences.append(_("The call has no assessment checklist yet."))
        if not call.indicators.exists():
            consequences.append(_("The call asks for no indicators' targets."))
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Publish the call"),
                question=_("Publish the call “%(title)s”?") % {"title": call.title},
                consequences=consequences,
                refusal=refusal,
                button=_("Yes, publish the call"),
                cancel_url=call.get_absolute_url(),
                danger=False,
                trail=_trail(call),
            ),
        )
    try:
        services.call_publish(call=call, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The call was published."))
    return HttpResponseRedirect(call.get_absolute_url())


@confirm.destroys
@guards.checks_object_permission("applications.publish_call")
def call_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    call = guards.get_object(request, Call, pk, "applications.publish_call")
    if request.method != "POST":
        drafts = call.applications.filter(status=Request.Status.DRAFT).count()
        consequences = [_("Applicants no longer see the call.")]
        if drafts:
            consequences.append(
                ngettext(
                    "%(count)s draft application cannot be submitted until the call is "
                    "published again.",
                    "%(count)s draft applications cannot be submitted until the call is "
                    "published again.",
                    drafts,
                )
                % {"count": drafts}
            )
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Unpublish the call"),
                question=_("Unpublish the call “%(title)s”?") % {"title": call.title},
                consequences=consequences,
                refusal=services.unpublish_refusal(call),
                button=_("Yes, unpublish the call"),
                cancel_url=call.get_absolute_url(),
                trail=_trail(call),
            ),
        )
    try:
        services.call_unpublish(call=call, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The call is no longer published."))
    return HttpResponseRedirect(call.get_absolute_url())


@confirm.destroys
@guards.checks_object_permission("applications.delete_call")
def call_delete(request: HttpRequest, pk: int) -> HttpResponse:
    call = guards.get_object(request, Call, pk, "applications.delete_call")
    if request.method != "POST":
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete the call"),
                question=_("Delete the call “%(title)s”?") % {"title": call.title},
                consequences=[_("The call and its text are deleted; its history is kept.")],
                refusal=services.delete_refusal(call),
                button=_("Yes, delete the call"),
                cancel_url=call.get_absolute_url(),
                trail=_trail(call),
            ),
        )
    try:
        services.call_delete(call=call, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
        return HttpResponseRedirect(call.get_absolute_url())
    messages.success(request, _("The call “%(title)s” was deleted.") % {"title": call.title})
    return HttpResponseRedirect(reverse("applications:call_list"))


def _local(value: Any) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


@require_http_methods(["GET", "HEAD"])
@guards.permission_required("applications.view_open_calls")
def open_calls(request: HttpRequest) -> HttpResponse:
    """The calls open now, soonest closing first: what an applicant may apply to."""
    calls = (
        Call.objects.visible_to(request.user)
        .open_at(timezone.now())
        .select_related("programme")
        .order_by("closes_at", "pk")
    )
    return render(request, "applications/calls/open_calls.html", {"calls": calls})
