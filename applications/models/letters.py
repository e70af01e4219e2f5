"""The grant letter (tilsagnsbrev) and the conditions it states."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grants.models import GrantDecision, Programme


class ProgrammeConditions(models.Model):
    """A programme's standard conditions, as every grant letter of it states them."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="letter_conditions",
        verbose_name=_("programme"),
    )
    text = models.TextField(
        _("standard conditions"),
        blank=True,
        help_text=_("Paragraphs, bullet lists (lines starting with “- ”) and headings (“## ”)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard conditions of a programme")
        verbose_name_plural = _("standard conditions of programmes")

    def __str__(self) -> str:
        return str(self.programme)


class DecisionConditions(models.Model):
    """The conditions of one decision, stated in its letter after the programme's."""

    decision = models.OneToOneField(
        GrantDecision,
        on_delete=models.CASCADE,
        related_name="letter_conditions",
        verbose_name=_("grant decision"),
    )
    text = models.TextField(
        _("conditions of the decision"),
        blank=True,
        help_text=_("Paragraphs, bullet lists (lines starting with “- ”) and headings (“## ”)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conditions of a decision")
        verbose_name_plural = _("conditions of decisions")

    def __str__(self) -> str:
        return str(self.decision)


def letter_path(instance: GrantLetter, filename: str) -> str:
    return f"letters/{instance.decision_id}/{instance.token}.pdf"


class GrantLetter(models.Model):
    """One written version of a decision's grant letter, kept as it was sent.

    `fingerprint` sums up what the letter states (amounts, period, conditions, deadlines,
    payment plan); when the decision's figures say something else now, the letter is outdated.
    """

    decision = models.ForeignKey(
        GrantDecision,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("grant decision"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=letter_path, max_length=300)
    token = models.CharField(max_length=64, unique=True, editable=False)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "-number"]
        verbose_name = _("grant letter")
        verbose_name_plural = _("grant letters")
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="grant_letter_version"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("applications:letter_download", args=[self.pk])
