"""Writes of the checklists requests are assessed by, and of their questions.

Keyword-only and atomic, validated with `full_clean`, the author named for the audit history
(`core.audit`); they raise `ValidationError` and save nothing when refused. A checklist that
has assessed a request never changes (`ChecklistTemplate.in_use`, code "in_use"): neither its
name nor its questions. Copying it makes a new checklist to change.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import ChecklistQuestion, ChecklistTemplate
from applications.models.calls import IN_USE, refuse_if_used
from core import audit
from core.confirm import protected_by
from grants.models import Programme


def _locked(checklist: ChecklistTemplate) -> ChecklistTemplate:
    """`checklist` locked for the write, refused when it has been used."""
    locked = ChecklistTemplate.objects.select_for_update().get(pk=checklist.pk)
    refuse_if_used(locked.pk)
    return locked


def checklist_create(
    *,
    programme: Programme,
    name: str,
    for_change_requests: bool = False,
    by: AbstractBaseUser,
) -> ChecklistTemplate:
    """A new, empty checklist of `programme`."""
    checklist = ChecklistTemplate(
        programme=programme, name=name, for_change_requests=for_change_requests
    )
    with transaction.atomic():
        return audit.save(checklist, by=by)


def checklist_update(
    *, checklist: ChecklistTemplate, name: str, for_change_requests: bool, by: AbstractBaseUser
) -> ChecklistTemplate:
    """Rename a checklist, or say whether it is the one for change requests; not once used."""
    with transaction.atomic():
        locked = _locked(checklist)
        if for_change_requests and locked.calls.exists():
            raise ValidationError(
                {
                    "for_change_requests": ValidationError(
                        _("Calls assess their applications by this checklist."),
                        code="used_by_calls",
                    )
                }
            )
        locked.name, locked.for_change_requests = name, for_change_requests
        return audit.save(locked, by=by)


def checklist_delete_refusal(checklist: ChecklistTemplate) -> list[str]:
    """Why `checklist` cannot be deleted (nothing when it can)."""
    if checklist.in_use():
        return [str(IN_USE)]
    calls = checklist.calls.count()
    if calls:
        return [
            ngettext(
                "%(count)s call assesses its applications by the checklist, so it cannot be "
                "deleted.",
                "%(count)s calls assess their applications by the checklist, so it cannot be "
                "deleted.",
                calls,
            )
            % {"count": calls}
        ]
    blocking = protected_by(checklist)
    if blocking:
        return [
            _("The checklist is used by %(users)s and cannot be deleted.")
            % {"users": ", ".join(blocking)}
        ]
    return []


def checklist_delete(*, checklist: ChecklistTemplate, by: AbstractBaseUser) -> None:
    """Delete an unused checklist that no call names, with its questions."""
    with transaction.atomic():
        locked = ChecklistTemplate.objects.select_for_update().get(pk=checklist.pk)
        if locked.in_use():
            raise ValidationError(IN_USE, code="in_use")
        refusal = checklist_delete_refusal(locked)
        if refusal:
            raise ValidationError(refusal, code="used_by_calls")
        audit.delete(locked, by=by)


def checklist_copy(
    *, checklist: ChecklistTemplate, name: str, by: AbstractBaseUser
) -> ChecklistTemplate:
    """A new checklist of the same programme with `checklist`'s questions, free to change: the
    way to change a checklist that has been used."""
    with transaction.atomic():
        copy = audit.save(ChecklistTemplate(programme_id=checklist.programme_id, name=name), by=by)
        questions = [
            ChecklistQuestion(
                template=copy, text=question.text, guidance=question.guidance, order=order
            )
            for order, question in enumerate(
                ChecklistQuestion.objects.filter(template=checklist).order_by("order", "pk"),
                start=1,
            )
        ]
        for question in questions:
            audit.save(question, by=by)
    return copy


def question_add(
    *, checklist: ChecklistTemplate, text: str, guidance: str = "", by: AbstractBaseUser
) -> ChecklistQuestion:
    """Add a question at the end of an unused checklist."""
    with transaction.atomic():
        locked = _locked(checklist)
        last = locked.questions.aggregate(last=Max("order"))["last"] or 0
        question = ChecklistQuestion(template=locked, text=text, guidance=guidance, order=last + 1)
        return audit.save(question, by=by)


def question_update(
    *, question: ChecklistQuestion, text: str, guidance: str, by: AbstractBaseUser
) -> ChecklistQuestion:
    """Reword a question of an unused checklist."""
    with transaction.atomic():
        _locked(question.template)
        question = ChecklistQuestion.objects.get(pk=question.pk)
        question.text, question.guidance = text, guidance
        return audit.save(question, by=by)


def question_delete(*, question: ChecklistQuestion, by: AbstractBaseUser) -> None:
    """Remove a question from an unused checklist."""
    with transaction.atomic():
        _locked(question.template)
        audit.delete(question, by=by)


def question_reorder(*, question: ChecklistQuestion, up: bool, by: AbstractBaseUser) -> None:
    """Move a question of an unused checklist one place up or down, numbering them 1, 2, 3 …"""
    with transaction.atomic():
        _locked(question.template)
        rows = list(
            ChecklistQuestion.objects.select_for_update()
            .filter(template_id=question.template_id)
            .order_by("order", "pk")
        )
        keys = [row.pk for row in rows]
        if question.pk not in keys:
            return
        index = keys.index(question.pk)
        target = index - 1 if up else index + 1
        if not 0 <= target < len(rows):
            return
        rows[index], rows[target] = rows[target], rows[index]
        for order, row in enumerate(rows, start=1):
            if row.order != order:
                row.order = order
                audit.save_checked(row, by=by, update_fields=["order"])
