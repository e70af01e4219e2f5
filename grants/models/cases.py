"""The case for Vækstforum (sag) and what its presentation carries besides its decisions:
attachments, references, and the staff's acknowledgement of consistency findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.validators import validate_plausible_date
from grants.models.projects import Project


class CaseQuerySet(ScopedQuerySet["Case"]):
    pass


class Case(models.Model):
    """Decisions put before one Vækstforum meeting (sag)."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="cases", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    meeting_date = models.DateField(
        _("meeting date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    case_number = models.CharField(_("case number"), max_length=50, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Paragraphs, bullet lists (lines starting with “- ”) and headings (“## ”)."),
    )
    text = models.TextField(
        _("case text"),
        blank=True,
        help_text=_("The sagsfremstilling, with its sections as headings (“## Heading”)."),
    )
    economy_text = models.TextField(
        _("economy"),
        blank=True,
        help_text=_("The text before the budget-and-financing table."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_date", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:case_detail", args=[self.pk])


def attachment_path(instance: CaseAttachment, filename: str) -> str:
    # The stored name never carries the uploader's file name: it is served only through a view.
    return f"cases/{instance.case_id}/{instance.token}"


class CaseAttachmentQuerySet(ScopedQuerySet["CaseAttachment"]):
    project_lookup = "case__project_id"


class CaseAttachment(models.Model):
    """An uploaded file attached to a case (bilag)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=300)
    dated = models.DateField(_("date"), null=True, blank=True, validators=[validate_plausible_date])
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
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
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CaseAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "order", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:attachment_download", args=[self.pk])


class CaseReference(models.Model):
    """A titled link of a case (henvisning)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="references", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "order", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self) -> str:
        return self.title


class FindingAcknowledgement(models.Model):
    """A staff member's word that a consistency finding of a case is known and accepted."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="acknowledgements", verbose_name=_("case")
    )
    # The finding's stable key (grants.cases.consistency.Finding.key).
    key = models.CharField(_("finding"), max_length=200)
    # The figures it was acknowledged for (Finding.fingerprint). When they change, this
    # acknowledgement no longer holds and the finding is open again; "" (made before the
    # figures were kept) holds for none.
    fingerprint = models.CharField(
        _("figures"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("The figures of the finding that were acknowledged."),
    )
    note = models.TextField(_("note"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        ordering = ["case", "acknowledged_at"]
        verbose_name = _("acknowledged finding")
        verbose_name_plural = _("acknowledged findings")
        constraints = [
            # Once for the same figures; an earlier acknowledgement for other figures stays.
            models.UniqueConstraint(
                fields=["case", "key", "fingerprint"], name="finding_acknowledged_once"
            ),
        ]

    def __str__(self) -> str:
        return self.key
