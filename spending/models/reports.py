"""Spending reports (regnskab / udbetalingsanmodning) and their expenditure lines."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.model_fields import AmountField
from core.sheets import FINGERPRINT_LENGTH
from core.validators import validate_plausible_date
from grants.models import EffortArea, Project
from spending.models.deadlines import ReportingDeadline
from spending.models.finance import CostCategory


def statement_path(instance: SpendingReport, filename: str) -> str:
    # The stored name never carries the uploader's file name: it is served only through a view.
    return f"spending/{instance.project_id}/statements/{instance.statement_token}"


def line_attachment_path(instance: ExpenditureLine, filename: str) -> str:
    return f"spending/lines/{instance.attachment_token}"


class SpendingReportQuerySet(ScopedQuerySet["SpendingReport"]):
    def with_relations(self) -> SpendingReportQuerySet:
        return self.select_related("project__programme", "deadline", "submitted_by")


class SpendingReport(models.Model):
    """What a project spent in one period, entered by its secretariat, reviewed by the region.

    draft → submitted → accepted, or → returned (for changes) → submitted again. An accepted
    report is frozen: a correction is a new report.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        ACCEPTED = "accepted", _("accepted")

    # The statuses in which the secretariat may change the report and its lines.
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="spending_reports",
        verbose_name=_("project"),
    )
    deadline = models.ForeignKey(
        ReportingDeadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("deadline"),
    )
    period_start = models.DateField(_("period from"), validators=[validate_plausible_date])
    period_end = models.DateField(_("period to"), validators=[validate_plausible_date])
    final = models.BooleanField(
        _("final report"),
        default=False,
        help_text=_("Taken from the deadline when the report is submitted."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_text = models.TextField(
        _("status"), blank=True, help_text=_("A short account of the period's progress.")
    )
    forecast = AmountField(
        _("forecast for the next period (kr.)"),
        default=0,
        help_text=_("What the project expects to spend in the next period."),
    )
    auditor_statement = models.FileField(
        _("auditor's statement"), upload_to=statement_path, max_length=300, blank=True
    )
    statement_token = models.CharField(max_length=64, blank=True, editable=False)
    statement_filename = models.CharField(_("file name"), max_length=200, blank=True)
    statement_content_type = models.CharField(_("type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)

    objects = SpendingReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "period_start", "pk"]
        verbose_name = _("spending report")
        verbose_name_plural = _("spending reports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start", "period_end"],
                name="spending_report_one_per_period",
                violation_error_message=_("The project already has a report for that period."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="spending_report_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "accepted"]),
                name="spending_report_status_valid",
            ),
            # Four eyes: the one who accepts is not the one who submitted.
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | (
                    Q(submitted_by__isnull=False)
                    & Q(reviewed_by__isnull=False)
                    & ~Q(reviewed_by=F("submitted_by"))
                ),
                name="spending_report_accepted_by_another",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="spending_report_returned_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("spending:report_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = _("The period cannot end before it begins.")
        if (
            self.deadline_id
            and self.deadline is not None
            and self.deadline.project_id != self.project_id
        ):
            errors["deadline"] = _("The deadline must belong to the same project.")
        if errors:
            raise ValidationError(errors)

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"


class ExpenditureImport(models.Model):
    """One Excel file imported into a report, known by its fingerprint (the SHA-256 of its
    bytes): the same file is taken once per report, and its lines can be replaced as a whole."""

    report = models.ForeignKey(
        SpendingReport, on_delete=models.CASCADE, related_name="imports", verbose_name=_("report")
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=FINGERPRINT_LENGTH,
        validators=[RegexValidator(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")],
        help_text=_("The SHA-256 of the file's bytes."),
    )
    filename = models.CharField(_("file name"), max_length=200)
    row_count = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "imported_at", "pk"]
        verbose_name = _("expenditure import")
        verbose_name_plural = _("expenditure imports")
        constraints = [
            # The guarantee behind the import's own check: two imports of one file into one
            # report, however they race, cannot both be saved.
            models.UniqueConstraint(
                fields=["report", "fingerprint"],
                name="expenditure_import_once_per_report",
                violation_error_message=_("This file has already been imported into the report."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d.%m.%Y %H:%M})"


class ExpenditureLineQuerySet(ScopedQuerySet["ExpenditureLine"]):
    project_lookup = "report__project_id"

    def with_relations(self) -> ExpenditureLineQuerySet:
        return self.select_related("effort_area", "cost_category")


class ExpenditureLine(models.Model):
    """One expense of a report: when, what, where in the budget, how much (whole kroner)."""

    class Outcome(models.TextChoices):
        PENDING = "", _("not reviewed")
        ACCEPTED = "accepted", _("accepted")
        REDUCED = "reduced", _("reduced")
        REJECTED = "rejected", _("rejected")

    report = models.ForeignKey(
        SpendingReport, on_delete=models.CASCADE, related_name="lines", verbose_name=_("report")
    )
    spent_on = models.DateField(_("date of the expense"), validators=[validate_plausible_date])
    paid_on = models.DateField(_("date paid"), validators=[validate_plausible_date])
    effort_area = models.ForeignKey(
        EffortArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("effort area")
    )
    cost_category = models.ForeignKey(
        CostCategory,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("cost category"),
    )
    description = models.CharField(_("description"), max_length=300)
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    amount = AmountField(
        _("amount (kr.)"),
        # Also replaces the column's own lower bound (0), so a negative amount gets this one
        # message. A correction is a new report, never a line of 0 or less.
        validators=[
            MinValueValidator(
                1, _("The amount must be more than 0 kr.; a correction goes in a new report.")
            )
        ],
    )
    source_import = models.ForeignKey(
        ExpenditureImport,
        # An import goes only with its report, and its lines with it.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="lines",
        verbose_name=_("imported from"),
    )
    attachment = models.FileField(
        _("attachment"), upload_to=line_attachment_path, max_length=300, blank=True
    )
    attachment_token = models.CharField(max_length=64, blank=True, editable=False)
    attachment_filename = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_content_type = models.CharField(_("type"), max_length=100, blank=True)
    outcome = models.CharField(
        _("review"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
    accepted_amount = AmountField(_("accepted amount (kr.)"), null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = ExpenditureLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "spent_on", "pk"]
        verbose_name = _("expenditure line")
        verbose_name_plural = _("expenditure lines")
        constraints = [
            # What the amount's validator and `clean` say field by field, held by the database
            # on every path.
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="expenditure_line_amount_positive",
                violation_error_message=_("The amount must be more than 0 kr."),
            ),
            models.CheckConstraint(
                condition=Q(paid_on__gte=F("spent_on")),
                name="expenditure_line_paid_after_spent",
                violation_error_message=_("The expense cannot be paid before its date."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "accepted", "reduced", "rejected"]),
                name="expenditure_line_outcome_valid",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(accepted_amount__isnull=True))
                | (Q(outcome="accepted") & Q(accepted_amount=F("amount")))
                | (
                    Q(outcome="reduced")
                    & Q(accepted_amount__lt=F("amount"))
                    & Q(accepted_amount__gte=0)
                    & ~Q(review_reason="")
                )
                | (Q(outcome="rejected") & Q(accepted_amount=0) & ~Q(review_reason="")),
                name="expenditure_line_outcome_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on:%d.%m.%Y} {self.description}: {self.amount}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        report = self.report if self.report_id else None
        if (
            self.effort_area_id
            and report is not None
            and self.effort_area.project_id != report.project_id
        ):
            errors["effort_area"] = _("The effort area must belong to the report's project.")
        if self.spent_on and self.paid_on and self.paid_on < self.spent_on:
            errors["paid_on"] = _(
                "The date paid cannot lie before the date of the expense (%(spent_on)s)."
            ) % {"spent_on": f"{self.spent_on:%d.%m.%Y}"}
        if (
            self.spent_on
            and report is not None
            and report.period_start
            and report.period_end
            and not report.period_start <= self.spent_on <= report.period_end
        ):
            errors["spent_on"] = _(
                "The expense must lie within the report's period %(period)s."
            ) % {"period": report.period_label}
        if self.cost_category_id and report is not None:
            category = self.cost_category
            if category.programme_id != report.project.programme_id:
                errors["cost_category"] = _(
                    "The cost category must belong to the project's programme."
                )
            elif category.is_flat_rate:
                errors["cost_category"] = _(
                    "A flat rate is computed from its base lines and takes no lines of its own."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def project_id(self) -> int:
        """The project the line belongs to (for access scoping)."""
        return self.report.project_id

    @property
    def year(self) -> int:
        return self.spent_on.year
