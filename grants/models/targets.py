"""Targets of a grant decision, their breakdowns and the history of their changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from grants.models.decisions import GrantDecision


class TargetQuerySet(ScopedQuerySet["Target"]):
    project_lookup = "decision__project_id"


class Target(models.Model):
    """An indicator a grant decision sets a value for (mål)."""

    class Indicator(models.TextChoices):
        CITIZENS_IN_COURSES = "citizens_in_courses", _("citizens in onboarding courses")
        ORDINARY_JOBS = "ordinary_jobs", _("ordinary jobs")
        FLEX_JOBS = "flex_jobs", _("flex jobs")
        COMPANIES_INCLUSION = "companies_inclusion", _("companies working actively with inclusion")

    decision = models.ForeignKey(
        GrantDecision, on_delete=models.CASCADE, related_name="targets", verbose_name=_("decision")
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    value = models.PositiveIntegerField(_("value"))

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "indicator"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "indicator"], name="target_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(
                    indicator__in=[
                        "citizens_in_courses",
                        "ordinary_jobs",
                        "flex_jobs",
                        "companies_inclusion",
                    ]
                ),
                name="target_indicator_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"


class TargetBreakdown(models.Model):
    """Part of a target per industry, e.g. 30 companies in each of three industries."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("target")
    )
    industry = models.ForeignKey(
        "companies.Industry", on_delete=models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    value = models.PositiveIntegerField(_("value"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "industry__name"]
        verbose_name = _("target breakdown")
        verbose_name_plural = _("target breakdowns")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "industry"], name="target_breakdown_one_per_industry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.industry}: {self.value}"


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
