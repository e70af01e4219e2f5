"""The grant letter (tilsagnsbrev) and the conditions it states."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import scope
from accounts.guards import AnyUser
from accounts.predicates import is_applicant, is_secretariat, manages_grants
from applications.models.requests import applicant_organisation_ids
from grants.models import GrantDecision, Programme, ProjectOrganisation


def letter_scope(user: AnyUser, prefix: str = "") -> Q | None:
    """The decisions whose grant letters `user` reads, as a filter (`prefix` leads from the
    rows filtered to the decision); None: every decision.

    Staff and administrators: all. A project's secretariat: its projects'. An applicant: the
    decisions of projects its organisation applies for, and those its own requests became.
    The forum: none (it reads the decision, not the letter).
    """
    if manages_grants.test(user):
        return None
    visible = Q(pk__in=[])
    if is_secretariat.test(user):
        visible |= Q(**{f"{prefix}project_id__in": sorted(scope.member_project_ids(user))})
    if is_applicant.test(user):
        organisations = sorted(applicant_organisation_ids(user))
        if organisations:
            applied = ProjectOrganisation.objects.filter(
                role=ProjectOrganisation.Role.APPLICANT, organisation_id__in=organisations
            ).values("project_id")
            visible |= Q(**{f"{prefix}project_id__in": applied})
            visible |= Q(**{f"{prefix}request__organisation_id__in": organisations})
    return visible


def letter_decisions(user: AnyUser) -> models.QuerySet[GrantDecision]:
    """The decisions whose letters `user` reads."""
    visible = letter_scope(user)
    decisions = GrantDecision.objects.all()
    return decisions if visible is None else decisions.filter(visible)


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


class GrantLetterQuerySet(models.QuerySet["GrantLetter"]):
    def visible_to(self, user: AnyUser) -> GrantLetterQuerySet:
        visible = letter_scope(user, "decision__")
        return self if visible is None else self.filter(visible)


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

    objects = GrantLetterQuerySet.as_manager()

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
