"""The parts of a request: its organisations, budget rows and proposed grid, targets,
attachments, and the versions it was submitted in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models.requests import Request, request_attachment_path
from core.model_fields import AmountField
from core.validators import validate_cvr
from grants.models import EffortArea, FundingSource, Indicator


class RequestOrganisation(models.Model):
    """An organisation named in an application: the applicant, an operator, a partner."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        OPERATOR = "operator", _("operator")
        PARTNER = "partner", _("partner")

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("request")
    )
    name = models.CharField(_("name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[validate_cvr])
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "order", "pk"]
        verbose_name = _("organisation of a request")
        verbose_name_plural = _("organisations of a request")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["applicant", "operator", "partner"]),
                name="request_organisation_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class RequestArea(models.Model):
    """A budget row of a request: one of the project's effort areas, or a new one by name."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="areas", verbose_name=_("request")
    )
    name = models.CharField(_("name"), max_length=200)
    effort_area = models.ForeignKey(
        EffortArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effort area"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "order", "pk"]
        verbose_name = _("effort area of a request")
        verbose_name_plural = _("effort areas of a request")
        constraints = [
            models.UniqueConstraint(fields=["request", "name"], name="request_area_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RequestBudgetLine(models.Model):
    """One proposed budget cell: area × year → whole kroner."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("request")
    )
    area = models.ForeignKey(
        RequestArea, on_delete=models.CASCADE, related_name="lines", verbose_name=_("effort area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = AmountField(_("amount (kr.)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "area__order", "year"]
        verbose_name = _("proposed budget line")
        verbose_name_plural = _("proposed budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "area", "year"], name="request_budget_line_one_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="request_budget_line_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.amount}"


class RequestFinancingLine(models.Model):
    """One proposed financing cell: funding source × year → whole kroner."""

    request = models.ForeignKey(
        Request,
        on_delete=models.CASCADE,
        related_name="financing_lines",
        verbose_name=_("request"),
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = AmountField(_("amount (kr.)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "funding_source__order", "year"]
        verbose_name = _("proposed financing line")
        verbose_name_plural = _("proposed financing lines")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "funding_source", "year"],
                name="request_financing_line_one_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="request_financing_line_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funding_source} {self.year}: {self.amount}"


class RequestTarget(models.Model):
    """The target an application sets for one of its call's indicators."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="targets", verbose_name=_("request")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    value = models.PositiveIntegerField(_("target"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "indicator__code"]
        verbose_name = _("proposed target")
        verbose_name_plural = _("proposed targets")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "indicator"], name="request_target_one_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=request_attachment_path, max_length=300)
    token = models.CharField(max_length=64, unique=True, editable=False)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "uploaded_at", "pk"]
        verbose_name = _("attachment of a request")
        verbose_name_plural = _("attachments of a request")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("applications:attachment_download", args=[self.pk])


class RequestVersion(models.Model):
    """What a request said when it was submitted: one per submission, never changed."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="versions", verbose_name=_("request")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    content: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(_("content"))

    class Meta:
        ordering = ["request", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="request_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.request} v{self.number}"
