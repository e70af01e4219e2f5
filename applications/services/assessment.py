"""Staff's assessment of a submitted request: case officer, checklist, comments, questions to
the applicant, rejection — and acceptance (`applications.services.acceptance`).

Every write is keyword-only, atomic, takes the request's row lock first (so two staff members
acting at once take turns and the second sees what the first did), names its author (`by`) in
the audit history and is refused with a `ValidationError` carrying a code. The applicant's own
`lock` (services.requests) refuses submitted requests; these are the staff's writes, which act
on submitted ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.guards import AnyUser
from accounts.predicates import manages_grants
from applications import notices
from applications.models import (
    ChecklistAnswer,
    ChecklistQuestion,
    ChecklistTemplate,
    Request,
    RequestMessage,
)
from applications.services.acceptance import request_accept
from applications.services.locking import lock_for_staff, next_version
from core import audit

__all__ = [
    "answers_save",
    "checklist_of",
    "comment_add",
    "request_accept",
    "request_ask",
    "request_assign",
    "request_reject",
]

# (answer code or "" to clear, note) per question id.
Answers = Mapping[int, tuple[str, str]]


def checklist_of(request: Request) -> ChecklistTemplate | None:
    """The checklist `request` is assessed by: an application's call's, a change request's
    programme's checklist for change requests; None when there is none."""
    if request.is_application:
        return request.call.checklist if request.call is not None else None
    if request.project is None:
        return None
    return ChecklistTemplate.objects.filter(
        programme_id=request.project.programme_id, for_change_requests=True
    ).first()


def may_be_case_officer(user: AnyUser) -> bool:
    return bool(getattr(user, "is_active", False)) and bool(manages_grants.test(user))


def request_assign(
    *, request: Request, officer: AbstractBaseUser | None, by: AbstractBaseUser
) -> Request:
    """Make `officer` (regional staff or an administrator) the request's case officer, or
    take the assignment off with None. Not for a draft: nobody assesses what is not sent."""
    if officer is not None and not may_be_case_officer(officer):
        raise ValidationError(
            _("A case officer must be one of the regional staff."), code="not_staff"
        )
    with transaction.atomic():
        stored = lock_for_staff(request)
        if stored.status == Request.Status.DRAFT:
            raise ValidationError(
                _("A draft has not been submitted: it has no case officer yet."), code="draft"
            )
        stored.case_officer_id = officer.pk if officer is not None else None
        audit.save_checked(stored, by=by, update_fields=["case_officer"])
    return stored


def answers_save(*, request: Request, answers: Answers, by: AbstractBaseUser) -> Request:
    """Save the checklist's answers (yes / no / not relevant, with a note) of a submitted
    request: all or none. An answer "" with no note clears the question's answer. A question
    of another checklist is refused."""
    valid = set(ChecklistAnswer.Answer.values)
    with transaction.atomic():
        stored = lock_for_staff(request, Request.Status.SUBMITTED)
        checklist = checklist_of(stored)
        questions = (
            set(ChecklistQuestion.objects.filter(template=checklist).values_list("pk", flat=True))
            if checklist is not None
            else set()
        )
        if any(question_id not in questions for question_id in answers):
            raise ValidationError(
                _("The answers named a question that is not on the request's checklist."),
                code="unknown_question",
            )
        existing = {a.question_id: a for a in ChecklistAnswer.objects.filter(request=stored)}
        for question_id, (answer, note) in answers.items():
            note = note.strip()
            if answer and answer not in valid:
                raise ValidationError(_("Choose yes, no or not relevant."), code="invalid_answer")
            if not answer and note:
                raise ValidationError(
                    _("A note needs an answer: choose yes, no or not relevant."),
                    code="note_without_answer",
                )
            row = existing.get(question_id)
            if not answer:
                if row is not None:
                    audit.delete(row, by=by)
                continue
            if row is None:
                row = ChecklistAnswer(request=stored, question_id=question_id)
            elif (row.answer, row.note) == (answer, note):
                continue
            row.answer, row.note, row.answered_by_id = answer, note, by.pk
            audit.save(row, by=by)
    return stored


def _message(request: Request, kind: str, text: str, by: AbstractBaseUser) -> RequestMessage:
    return audit.save(RequestMessage(request=request, kind=kind, text=text, author_id=by.pk), by=by)


def comment_add(*, request: Request, text: str, by: AbstractBaseUser) -> RequestMessage:
    """An internal comment among staff on the request (the applicant never sees it)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")}, code="required")
    with transaction.atomic():
        stored = lock_for_staff(request)
        return _message(stored, RequestMessage.Kind.COMMENT, text, by)


def request_ask(*, request: Request, questions: str, by: AbstractBaseUser) -> Request:
    """Return a submitted request to the applicant with `questions`: it becomes editable
    (more information asked for) until the applicant submits it again, as its next version."""
    questions = questions.strip()
    if not questions:
        raise ValidationError(
            {"questions": _("Write the questions to the applicant.")}, code="required"
        )
    with transaction.atomic():
        stored = lock_for_staff(request, Request.Status.SUBMITTED)
        _message(stored, RequestMessage.Kind.QUESTION, questions, by)
        stored.status = Request.Status.MORE_INFO
        next_version(stored, by, "status")
        notices.request_returned(stored, by=by)
    return stored


def request_reject(*, request: Request, reason: str, by: AbstractBaseUser) -> Request:
    """Reject a submitted request (or one waiting for the applicant's answer) with `reason`,
    which the applicant reads."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")}, code="required")
    with transaction.atomic():
        stored = lock_for_staff(request, Request.Status.SUBMITTED, Request.Status.MORE_INFO)
        stored.status = Request.Status.REJECTED
        stored.rejection_reason = reason
        next_version(stored, by, "status", "rejection_reason")
        notices.request_decided(stored, by=by)
    return stored


def answers_of(request: Request) -> dict[int, ChecklistAnswer]:
    """The request's answers by question id (one query)."""
    return {a.question_id: a for a in ChecklistAnswer.objects.filter(request=request)}


def questions_of(checklist: ChecklistTemplate | None) -> Iterable[ChecklistQuestion]:
    if checklist is None:
        return []
    return list(ChecklistQuestion.objects.filter(template=checklist).order_by("order", "pk"))
