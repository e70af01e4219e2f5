"""The actions of the staff's workspace: each a small view that calls one service and goes
back to the workspace with the outcome as a message. Rejecting and accepting ask first, on a
page of their own: their GET shows the question and the form, only their POST acts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import guards
from applications.forms.assessment import (
    NEW_CASE,
    AcceptForm,
    AskForm,
    AssignForm,
    ChecklistForm,
    CommentForm,
    RejectForm,
)
from applications.models import Request
from applications.services.acceptance import deciding_body, linkable_decisions, open_cases
from applications.services.assessment import (
    answers_of,
    answers_save,
    checklist_of,
    comment_add,
    questions_of,
    request_accept,
    request_ask,
    request_assign,
    request_reject,
)
from applications.views.assessment import PERMISSION, get_assessed
from core.refusals import refusal_messages, show_refusal
from grants.models import Case, DecisionBody, GrantDecision


def _back(assessed: Request) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("applications:request_assess", args=[assessed.pk]))


def _form_refused(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@require_POST
@guards.checks_object_permission(PERMISSION)
def assess_assign(request: HttpRequest, pk: int) -> HttpResponse:
    assessed = get_assessed(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return _back(assessed)
    try:
        request_assign(
            request=assessed, officer=form.cleaned_data["officer"], by=guards.author(request)
        )
    except ValidationError as refusal:
        refusal_messages(request, refusal)
    else:
        messages.success(request, _("The case officer was saved."))
    return _back(assessed)


@require_POST
@guards.checks_object_permission(PERMISSION)
def assess_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    assessed = get_assessed(request, pk)
    questions = list(questions_of(checklist_of(assessed)))
    form = ChecklistForm(request.POST, questions=questions, answers=answers_of(assessed))
    if not form.is_valid():
        _form_refused(request, form)
        return _back(assessed)
    try:
        answers_save(request=assessed, answers=form.answers(), by=guards.author(request))
    except ValidationError as refusal:
        refusal_messages(request, refusal)
    else:
        messages.success(request, _("The checklist was saved."))
    return _back(assessed)


@require_POST
@guards.checks_object_permission(PERMISSION)
def assess_comment(request: HttpRequest, pk: int) -> HttpResponse:
    assessed = get_assessed(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return _back(assessed)
    try:
        comment_add(request=assessed, text=form.cleaned_data["text"], by=guards.author(request))
    except ValidationError as refusal:
        refusal_messages(request, refusal)
    else:
        messages.success(request, _("The comment was added."))
    return _back(assessed)


@require_POST
@guards.checks_object_permission(PERMISSION)
def assess_ask(request: HttpRequest, pk: int) -> HttpResponse:
    assessed = get_assessed(request, pk)
    form = AskForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return _back(assessed)
    try:
        request_ask(
            request=assessed, questions=form.cleaned_data["questions"], by=guards.author(request)
        )
    except ValidationError as refusal:
        refusal_messages(request, refusal)
    else:
        messages.success(
            request, _("The request was returned to the applicant with your questions.")
        )
    return _back(assessed)


def _asked(
    request: HttpRequest, template: str, assessed: Request, form: forms.Form, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"assessed": assessed, "form": form}
    return render(request, f"applications/assessment/{template}", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(PERMISSION)
def assess_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks for the reason first; the POST rejects."""
    assessed = get_assessed(request, pk)
    if request.method != "POST":
        return _asked(request, "request_reject.html", assessed, RejectForm())
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: correct the marked fields."))
        return _asked(request, "request_reject.html", assessed, form)
    try:
        request_reject(
            request=assessed, reason=form.cleaned_data["reason"], by=guards.author(request)
        )
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            show_refusal(form, refusal)
            return _asked(request, "request_reject.html", assessed, form)
        refusal_messages(request, refusal)
    else:
        messages.success(request, _("The request was rejected."))
    return _back(assessed)


def accept_choices(assessed: Request) -> list[tuple[str, str]]:
    """What the accept page offers: a new case, the project's open cases, and for a change
    request the project's decisions that no other request has become."""
    choices = [(NEW_CASE, _("A new case draft"))]
    choices += [
        (f"case-{case.pk}", _("The open case %(title)s") % {"title": case.title})
        for case in open_cases(assessed.project)
    ]
    if not assessed.is_application:
        choices += [
            (
                f"decision-{decision.pk}",
                _("Link to the existing decision %(title)s (%(status)s), creating nothing")
                % {"title": decision.title, "status": decision.get_status_display()},
            )
            for decision in linkable_decisions(assessed)
        ]
    return choices


def _target(value: str) -> tuple[Case | None, GrantDecision | None]:
    kind, _sep, number = value.partition("-")
    if kind == "case":
        return Case.objects.get(pk=int(number)), None
    if kind == "decision":
        return None, GrantDecision.objects.get(pk=int(number))
    return None, None


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(PERMISSION)
def assess_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks where the decision goes first; the POST accepts."""
    assessed = get_assessed(request, pk)
    choices = accept_choices(assessed)
    try:
        body: DecisionBody | None = deciding_body(assessed.project)
    except ValidationError:
        body = None
    if request.method != "POST":
        form = AcceptForm(choices=choices, body=body)
        return _asked(request, "request_accept.html", assessed, form)
    form = AcceptForm(request.POST, choices=choices, body=body)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: correct the marked fields."))
        return _asked(request, "request_accept.html", assessed, form)
    case, decision = _target(form.cleaned_data["target"])
    try:
        accepted = request_accept(
            request=assessed,
            case=case,
            decision=decision,
            body=form.cleaned_data["body"],
            by=guards.author(request),
        )
    except ValidationError as refusal:
        refusal_messages(request, refusal)
        return _back(assessed)
    if accepted.decision is not None and decision is None:
        messages.success(
            request, _("The request was accepted: the decision and case drafts hold its figures.")
        )
    else:
        messages.success(request, _("The request was accepted."))
    return _back(assessed)
