"""A decision's figures: budget lines by effort area, financing lines by funding source, totals."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_fields import AmountField
from grants.models.common import year_check
from grants.models.projects import EffortArea, FundingSource


class BudgetLine(models.Model):
    """One cell of a decision's budget: effort area × year → whole kroner."""

    decision = models.ForeignKey(
        "grants.GrantDecision",
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("decision"),
    )
    effort_area = models.ForeignKey(
        EffortArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("effort area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = AmountField(_("amount (kr.)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "effort_area__order", "year"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "effort_area", "year"], name="budget_line_one_per_cell"
            ),
            year_check("year", "budget_line_year_valid"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.effort_area} {self.year}: {self.amount}"


class FinancingLine(models.Model):
    """One cell of a decision's financing: funding source × year → whole kroner."""

    decision = models.ForeignKey(
        "grants.GrantDecision",
        on_delete=models.CASCADE,
        related_name="financing_lines",
        verbose_name=_("decision"),
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = AmountField(_("amount (kr.)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "funding_source__order", "year"]
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "funding_source", "year"],
                name="financing_line_one_per_cell",
            ),
            year_check("year", "financing_line_year_valid"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="financing_line_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.funding_source} {self.year}: {self.amount}"


class FinancingTotal(models.Model):
    """A decision known only by its total per funding source over the whole period."""

    decision = models.ForeignKey(
        "grants.GrantDecision",
        on_delete=models.CASCADE,
        related_name="financing_totals",
        verbose_name=_("decision"),
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    amount = AmountField(_("amount (kr.)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "funding_source__order"]
        verbose_name = _("financing total for the period")
        verbose_name_plural = _("financing totals for the period")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "funding_source"], name="financing_total_one_per_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="financing_total_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.funding_source}: {self.amount}"
