"""Writes of calls for applications and of the checklists requests are assessed by.

Keyword-only and atomic, validated with `full_clean`, the author named for the audit history
(`core.audit`); they raise `ValidationError` and save nothing when refused. What they guard
beyond the database's constraints:

- a call closes after it opens, asks only for indicators its programme has chosen, and is
  assessed by a checklist of its programme made for applications;
- a call's indicators stay once applications have been made to it (they set targets for them);
- a call is published only while it has a closing time ahead; it is unpublished, or deleted,
  only while nobody has submitted an application to it (a draft keeps its call);
- a checklist that has assessed a request never changes (`ChecklistTemplate.in_use`): neither
  its name nor its questions. Copying it makes a new checklist to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Call, ChecklistQuestion, ChecklistTemplate, Request
from applications.models.calls import IN_USE, refuse_if_used
from core import audit
from core.confirm import protected_by
from grants.models import Indicator, Programme


def programme_indicators(programme: Programme | int) -> list[Indicator]:
    """The indicators a call of `programme` may ask targets for: those it has chosen."""
    pk = programme if isinstance(programme, int) else programme.pk
    return list(Indicator.objects.filter(programme_choices__programme_id=pk).order_by("code"))


def _check_times(opens_at: datetime, closes_at: datetime) -> None:
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        raise ValueError("a call's opening and closing times must be aware datetimes")
    if closes_at <= opens_at:
        raise ValidationError(
            {
                "closes_at": ValidationError(
                    _("The call must close after it opens."), code="closes_before_opening"
                )
            }
        )


def check_indicators(programme: Programme, indicators: list[Indicator]) -> None:
    allowed = {indicator.pk for indicator in programme_indicators(programme)}
    foreign = sorted((i for i in indicators if i.pk not in allowed), key=lambda i: i.code)
    if foreign:
        raise ValidationError(
            {
                "indicators": ValidationError(
                    _(
                        "%(names)s is not an indicator of the programme %(programme)s: choose "
                        "among the programme's indicators."
                    )
                    % {
                        "names": ", ".join(str(indicator) for indicator in foreign),
                        "programme": programme.name,
                    },
                    code="foreign_indicator",
                )
            }
        )


def check_checklist(programme: Programme, checklist: ChecklistTemplate | None) -> None:
    if checklist is None:
        return
    if checklist.programme_id != programme.pk:
        raise ValidationError(
            {
                "checklist": ValidationError(
                    _("The checklist %(name)s belongs to another programme.")
                    % {"name": checklist.name},
                    code="foreign_checklist",
                )
            }
        )
    if checklist.for_change_requests:
        raise ValidationError(
            {
                "checklist": ValidationError(
                    _("The checklist %(name)s is for change requests: choose one for applications.")
                    % {"name": checklist.name},
                    code="change_request_checklist",
                )
            }
        )


def call_create(
    *,
    programme: Programme,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    text: str = "",
    indicators: Iterable[Indicator] = (),
    checklist: ChecklistTemplate | None = None,
    by: AbstractBaseUser,
) -> Call:
    """A new call of `programme`, not yet published."""
    chosen = list(indicators)
    _check_times(opens_at, closes_at)
    check_indicators(programme, chosen)
    check_checklist(programme, checklist)
    call = Call(
        programme=programme,
        title=title,
        text=text,
        opens_at=opens_at,
        closes_at=closes_at,
        checklist=checklist,
        published=False,
    )
    with transaction.atomic(), audit.authored_by(by):
        audit.save(call, by=by)
        call.indicators.set(chosen)
    return call


def call_update(
    *,
    call: Call,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    text: str,
    indicators: Iterable[Indicator],
    checklist: ChecklistTemplate | None,
    by: AbstractBaseUser,
) -> Call:
    """Change a call's texts, times, indicators and checklist (its programme stays)."""
    chosen = list(indicators)
    _check_times(opens_at, closes_at)
    with transaction.atomic():
        call = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
        check_indicators(call.programme, chosen)
        check_checklist(call.programme, checklist)
        before = set(call.indicators.values_list("pk", flat=True))
        if before != {i.pk for i in chosen} and call.applications.exists():
            raise ValidationError(
                {
                    "indicators": ValidationError(
                        _(
                            "Applications have been made to the call and set targets for its "
                            "indicators, so its indicators can no longer change."
                        ),
                        code="has_applications",
                    )
                }
            )
        call.title, call.text = title, text
        call.opens_at, call.closes_at = opens_at, closes_at
        call.checklist = checklist
        with audit.authored_by(by):
            audit.save(call, by=by)
            if before != {i.pk for i in chosen}:
                call.indicators.set(chosen)
    return call


def publish_refusal(call: Call, *, now: datetime | None = None) -> list[str]:
    """Why `call` cannot be published now (nothing when it can)."""
    now = now or timezone.now()
    if call.published:
        return [_("The call is published already.")]
    if not call.title.strip():
        return [_("The call has no title: give it one before publishing it.")]
    if call.closes_at <= now:
        return [
            _("The call's closing time has passed: set a later closing time before publishing it.")
        ]
    return []


def call_publish(*, call: Call, by: AbstractBaseUser, now: datetime | None = None) -> Call:
    """Publish `call`: applicants see it from its opening time until it closes."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        refusal = publish_refusal(call, now=now)
        if refusal:
            raise ValidationError(refusal, code="not_publishable")
        call.published = True
        audit.save(call, by=by, update_fields=["published", "updated_at"])
    return call


def application_counts(call: Call) -> dict[str, int]:
    """How many draft and submitted applications `call` has: one query."""
    draft = Q(status=Request.Status.DRAFT)
    counted = call.applications.aggregate(
        draft=Count("pk", filter=draft), submitted=Count("pk", filter=~draft)
    )
    return {Request.Status.DRAFT: counted["draft"], "submitted": counted["submitted"]}


def submitted_count(call: Call) -> int:
    """How many applications to `call` have been submitted (whatever became of them since)."""
    return call.applications.exclude(status=Request.Status.DRAFT).count()


def unpublish_refusal(call: Call) -> list[str]:
    """Why `call` cannot be unpublished (nothing when it can)."""
    if not call.published:
        return [_("The call is not published.")]
    submitted = submitted_count(call)
    if submitted:
        return [
            ngettext(
                "%(count)s application has been submitted to the call, so it stays published.",
                "%(count)s applications have been submitted to the call, so it stays published.",
                submitted,
            )
            % {"count": submitted}
        ]
    return []


def call_unpublish(*, call: Call, by: AbstractBaseUser) -> Call:
    """Take `call` back from the applicants, while nobody has submitted an application to it."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        refusal = unpublish_refusal(call)
        if refusal:
            raise ValidationError(refusal, code="has_submissions")
        call.published = False
        audit.save(call, by=by, update_fields=["published", "updated_at"])
    return call


def delete_refusal(call: Call) -> list[str]:
    """Why `call` cannot be deleted (nothing when it can)."""
    count = call.applications.count()
    if count:
        return [
            ngettext(
                "The call has %(count)s application (drafts count too), so it cannot be "
                "deleted. Unpublish it instead, or let it close.",
                "The call has %(count)s applications (drafts count too), so it cannot be "
                "deleted. Unpublish it instead, or let it close.",
                count,
            )
            % {"count": count}
        ]
    return []


def call_delete(*, call: Call, by: AbstractBaseUser) -> None:
    """Delete a call nobody has applied to."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        refusal = delete_refusal(call)
        if refusal:
            raise ValidationError(refusal, code="has_applications")
        audit.delete(call, by=by)


# --- Checklists -------------------------------------------------------------------------------


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
