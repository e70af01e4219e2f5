"""Writes of calls for applications and of the checklists requests are assessed by.

Keyword-only and atomic, validated with `full_clean`, the author named for the audit history
(`core.audit`); they raise `ValidationError` and save nothing when refused. What they guard
beyond the database's constraints:

- a call closes after it opens, asks only for indicators its programme has chosen, and is
  assessed by a checklist of its programme made for applications;
- a call's indicators stay once applications have been made to it (they set targets for them);
- a call is published only while it has a closing time ahead; it is unpublished, or deleted,
  only while nobody has submitted an application to it (a draft keeps its call);
- the checklists' own rules are in `applications.services.checklists`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Call, ChecklistTemplate, Request
from core import audit
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
