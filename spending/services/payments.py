"""Payments: proposed, authorised by another person, paid — never more than was granted.

The ceiling is checked where it cannot be raced: inside the transaction that authorises,
after locking the project's row (`grants.public.lock_project`). Every authorisation of the
project takes that lock first, so a second one waits and then sees the first one's payment;
every write that may lower the project's grants takes it too (`grants.ceiling`), so a grant
cannot come down below a payment authorised at the same moment (`spending.services.ceiling`).
The project row is the lock, not the project's funding-source row, because a project that has
chosen no sources of its own has none.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import audit
from grants.budget import effective_figures
from grants.models import FundingSource, Project, decision_figures
from grants.public import lock_project
from spending import notices, payouts
from spending.models import Payment, SpendingReport
from spending.services.finance import finance_of

Kind = Payment.Kind
Status = Payment.Status


def granted_by_source(project: Project) -> dict[int, int]:
    """Funding source id → kroner the project's counting decisions grant (effective)."""
    decisions = list(project.decisions.counting().order_by("first_year", "pk"))
    return payouts.granted_by_source(effective_figures(decision_figures(decisions)))


def committed(project_id: int, funding_source_id: int, *, exclude_pk: int | None = None) -> int:
    payments = Payment.objects.committed().filter(
        project_id=project_id, funding_source_id=funding_source_id
    )
    if exclude_pk is not None:
        payments = payments.exclude(pk=exclude_pk)
    return int(payments.aggregate(total=Sum("amount"))["total"] or 0)


def final_report_accepted(project_id: int) -> bool:
    return SpendingReport.objects.filter(
        project_id=project_id, final=True, status=SpendingReport.Status.ACCEPTED
    ).exists()


def source_ceiling(project: Project, funding_source_id: int) -> payouts.SourceCeiling:
    """What the source has granted the project, what is committed, and what is payable."""
    return payouts.ceiling_of(
        granted=granted_by_source(project).get(funding_source_id, 0),
        committed=committed(project.pk, funding_source_id),
        share_percent=finance_of(project.programme).final_share_percent,
        final_accepted=final_report_accepted(project.pk),
    )


def _kr(amount: int) -> str:
    return number_format(amount, force_grouping=True)


def _check_ceiling(project: Project, funding_source: FundingSource, amount: int) -> None:
    ceiling = source_ceiling(project, funding_source.pk)
    refusal = payouts.payment_refusal(ceiling, amount)
    if refusal == payouts.OVER_GRANT:
        raise ValidationError(
            _(
                "%(source)s grants %(granted)s kr.; %(committed)s kr. is already authorised or "
                "paid, so at most %(left)s kr. more can be paid."
            )
            % {
                "source": funding_source,
                "granted": _kr(ceiling.granted),
                "committed": _kr(ceiling.committed),
                "left": _kr(max(ceiling.granted - ceiling.committed, 0)),
            },
            code="over_grant",
        )
    if refusal == payouts.HELD_BACK:
        raise ValidationError(
            _(
                "The final share of %(held)s kr. is held back until the final report is "
                "accepted: at most %(left)s kr. more can be paid now."
            )
            % {"held": _kr(ceiling.held_back), "left": _kr(ceiling.payable)},
            code="held_back",
        )
    if refusal == payouts.BELOW_ZERO:
        raise ValidationError(
            _("A recovery cannot exceed what was paid: %(committed)s kr.")
            % {"committed": _kr(ceiling.committed)},
            code="below_zero",
        )


def _check_kind(*, project: Project, kind: str, amount: int, report: SpendingReport | None) -> None:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose the kind of payment.")
    elif kind == Kind.CORRECTION:
        if amount == 0:
            errors["amount"] = _("A correction changes the amount paid: it cannot be nothing.")
    elif amount <= 0:
        errors["amount"] = _("Only a correction (recovery) can be negative; enter an amount.")
    if report is not None:
        if report.project_id != project.pk:
            errors["report"] = _("The report must belong to the same project.")
        elif report.status != SpendingReport.Status.ACCEPTED:
            errors["report"] = _("Only an accepted report can be paid.")
    if kind == Kind.FINAL and (report is None or not report.final):
        errors.setdefault("report", _("A final payment pays the accepted final report."))
    if kind == Kind.INTERIM and report is None:
        errors.setdefault("report", _("An interim payment pays an accepted report."))
    if errors:
        raise ValidationError(errors)


def payment_propose(
    *,
    project: Project,
    funding_source: FundingSource,
    kind: str,
    amount: int,
    dated: date,
    by: AbstractBaseUser,
    report: SpendingReport | None = None,
    note: str = "",
) -> Payment:
    """Propose a payment; refused where it would exceed the grant or the held-back share."""
    _check_kind(project=project, kind=kind, amount=amount, report=report)
    payment = Payment(
        project=project,
        funding_source=funding_source,
        kind=kind,
        amount=amount,
        dated=dated,
        report=report,
        note=note.strip(),
        proposed_by_id=by.pk,
    )
    with transaction.atomic():
        _check_ceiling(project, funding_source, amount)
        audit.save(payment, by=by)
        notices.payment_proposed(payment, by=by)
        return payment


def payment_authorise(*, payment: Payment, by: AbstractBaseUser) -> Payment:
    """Authorise a proposed payment: by another person than the proposer, within the grant.

    The project's row is locked for the check and the write, so two authorisations at the same
    time are checked one after the other and cannot together pay more than was granted.
    """
    with transaction.atomic():
        # The lock every write that may lower the project's grants takes too (grants.ceiling).
        project = lock_project(payment.project_id)
        current = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("funding_source", "report")
            .get(pk=payment.pk)
        )
        if current.status != Status.PROPOSED:
            raise ValidationError(
                _("The payment is already %(status)s.") % {"status": current.get_status_display()},
                code="not_proposed",
            )
        if current.proposed_by_id == by.pk:
            raise ValidationError(
                _("You proposed this payment: another person must authorise it."),
                code="four_eyes",
            )
        _check_kind(
            project=project, kind=current.kind, amount=current.amount, report=current.report
        )
        _check_ceiling(project, current.funding_source, current.amount)
        current.status = Status.AUTHORISED
        current.authorised_by_id = by.pk
        current.authorised_at = timezone.now()
        audit.save(current, by=by)
        notices.payment_moved_on(current, by=by)
        return current


def payment_mark_paid(
    *, payment: Payment, by: AbstractBaseUser, paid_on: date | None = None
) -> Payment:
    """Record that an authorised payment has been paid out."""
    with transaction.atomic():
        current = Payment.objects.select_for_update().get(pk=payment.pk)
        if current.status != Status.AUTHORISED:
            raise ValidationError(
                _("Only an authorised payment can be marked as paid."), code="not_authorised"
            )
        current.status = Status.PAID
        current.paid_at = timezone.now()
        if paid_on is not None:
            current.dated = paid_on
        audit.save(current, by=by)
        notices.payment_moved_on(current, by=by)
        return current


def payment_withdraw(*, payment: Payment, by: AbstractBaseUser) -> None:
    """Withdraw a payment that is only proposed."""
    with transaction.atomic():
        current = Payment.objects.select_for_update().get(pk=payment.pk)
        if current.status != Status.PROPOSED:
            raise ValidationError(
                _("Only a proposed payment can be withdrawn."), code="not_proposed"
            )
        notices.payment_withdrawn(current)
        audit.delete(current, by=by)
