"""Targets of a grant decision, their breakdowns and the history of their changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from grants.models.decisions import GrantDecision
from grants.models.indicators import CATEGORIES, Dimension, Indicator


class TargetQuerySet(ScopedQuerySet["Target"]):
    project_lookup = "decision__project_id"


class Target(models.Model):
    """A value a grant decision sets for one of its programme's indicators (mål)."""

    decision = models.ForeignKey(
        GrantDecision, on_delete=models.CASCADE, related_name="targets", verbose_name=_("decision")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    value = models.PositiveIntegerField(_("value"))

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "indicator__code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "indicator"], name="target_one_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value}"


def _categories_of(dimension: Dimension) -> Q:
    return Q(dimension=dimension, industry__isnull=True, category__in=list(CATEGORIES[dimension]))


class TargetBreakdownQuerySet(ScopedQuerySet["TargetBreakdown"]):
    project_lookup = "target__decision__project_id"


class TargetBreakdown(models.Model):
    """Part of a target by one of its measure's dimensions: e.g. 30 companies in each of three
    industries, or 200 of 400 citizens women."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("target")
    )
    dimension = models.CharField(
        _("dimension"), max_length=10, choices=Dimension.choices, default=Dimension.INDUSTRY
    )
    industry = models.ForeignKey(
        "companies.Industry",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("industry"),
    )
    # A gender or an age band (`grants.models.indicators.CATEGORIES`); empty for an industry.
    category = models.CharField(_("category"), max_length=20, blank=True)
    value = models.PositiveIntegerField(_("value"))

    objects = TargetBreakdownQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "dimension", "industry__name", "category"]
        verbose_name = _("target breakdown")
        verbose_name_plural = _("target breakdowns")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "industry"], name="target_breakdown_one_per_industry"
            ),
            models.UniqueConstraint(
                fields=["target", "dimension", "category"],
                condition=~Q(dimension="industry"),
                name="target_breakdown_one_per_category",
            ),
            models.CheckConstraint(
                condition=Q(dimension="industry", industry__isnull=False, category="")
                | _categories_of(Dimension.GENDER)
                | _categories_of(Dimension.AGE_BAND),
                name="target_breakdown_part_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    @property
    def label(self) -> str:
        """The part's name: the industry's, or the gender's or age band's."""
        if self.dimension == Dimension.INDUSTRY:
            return str(self.industry) if self.industry_id else ""
        return str(CATEGORIES.get(Dimension(self.dimension), {}).get(self.category, self.category))


class TargetChange(models.Model):
    """A change of a target's value: the old and new value, when, by whom and why."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="changes", verbose_name=_("target")
    )
    old_value = models.PositiveIntegerField(_("old value"))
    new_value = models.PositiveIntegerField(_("new value"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["target", "-changed_at", "-pk"]
        verbose_name = _("target change")
        verbose_name_plural = _("target changes")

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"
