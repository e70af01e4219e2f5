"""Writes of reported values: a secretariat reports, regional staff approve or return.

Keyword-only and atomic, validated with `full_clean`; they raise `ValidationError` and save
nothing when refused. Who and when are kept on the row and in its audit history. What they
guard: a value is reported only for a target of a reported indicator, for a period within the
decision's period that overlaps no other value still counting (awaiting approval or approved);
only a value awaiting approval is approved or returned, never by the one who reported it, and
a return says why.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit, uploads
from grants.models import Target
from progress import notices
from progress.models import ReportedValue
from progress.pace import period_bounds

Status = ReportedValue.Status


def _check_period(target: Target, start: date, end: date) -> None:
    first, last = period_bounds(target.decision.first_year, target.decision.last_year)
    if end < start:
        raise ValidationError(
            {
                "period_end": ValidationError(
                    _("The period cannot end before it begins."), code="period_order"
                )
            }
        )
    if start < first or end > last:
        raise ValidationError(
            {
                "period_start": ValidationError(
                    _("The period must lie within the decision's period, %(first)s to %(last)s.")
                    % {"first": date_format(first), "last": date_format(last)},
                    code="outside_period",
                )
            }
        )
    overlapping = (
        ReportedValue.objects.filter(target=target, status__in=[Status.SUBMITTED, Status.APPROVED])
        .filter(period_start__lte=end, period_end__gte=start)
        .order_by("period_start")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "period_start": ValidationError(
                    _(
                        "A value is already reported for %(start)s to %(end)s, which overlaps this "
                        "period."
                    )
                    % {
                        "start": date_format(overlapping.period_start),
                        "end": date_format(overlapping.period_end),
                    },
                    code="overlap",
                )
            }
        )


def reported_value_submit(
    *,
    target: Target,
    period_start: date,
    period_end: date,
    value: int,
    note: str,
    evidence: UploadedFile | None,
    by: AbstractBaseUser,
) -> ReportedValue:
    """Report what was achieved toward `target` in a period; it counts once approved.

    The evidence, if any, is checked by its content as a case attachment is
    (`core.uploads`) and kept under a random name.
    """
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": ValidationError(_("Say what the value is based on."), code="required")}
        )
    file_type = None
    if evidence is not None:
        try:
            file_type = uploads.check_upload(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.error_dict["file"]}) from None
    with transaction.atomic():
        target = (
            Target.objects.select_for_update()
            .select_related("decision", "indicator")
            .get(pk=target.pk)
        )
        if target.indicator.computed:
            raise ValidationError(
                _("This indicator is computed by the application: there is nothing to report."),
                code="computed",
            )
        _check_period(target, period_start, period_end)
        reported = ReportedValue(
            target=target,
            period_start=period_start,
            period_end=period_end,
            value=value,
            note=note,
            reported_by_id=by.pk,
        )
        if evidence is not None and file_type is not None:
            reported.evidence_token = secrets.token_urlsafe(24)
            reported.evidence_name = uploads.safe_filename(evidence.name or "", file_type)
            reported.evidence_type = file_type.content_type
            reported.evidence_size = evidence.size or 0
        reported.full_clean(exclude=["evidence"])
        if evidence is None:
            audit.save_checked(reported, by=by)
        else:
            reported.evidence.save(reported.evidence_token, evidence, save=False)
            try:
                audit.save_checked(reported, by=by)
            except BaseException:
                reported.evidence.delete(save=False)
                raise
        notices.value_submitted(reported, by=by)
        return reported


def _decide(
    *, reported: ReportedValue, status: str, note: str, by: AbstractBaseUser
) -> ReportedValue:
    with transaction.atomic():
        reported = ReportedValue.objects.select_for_update().get(pk=reported.pk)
        if reported.status != Status.SUBMITTED:
            raise ValidationError(
                _("The value is already %(status)s.") % {"status": reported.get_status_display()},
                code="decided",
            )
        if reported.reported_by_id == by.pk:
            raise ValidationError(
                _("A value is approved or returned by someone other than the one who reported it."),
                code="own_report",
            )
        reported.status = status
        reported.decided_by_id = by.pk
        reported.decided_at = timezone.now()
        reported.decision_note = note
        reported.full_clean(exclude=["evidence"])
        audit.save_checked(reported, by=by)
        notices.value_decided(reported, by=by)
        return reported


def reported_value_approve(*, reported: ReportedValue, by: AbstractBaseUser) -> ReportedValue:
    """Approve a reported value: from now on it counts toward its target."""
    return _decide(reported=reported, status=Status.APPROVED, note="", by=by)


def reported_value_return(
    *, reported: ReportedValue, reason: str, by: AbstractBaseUser
) -> ReportedValue:
    """Return a reported value to the project with the reason; it does not count."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the value is returned."), code="reason_required")}
        )
    return _decide(reported=reported, status=Status.RETURNED, note=reason, by=by)
