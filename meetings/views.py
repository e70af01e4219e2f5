"""The meeting pages: the list, a meeting's form, its agenda with the staff's actions on it, and
the decision on an item. Every write goes through `meetings.services`; every read through
`visible_to` and `accounts.guards` (forum members: published meetings, open items only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView, ListView, UpdateView

from accounts import guards
from core import confirm, undo
from core.paging import PagedListMixin
from core.refusals import show_refusal
from grants.models import Case
from meetings import services
from meetings.confirmations import item_remove_confirmation, step_confirmation
from meetings.forms import DecisionForm, ItemAddForm, MeetingForm
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.pages import detail_context

NOTHING_SAVED = _("Nothing was saved: correct the marked fields.")


class MeetingListView(guards.ObjectPermissionMixin, PagedListMixin, ListView[Meeting]):
    model = Meeting
    permission_required = "meetings.view_meeting"
    template_name = "meetings/meeting_list.html"

    def get_queryset(self) -> QuerySet[Meeting]:
        user = self.request.user
        # Forum members count only the items they see: the open ones.
        counted = (
            Q() if guards.has_perm(user, "meetings.change_meeting") else Q(items__closed=False)
        )
        return (
            Meeting.objects.visible_to(user)
            .select_related("forum")
            .annotate(item_count=Count("items", filter=counted))
            .order_by("-date", "-pk")
        )


meeting_list = MeetingListView.as_view()


class MeetingCreateView(guards.ObjectPermissionMixin, CreateView[Meeting, MeetingForm]):
    model = Meeting
    form_class = MeetingForm
    permission_required = "meetings.add_meeting"
    template_name = "meetings/meeting_form.html"

    def form_valid(self, form: MeetingForm) -> HttpResponse:
        try:
            self.object = services.meeting_create(
                fields={name: form.cleaned_data[name] for name in MeetingForm.Meta.fields},
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting was created."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def form_invalid(self, form: MeetingForm) -> HttpResponse:
        messages.error(self.request, NOTHING_SAVED)
        return super().form_invalid(form)


meeting_create = MeetingCreateView.as_view()


class MeetingUpdateView(guards.ObjectPermissionMixin, UpdateView[Meeting, MeetingForm]):
    model = Meeting
    form_class = MeetingForm
    permission_required = "meetings.change_meeting"
    template_name = "meetings/meeting_form.html"

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.visible_to(self.request.user)

    def form_valid(self, form: MeetingForm) -> HttpResponse:
        try:
            services.meeting_update(
                meeting=self.object,
                fields={name: form.cleaned_data[name] for name in MeetingForm.Meta.fields},
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting was saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def form_invalid(self, form: MeetingForm) -> HttpResponse:
        messages.error(self.request, NOTHING_SAVED)
        return super().form_invalid(form)


meeting_update = MeetingUpdateView.as_view()


def addable_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("project").order_by("title", "pk")


@require_http_methods(["GET", "HEAD"])
@guards.checks_object_permission("meetings.view_meeting")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = guards.get_object(
        request, Meeting.objects.select_related("forum"), pk, "meetings.view_meeting"
    )
    return render(request, "meetings/meeting_detail.html", detail_context(request, meeting))


@require_POST
@guards.checks_object_permission("meetings.change_meeting")
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = guards.get_object(request, Meeting, pk, "meetings.change_meeting")
    form = ItemAddForm(request.POST, cases=addable_cases(request.user))
    if form.is_valid():
        try:
            item = services.item_add(
                meeting=meeting,
                case=form.cleaned_data["case"],
                kind=form.cleaned_data["kind"],
                closed=form.cleaned_data["closed"],
                supplementary=form.cleaned_data["supplementary"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request, _("Item %(number)s was added to the agenda.") % {"number": item.number}
            )
            return HttpResponseRedirect(meeting.get_absolute_url())
    messages.error(request, NOTHING_SAVED)
    return render(
        request,
        "meetings/meeting_detail.html",
        detail_context(request, meeting, add_form=form),
        status=400,
    )


def _item(request: HttpRequest, pk: int, perm: str) -> AgendaItem:
    return guards.get_object(request, AgendaItem.objects.select_related("meeting"), pk, perm)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@guards.checks_object_permission("meetings.change_agendaitem")
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, "meetings.change_agendaitem")
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, _("Move the item up or down."))
    else:
        try:
            services.item_move(item=item, up=direction == "up", by=guards.author(request))
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The agenda was reordered."))
    return HttpResponseRedirect(item.meeting.get_absolute_url())


@confirm.destroys
@guards.checks_object_permission("meetings.delete_agendaitem")
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = guards.get_object(
        request,
        AgendaItem.objects.select_related("meeting", "case"),
        pk,
        "meetings.delete_agendaitem",
    )
    if request.method != "POST":
        return confirm.ask(request, item_remove_confirmation(item))
    try:
        services.item_remove(item=item, by=guards.author(request))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        undo.offer(
            request,
            _("Item %(number)s, “%(case)s”, was removed from the agenda.")
            % {"number": item.number, "case": item.case.title},
            reverse("meetings:item_restore", args=[pk]),
        )
    return HttpResponseRedirect(item.meeting.get_absolute_url())


@require_POST
@guards.checks_object_permission("meetings.delete_agendaitem")
def item_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo taking an item off the agenda (the button in the message after it)."""
    guards.require(request.user, "meetings.delete_agendaitem")
    record = undo.deletion_or_404(AgendaItem, pk)
    meeting = guards.get_object(request, Meeting, record.meeting_id, "meetings.delete_agendaitem")
    try:
        item = services.item_restore(item_id=pk, by=guards.author(request))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Item %(number)s, “%(case)s”, is back on the agenda.")
            % {"number": item.number, "case": item.case.title},
        )
    return HttpResponseRedirect(meeting.get_absolute_url())


