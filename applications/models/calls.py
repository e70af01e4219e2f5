"""A programme's call for applications (opslag) and the checklist its requests are assessed by."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.guards import AnyUser
from accounts.predicates import is_applicant, manages_grants
from grants.models import Indicator, Programme

# Why a checklist that has been used cannot change: said by the services, the admin and the
# models alike (code "in_use").
IN_USE = _(
    "The checklist has been used to assess a request, so it can no longer change: an "
    "assessment must keep meaning what it meant when it was made. Copy the checklist to make "
    "a changed one."
)


def _used(template_id: int | None) -> bool:
    return (
        bool(template_id)
        and ChecklistQuestion.objects.filter(
            template_id=template_id, answers__isnull=False
        ).exists()
    )


def refuse_if_used(template_id: int | None) -> None:
    """Raise the "in use" refusal when the checklist `template_id` has been used."""
    if _used(template_id):
        raise ValidationError(IN_USE, code="in_use")


class ChecklistQuerySet(models.QuerySet["ChecklistTemplate"]):
    def visible_to(self, user: AnyUser) -> ChecklistQuerySet:
        """The region's tool: staff (and administrators) see every checklist, others none."""
        return self if manages_grants.test(user) else self.none()


class ChecklistTemplate(models.Model):
    """The questions a programme's applications and change requests are assessed by.

    Once a request has been assessed with it (any answer), its questions are fixed: an
    assessment must keep meaning what it meant when it was made (`in_use`).
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="checklists",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    for_change_requests = models.BooleanField(
        _("for change requests"),
        default=False,
        help_text=_("The programme's change requests are assessed by this checklist."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ChecklistQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "name", "pk"]
        verbose_name = _("assessment checklist")
        verbose_name_plural = _("assessment checklists")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="checklist_name_unique"),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(for_change_requests=True),
                name="checklist_one_for_change_requests",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The guarantee under every path (services, the admin, a revert from history).
        refuse_if_used(self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("applications:checklist_detail", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_if_used(self.pk)
        return super().delete(*args, **kwargs)

    def in_use(self) -> bool:
        """Whether any request has been assessed with the checklist: then it cannot change."""
        return _used(self.pk)


class QuestionQuerySet(models.QuerySet["ChecklistQuestion"]):
    def visible_to(self, user: AnyUser) -> QuestionQuerySet:
        """As their checklists: staff (and administrators) see them, others none."""
        return self if manages_grants.test(user) else self.none()


class ChecklistQuestion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("checklist"),
    )
    text = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        refuse_if_used(self.template_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_if_used(self.template_id)
        return super().delete(*args, **kwargs)


class CallQuerySet(models.QuerySet["Call"]):
    def open_at(self, moment: datetime) -> CallQuerySet:
        """Published calls that take applications at `moment`."""
        return self.filter(published=True, opens_at__lte=moment, closes_at__gt=moment)

    def visible_to(self, user: AnyUser) -> CallQuerySet:
        """Staff: every call. An applicant: the published calls open now. Others: none."""
        if manages_grants.test(user):
            return self
        if is_applicant.test(user):
            return self.open_at(timezone.now())
        return self.none()


class Call(models.Model):
    """A programme's call for applications (opslag): open from `opens_at` until `closes_at`."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Paragraphs, bullet lists (lines starting with “- ”) and headings (“## ”)."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="calls",
        verbose_name=_("indicators"),
        help_text=_("An application must set a target for each of these indicators."),
    )
    checklist = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("assessment checklist"),
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Applicants see a call only once it is published."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["-closes_at", "pk"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="call_opens_before_closing"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("applications:call_detail", args=[self.pk])

    def is_open(self, moment: datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.published and self.opens_at <= moment < self.closes_at
