"""The region's review of a submitted report: each line, then accept or return it.

Four eyes: neither the lines' review nor the acceptance is done by the one who submitted.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from spending import notices
from spending.models import ExpenditureLine, SpendingReport
from spending.services.reports import locked_report

Outcome = ExpenditureLine.Outcome


def _require_submitted(report: SpendingReport) -> None:
    if report.status != SpendingReport.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted report can be reviewed; this one is %(status)s.")
            % {"status": report.get_status_display()},
            code="not_submitted",
        )


def _require_other_eyes(report: SpendingReport, by: AbstractBaseUser) -> None:
    if report.submitted_by_id == by.pk:
        raise ValidationError(
            _("You submitted this report: another person must review and accept it."),
            code="four_eyes",
        )


def line_review(
    *,
    line: ExpenditureLine,
    by: AbstractBaseUser,
    outcome: str,
    accepted_amount: int | None = None,
    reason: str = "",
) -> ExpenditureLine:
    """Accept a line in full, reduce it (to `accepted_amount`, with a reason) or reject it."""
    reason = reason.strip()
    with transaction.atomic():
        report = locked_report(line.report)
        _require_submitted(report)
        _require_other_eyes(report, by)
        current = ExpenditureLine.objects.select_related("report__project").get(pk=line.pk)
        if outcome == Outcome.ACCEPTED:
            amount: int = current.amount
        elif outcome == Outcome.REDUCED:
            if accepted_amount is None or not 0 <= accepted_amount < current.amount:
                raise ValidationError(
                    {
                        "accepted_amount": _(
                            "A reduced line is accepted with less than its amount, and not "
                            "less than nothing."
                        )
                    },
                    code="bad_reduction",
                )
            amount = accepted_amount
        elif outcome == Outcome.REJECTED:
            amount = 0
        else:
            raise ValidationError({"outcome": _("Choose accept, reduce or reject.")})
        if outcome != Outcome.ACCEPTED and not reason:
            raise ValidationError(
                {"reason": _("Give the reason for reducing or rejecting the line.")},
                code="reason_required",
            )
        current.outcome = outcome
        current.accepted_amount = amount
        current.review_reason = reason if outcome != Outcome.ACCEPTED else ""
        current.reviewed_by_id = by.pk
        current.reviewed_at = timezone.now()
        return audit.save(current, by=by)


def report_accept(*, report: SpendingReport, by: AbstractBaseUser) -> SpendingReport:
    """Accept a submitted report; lines not reviewed are accepted in full. Then frozen."""
    with transaction.atomic():
        current = locked_report(report)
        _require_submitted(current)
        _require_other_eyes(current, by)
        now = timezone.now()
        for line in current.lines.filter(outcome=Outcome.PENDING):
            line.outcome = Outcome.ACCEPTED
            line.accepted_amount = line.amount
            line.reviewed_by_id = by.pk
            line.reviewed_at = now
            audit.save(line, by=by)
        current.status = SpendingReport.Status.ACCEPTED
        current.reviewed_by_id = by.pk
        current.reviewed_at = now
        current.return_reason = ""
        audit.save(current, by=by)
        notices.report_reviewed(current, by=by)
        return current


def report_return(*, report: SpendingReport, by: AbstractBaseUser, reason: str) -> SpendingReport:
    """Send a submitted report back to the secretariat for changes, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say what the secretariat must change.")}, code="reason_required"
        )
    with transaction.atomic():
        current = locked_report(report)
        _require_submitted(current)
        current.status = SpendingReport.Status.RETURNED
        current.return_reason = reason
        current.reviewed_by_id = by.pk
        current.reviewed_at = timezone.now()
        audit.save(current, by=by)
        notices.report_reviewed(current, by=by)
        return current
