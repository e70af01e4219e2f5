"""The money ceiling from the other side: a grant may not be lowered below what is paid out.

Per project and funding source, authorised plus paid payments never exceed what the counting
decisions grant (after revisions). The payment authorisation checks it when money goes out
(`spending.services.payments`); this module checks it when a grant comes down. Every write
that may lower a grant runs inside `grants.ceiling.grant_change`, under the project's row lock,
the lock the authorisation takes; `watch_grant_change` is registered there (`spending.apps`)
and sees each such write from inside it:

- a correction that lowers a source's grant below what is committed from it is refused, naming
  the payments (nothing is saved);
- the deciding body's own decision (a meeting that rejects or reduces) stands, and what it
  leaves committed beyond the grant is recorded as a claim for repayment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core import audit
from grants.public import GrantChange
from spending import payouts
from spending.models import Payment, RepaymentClaim
from spending.services.payments import granted_by_source


def committed_by_source(project_id: int) -> dict[int, int]:
    """Funding source id → kroner authorised or paid to the project from it (one query)."""
    rows = (
        Payment.objects.committed()
        .filter(project_id=project_id)
        .order_by()
        .values_list("funding_source_id")
        .annotate(total=Sum("amount"))
    )
    return {source_id: int(total) for source_id, total in rows}


@contextmanager
def watch_grant_change(change: GrantChange) -> Iterator[None]:
    """Refuse, or turn into claims for repayment, a change that lowers a grant below payments.

    Costs one query when nothing is committed to the project, which is most writes.
    """
    project = change.project
    committed = committed_by_source(project.pk)
    if not any(amount > 0 for amount in committed.values()):
        yield
        return
    before = granted_by_source(project)
    yield
    after = granted_by_source(project)
    shortfalls = payouts.shortfalls(before=before, after=after, committed=committed)
    if not shortfalls:
        return
    committed_payments = _payments(project.pk, [s.source_id for s in shortfalls])
    if change.body is None:
        raise ValidationError(
            [
                ValidationError(_refusal(s, committed_payments), code="below_payments")
                for s in shortfalls
            ]
        )
    decision = change.body.decision
    origin = change.body.origin or decision.deciding_body.name
    for shortfall in shortfalls:
        claim = RepaymentClaim(
            project=project,
            funding_source_id=shortfall.source_id,
            amount=shortfall.claim,
            reason=_claim_reason(shortfall, committed_payments),
            decision=decision,
            origin=origin[:300],
            created_by_id=change.by.pk,
        )
        audit.save(claim, by=change.by)


def claim_set_status(*, claim: RepaymentClaim, status: str, by: AbstractBaseUser) -> RepaymentClaim:
    """Record a claim for repayment as settled (repaid, or set off), or as open again."""
    if status not in RepaymentClaim.Status.values:
        raise ValidationError(_("Unknown status."), code="invalid_status")
    with transaction.atomic():
        current = RepaymentClaim.objects.select_for_update().get(pk=claim.pk)
        if current.status == status:
            return current
        current.status = status
        return audit.save(current, by=by, update_fields=["status"])


def _payments(project_id: int, source_ids: Sequence[int]) -> list[Payment]:
    return list(
        Payment.objects.committed()
        .filter(project_id=project_id, funding_source_id__in=source_ids)
        .select_related("funding_source")
        .order_by("funding_source_id", "dated", "pk")
    )


def _kr(amount: int) -> str:
    return number_format(amount, force_grouping=True)


def payment_label(payment: Payment) -> str:
    """ "Payment 3 (400.000 kr., authorised 2 March 2027)": what a refusal names."""
    values = {"number": payment.pk, "amount": _kr(payment.amount)}
    if payment.status == Payment.Status.PAID and payment.paid_at is not None:
        when = date_format(timezone.localdate(payment.paid_at), "DATE_FORMAT")
        return _("Payment %(number)s (%(amount)s kr., paid %(date)s)") % {**values, "date": when}
    moment = payment.authorised_at
    when = date_format(timezone.localdate(moment), "DATE_FORMAT") if moment else "–"
    return _("Payment %(number)s (%(amount)s kr., authorised %(date)s)") % {**values, "date": when}


def _labels(shortfall: payouts.Shortfall, payments: Sequence[Payment]) -> str:
    return "; ".join(
        payment_label(p) for p in payments if p.funding_source_id == shortfall.source_id
    )


def _source_name(shortfall: payouts.Shortfall, payments: Sequence[Payment]) -> str:
    for payment in payments:
        if payment.funding_source_id == shortfall.source_id:
            return str(payment.funding_source)
    return str(shortfall.source_id)


def _refusal(shortfall: payouts.Shortfall, payments: Sequence[Payment]) -> str:
    return _(
        "Nothing was saved: %(source)s would grant %(granted)s kr., but %(committed)s kr. of it "
        "is already authorised or paid: %(payments)s. A grant cannot be lowered below what is "
        "paid out; where the deciding body itself decided so, record its decision on the "
        "meeting's item, which records a claim for repayment."
    ) % {
        "source": _source_name(shortfall, payments),
        "granted": _kr(shortfall.granted),
        "committed": _kr(shortfall.committed),
        "payments": _labels(shortfall, payments),
    }


def _claim_reason(shortfall: payouts.Shortfall, payments: Sequence[Payment]) -> str:
    return _(
        "The grant from %(source)s was lowered from %(before)s kr. to %(granted)s kr., below the "
        "%(committed)s kr. authorised or paid: %(payments)s."
    ) % {
        "source": _source_name(shortfall, payments),
        "before": _kr(shortfall.granted_before),
        "granted": _kr(shortfall.granted),
        "committed": _kr(shortfall.committed),
        "payments": _labels(shortfall, payments),
    }
