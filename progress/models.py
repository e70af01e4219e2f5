"""Values a project reports for targets of reported indicators, and their approval.

Achievement is progress's concern: computed indicators count what the application holds
(`progress.measures`), reported ones add up what the project's secretariat reports per period,
once regional staff have approved it. The target (what was promised) is the grant's; what
was reached toward it lives here, beside the queries that count it, so that grants knows
nothing of reporting and nothing below progress needs these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.validators import validate_plausible_date
from grants.models import Target


def evidence_path(instance: ReportedValue, filename: str) -> str:
    # The stored name never carries the uploader's file name: it is served only through a view.
    return f"reported/{instance.target_id}/{instance.evidence_token}"


class ReportedValueQuerySet(ScopedQuerySet["ReportedValue"]):
    project_lookup = "target__decision__project_id"

    def approved(self) -> ReportedValueQuerySet:
        return self.filter(status=ReportedValue.Status.APPROVED)


class ReportedValue(models.Model):
    """What a project achieved toward a target in one period, as its secretariat reports it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="reported_values", verbose_name=_("target")
    )
    period_start = models.DateField(_("period from"), validators=[validate_plausible_date])
    period_end = models.DateField(_("period to"), validators=[validate_plausible_date])
    value = models.PositiveIntegerField(
        _("achieved in the period"),
        help_text=_("What was achieved in this period alone, not the running total."),
    )
    note = models.TextField(_("note"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=300, blank=True)
    evidence_token = models.CharField(max_length=64, blank=True, editable=False)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_type = models.CharField(_("type"), max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
    decision_note = models.TextField(_("reason for returning it"), blank=True)

    objects = ReportedValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "period_start", "pk"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        indexes = [models.Index(fields=["target", "status"], name="reported_target_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reported_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "approved", "returned"]),
                name="reported_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted", decided_at__isnull=True)
                | Q(status="approved", decided_at__isnull=False)
                | (Q(status="returned", decided_at__isnull=False) & ~Q(decision_note="")),
                name="reported_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.value} ({self.period_start}–{self.period_end})"

    def get_absolute_url(self) -> str:
        return reverse("progress:reported_detail", args=[self.pk])
