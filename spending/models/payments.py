"""Payments to a project from one funding source: proposed → authorised → paid."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.model_fields import SignedAmountField
from core.validators import validate_plausible_date
from grants.models import FundingSource, Project
from spending.models.reports import SpendingReport


class PaymentQuerySet(ScopedQuerySet["Payment"]):
    def with_relations(self) -> PaymentQuerySet:
        return self.select_related(
            "project", "funding_source", "report", "proposed_by", "authorised_by"
        )

    def committed(self) -> PaymentQuerySet:
        """Payments that count against what was granted: authorised or paid."""
        return self.filter(status__in=[Payment.Status.AUTHORISED, Payment.Status.PAID])


class Payment(models.Model):
    """A payment (udbetaling) of one funding source's grant to a project.

    The one who authorises is not the one who proposed (four eyes). Authorised and paid
    payments of a source never sum to more than the effective decisions grant from it.
    """

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("advance")
        INTERIM = "interim", _("interim payment")
        FINAL = "final", _("final payment")
        CORRECTION = "correction", _("correction / recovery")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AUTHORISED = "authorised", _("authorised")
        PAID = "paid", _("paid")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="payments", verbose_name=_("project")
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = SignedAmountField(
        _("amount (kr.)"), help_text=_("Negative only for a recovery (correction).")
    )
    report = models.ForeignKey(
        SpendingReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("report paid"),
    )
    dated = models.DateField(
        _("payment date"), validators=[validate_plausible_date], help_text=_("Planned or actual.")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    authorised_at = models.DateTimeField(_("authorised"), null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authorised by"),
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    objects = PaymentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "dated", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["advance", "interim", "final", "correction"]),
                name="payment_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "authorised", "paid"]),
                name="payment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | (Q(kind="correction") & ~Q(amount=0)),
                name="payment_amount_positive_unless_recovery",
            ),
            # Four eyes: the one who authorises is not the one who proposed.
            models.CheckConstraint(
                condition=Q(status="proposed")
                | (Q(authorised_by__isnull=False) & ~Q(authorised_by=F("proposed_by"))),
                name="payment_authorised_by_another",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False),
                name="payment_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.project} – {self.funding_source}: {self.amount} ({self.get_status_display()})"
        )

    def get_absolute_url(self) -> str:
        return reverse("spending:payment_detail", args=[self.pk])
