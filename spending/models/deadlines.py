"""Reporting deadlines: when a project owes a status report, its accounts, or both."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.validators import validate_plausible_date
from grants.models import Project

# The report statuses that meet a deadline: handed in (and not sent back).
MEETING_STATUSES = ("submitted", "accepted")


class ReportingDeadlineQuerySet(ScopedQuerySet["ReportingDeadline"]):
    def _handed_in(self) -> Exists:
        # The report model sits in the module above this one: reached through the registry.
        reports = apps.get_model("spending", "SpendingReport")
        return Exists(
            reports._default_manager.filter(deadline=OuterRef("pk"), status__in=MEETING_STATUSES)
        )

    def with_met(self) -> ReportingDeadlineQuerySet:
        """Annotate `met`: a report for the deadline has been submitted or accepted."""
        return self.annotate(met=self._handed_in())

    def overdue_on(self, today: date) -> ReportingDeadlineQuerySet:
        """Deadlines past their due date with no report handed in."""
        return self.filter(~self._handed_in(), due_on__lt=today)


class ReportingDeadline(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("status report")
        ACCOUNTS = "accounts", _("accounts")
        BOTH = "both", _("status report and accounts")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="reporting_deadlines",
        verbose_name=_("project"),
    )
    period_start = models.DateField(_("period from"), validators=[validate_plausible_date])
    period_end = models.DateField(_("period to"), validators=[validate_plausible_date])
    due_on = models.DateField(_("due date"), validators=[validate_plausible_date])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BOTH)
    final = models.BooleanField(
        _("final report"), default=False, help_text=_("The project's last report.")
    )

    objects = ReportingDeadlineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "due_on", "pk"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start", "period_end"],
                name="reporting_deadline_one_per_period",
                violation_error_message=_("The project already has a deadline for that period."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(final=True),
                name="reporting_deadline_one_final",
                violation_error_message=_("The project already has a final report deadline."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="reporting_deadline_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["status", "accounts", "both"]),
                name="reporting_deadline_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("The period cannot end before it begins.")})
        if self.period_start and self.due_on and self.due_on < self.period_start:
            raise ValidationError(
                {"due_on": _("The due date cannot come before the period begins.")}
            )

    def is_overdue(self, today: date, *, met: bool) -> bool:
        """Past its due date and no report handed in for it."""
        return self.due_on < today and not met
