"""Claims for repayment: what a project owes back when the deciding body lowered its grant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.model_fields import AmountField
from grants.models import FundingSource, GrantDecision, Project


class RepaymentClaimQuerySet(ScopedQuerySet["RepaymentClaim"]):
    def open(self) -> RepaymentClaimQuerySet:
        return self.filter(status=RepaymentClaim.Status.OPEN)


class RepaymentClaim(models.Model):
    """A claim for repayment (tilbagebetalingskrav) of one funding source's money.

    Recorded, never typed: when the deciding body itself rejects or reduces a grant below what
    is already authorised or paid from a funding source (a meeting's decision), the change
    stands and the difference is claimed back (`spending.services.ceiling`). Open until staff
    record it as settled (repaid, or set off against a later payment).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        SETTLED = "settled", _("settled")

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="repayment_claims",
        verbose_name=_("project"),
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    amount = AmountField(_("amount (kr.)"))
    reason = models.TextField(_("reason"))
    decision = models.ForeignKey(
        GrantDecision,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("grant decision"),
        help_text=_("The grant decision whose change lowered the grant."),
    )
    origin = models.CharField(
        _("decided by"),
        max_length=300,
        help_text=_("Where the deciding body decided it, e.g. the meeting and its item."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = RepaymentClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "created_at", "pk"]
        verbose_name = _("claim for repayment")
        verbose_name_plural = _("claims for repayment")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "settled"]), name="claim_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.project} – {self.funding_source}: {self.amount} ({self.get_status_display()})"
        )
