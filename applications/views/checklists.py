"""The pages of assessment checklists: the list, a checklist with its questions (added,
reworded, moved and removed one at a time), and copying one. A checklist that has assessed a
request is shown read-only, with the copy as the way to change it. Every write goes through
`applications.services.calls`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import guards
from applications.forms.calls import ChecklistCopyForm, ChecklistForm, QuestionForm
from applications.models import ChecklistAnswer, ChecklistQuestion, ChecklistTemplate
from applications.models.calls import IN_USE
from applications.services import checklists as services
from core import confirm
from core.refusals import NOT_SAVED, refusal_messages, show_refusal

VIEW = "applications.view_checklisttemplate"
CHANGE = "applications.change_checklisttemplate"


def _used() -> Exists:
    return Exists(ChecklistAnswer.objects.filter(question__template_id=OuterRef("pk")).values("pk"))


@require_http_methods(["GET", "HEAD"])
@guards.permission_required(VIEW)
def checklist_list(request: HttpRequest) -> HttpResponse:
    """Every programme's checklists, with their questions and calls counted: one query."""
    checklists = (
        ChecklistTemplate.objects.select_related("programme")
        .annotate(
            question_count=Count("questions", distinct=True),
            call_count=Count("calls", distinct=True),
            used=_used(),
        )
        .order_by("programme__name", "name", "pk")
    )
    return render(request, "applications/calls/checklist_list.html", {"checklists": checklists})


@require_http_methods(["GET", "HEAD", "POST"])
@guards.permission_required("applications.add_checklisttemplate")
def checklist_create(request: HttpRequest) -> HttpResponse:
    form = ChecklistForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                checklist = services.checklist_create(
                    programme=data["programme"],
                    name=data["name"],
                    for_change_requests=data["for_change_requests"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The checklist was saved: add its questions."))
                return HttpResponseRedirect(checklist.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request, "applications/calls/checklist_form.html", {"form": form, "checklist": None}
    )


def _checklist(request: HttpRequest, pk: int, perm: str) -> ChecklistTemplate:
    return guards.get_object(
        request, ChecklistTemplate.objects.select_related("programme"), pk, perm
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(VIEW)
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist's questions; while it is unused, the form that adds one (POST here)."""
    checklist = _checklist(request, pk, VIEW)
    in_use = checklist.in_use()
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        guards.require(request.user, "applications.add_checklistquestion", checklist)
        if form.is_valid():
            try:
                services.question_add(
                    checklist=checklist,
                    text=form.cleaned_data["text"],
                    guidance=form.cleaned_data["guidance"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The question was added."))
                return HttpResponseRedirect(checklist.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "applications/calls/checklist_detail.html",
        {
            "checklist": checklist,
            "questions": list(checklist.questions.order_by("order", "pk")),
            "calls": list(checklist.calls.order_by("-closes_at", "pk")),
            "in_use": in_use,
            "form": form,
            "may_change": not in_use and guards.has_perm(request.user, CHANGE, checklist),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(CHANGE)
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk, CHANGE)
    if checklist.in_use():
        messages.error(request, _("The checklist has been used and can no longer change."))
        return HttpResponseRedirect(checklist.get_absolute_url())
    form = ChecklistForm(request.POST if request.method == "POST" else None, instance=checklist)
    form.fields["programme"].disabled = True
    if request.method == "POST":
        if form.is_valid():
            try:
                services.checklist_update(
                    checklist=checklist,
                    name=form.cleaned_data["name"],
                    for_change_requests=form.cleaned_data["for_change_requests"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The checklist was saved."))
                return HttpResponseRedirect(checklist.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request, "applications/calls/checklist_form.html", {"form": form, "checklist": checklist}
    )


@confirm.destroys
@guards.checks_object_permission("applications.delete_checklisttemplate")
def checklist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = _checklist(request, pk, "applications.delete_checklisttemplate")
    if request.method != "POST":
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete the checklist"),
                question=_("Delete the checklist “%(name)s” with its questions?")
                % {"name": checklist.name},
                consequences=[_("Its history is kept.")],
                refusal=services.checklist_delete_refusal(checklist),
                button=_("Yes, delete the checklist"),
                cancel_url=checklist.get_absolute_url(),
                trail=_trail(checklist),
            ),
        )
    try:
        services.checklist_delete(checklist=checklist, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
        return HttpResponseRedirect(checklist.get_absolute_url())
    messages.success(request, _("The checklist “%(name)s” was deleted.") % {"name": checklist.name})
    return HttpResponseRedirect(reverse("applications:checklist_list"))


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission("applications.add_checklisttemplate")
def checklist_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A new checklist with this one's questions: the way to change a used checklist."""
    checklist = _checklist(request, pk, "applications.add_checklisttemplate")
    if request.method == "POST":
        form = ChecklistCopyForm(request.POST)
        if form.is_valid():
            try:
                copy = services.checklist_copy(
                    checklist=checklist, name=form.cleaned_data["name"], by=guards.author(request)
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The copy was made: change it as you need."))
                return HttpResponseRedirect(copy.get_absolute_url())
        messages.error(request, NOT_SAVED)
    else:
        form = ChecklistCopyForm(initial={"name": _("%(name)s (copy)") % {"name": checklist.name}})
    return render(
        request, "applications/calls/checklist_copy.html", {"form": form, "checklist": checklist}
    )


def _trail(checklist: ChecklistTemplate) -> list[tuple[str, str]]:
    return [
        (reverse("applications:checklist_list"), _("Assessment checklists")),
        (checklist.get_absolute_url(), checklist.name),
    ]


def _question(request: HttpRequest, pk: int, perm: str) -> ChecklistQuestion:
    return guards.get_object(
        request, ChecklistQuestion.objects.select_related("template__programme"), pk, perm
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission("applications.change_checklistquestion")
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, "applications.change_checklistquestion")
    checklist = question.template
    if checklist.in_use():
        messages.error(request, _("The checklist has been used and can no longer change."))
        return HttpResponseRedirect(checklist.get_absolute_url())
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_update(
                    question=question,
                    text=form.cleaned_data["text"],
                    guidance=form.cleaned_data["guidance"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The question was saved."))
                return HttpResponseRedirect(checklist.get_absolute_url())
        messages.error(request, NOT_SAVED)
    else:
        form = QuestionForm(initial={"text": question.text, "guidance": question.guidance})
    return render(
        request,
        "applications/calls/question_form.html",
        {"form": form, "question": question, "checklist": checklist},
    )


@confirm.destroys
@guards.checks_object_permission("applications.delete_checklistquestion")
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, "applications.delete_checklistquestion")
    checklist = question.template
    if request.method != "POST":
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete the question"),
                question=_("Delete the question “%(text)s” from %(name)s?")
                % {"text": question.text, "name": checklist.name},
                refusal=[str(IN_USE)] if checklist.in_use() else [],
                button=_("Yes, delete the question"),
                cancel_url=checklist.get_absolute_url(),
                trail=_trail(checklist),
            ),
        )
    try:
        services.question_delete(question=question, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The question was deleted."))
    return HttpResponseRedirect(checklist.get_absolute_url())


@require_POST
@guards.checks_object_permission("applications.change_checklistquestion")
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, "applications.change_checklistquestion")
    up = {"up": True, "down": False}.get(request.POST.get("direction", ""))
    if up is None:
        messages.error(request, _("The page was incomplete: reload it and try again."))
    else:
        try:
            services.question_reorder(question=question, up=up, by=guards.author(request))
        except ValidationError as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("The order of the questions was saved."))
    return HttpResponseRedirect(question.template.get_absolute_url())
