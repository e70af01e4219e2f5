"""What a decision says besides its figures: recommendation sentences, disbursement schedule."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_fields import AmountField
from grants.models.common import year_check
from grants.models.decisions import GrantDecision
from grants.models.projects import FundingSource, Organisation


class Recommendation(models.Model):
    """A recommendation line: "at der af X bevilges i alt N mio. kr. i perioden A til B til ORG"."""

    decision = models.ForeignKey(
        GrantDecision,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("decision"),
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    amount = AmountField(_("amount (kr.)"))
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            year_check("first_year", "recommendation_first_year_valid"),
            year_check("last_year", "recommendation_last_year_valid"),
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="recommendation_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funding_source}: {self.amount}"


class Disbursement(models.Model):
    """One year of a decision's disbursement schedule (udmøntning)."""

    decision = models.ForeignKey(
        GrantDecision,
        on_delete=models.CASCADE,
        related_name="disbursements",
        verbose_name=_("decision"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = AmountField(_("amount (kr.)"))
    # Empty: the row pays out the decision's recommendations as a whole (every recommended
    # source that no other row names); see grants.cases.consistency.
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funding source"),
        help_text=_("Leave empty when the row pays out the recommendations as a whole."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "year", "pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            # One row a year for the decision as a whole, and one a year for each source.
            models.UniqueConstraint(
                fields=["decision", "year"],
                condition=Q(funding_source__isnull=True),
                name="disbursement_one_per_year",
                violation_error_message=_("The schedule already pays out an amount that year."),
            ),
            models.UniqueConstraint(
                fields=["decision", "funding_source", "year"],
                condition=Q(funding_source__isnull=False),
                name="disbursement_one_per_source_and_year",
                violation_error_message=_(
                    "The schedule already pays out an amount of that funding source that year."
                ),
            ),
            year_check("year", "disbursement_year_valid"),
        ]

    def __str__(self) -> str:
        if self.funding_source_id:
            return f"{self.year}: {self.amount} ({self.funding_source})"
        return f"{self.year}: {self.amount}"