STEP_DONE = {
    "lock": _("The agenda was locked."),
    "publish": _("The agenda was published to the forum."),
    "hold": _("The meeting is marked as held: record the decisions."),
    "approve_minutes": _("The minutes were approved."),
}


@confirm.destroys
@guards.checks_object_permission("meetings.change_meeting")
def meeting_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Move the meeting one step on (lock, publish, hold, approve the minutes): none can be
    taken back, so each asks first."""
    meeting = guards.get_object(request, Meeting, pk, "meetings.change_meeting")
    if step not in services.STEPS:
        raise Http404
    if request.method != "POST":
        return confirm.ask(request, step_confirmation(meeting, step))
    try:
        services.meeting_step(meeting=meeting, step=step, by=guards.author(request))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, str(STEP_DONE[step]))
    return HttpResponseRedirect(meeting.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission("meetings.add_itemdecision")
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = guards.get_object(
        request,
        AgendaItem.objects.select_related("meeting", "case__project"),
        pk,
        "meetings.add_itemdecision",
    )
    existing = ItemDecision.objects.filter(item=item).first()
    initial: dict[str, Any] = {"decided_on": item.meeting.date}
    if existing is not None:
        initial = {
            "outcome": existing.outcome,
            "text": existing.text,
            "decided_on": existing.decided_on,
        }
    elif item.kind == AgendaItem.Kind.INFORMATION:
        initial["outcome"] = ItemDecision.Outcome.NOTED
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decision_record(
                    item=item,
                    outcome=form.cleaned_data["outcome"],
                    text=form.cleaned_data["text"],
                    decided_on=form.cleaned_data["decided_on"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("The decision on item %(number)s was recorded.") % {"number": item.number},
                )
                return HttpResponseRedirect(item.meeting.get_absolute_url())
        messages.error(request, NOTHING_SAVED)
        status = 400
    else:
        form = DecisionForm(initial=initial)
    return render(
        request,
        "meetings/itemdecision_form.html",
        {"item": item, "meeting": item.meeting, "form": form, "existing": existing},
        status=status,
    )
