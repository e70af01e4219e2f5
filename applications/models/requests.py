"""What a project asks for: an application for a new project, or a change request.

One model for both (`Request.kind`): they share the proposed budget-and-financing grid, the
attachments, the assessment and the way they become a grant decision. An application answers a
call and names its organisations; a change request belongs to an existing project.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import scope
from accounts.guards import AnyUser
from accounts.predicates import is_applicant, is_secretariat, manages_grants
from applications.models.calls import Call
from grants.models import (
    Case,
    GrantDecision,
    Organisation,
    Project,
)


class ApplicantMembership(models.Model):
    """A user who applies on behalf of an organisation: sees its applications and requests."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="applicant_memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applicant_memberships",
        verbose_name=_("user"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("applicant membership")
        verbose_name_plural = _("applicant memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="applicant_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


def applicant_organisation_ids(user: AnyUser) -> frozenset[int]:
    """The organisations `user` applies for (cached on the user for the request)."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return frozenset()
    cached = getattr(user, "_rummelig_applicant_organisation_ids", None)
    if cached is None:
        cached = frozenset(
            ApplicantMembership.objects.filter(user_id=user.pk).values_list(
                "organisation_id", flat=True
            )
        )
        holder: Any = user
        holder._rummelig_applicant_organisation_ids = cached
    return cached


class RequestQuerySet(models.QuerySet["Request"]):
    def visible_to(self, user: AnyUser) -> RequestQuerySet:
        """Staff: every request. An applicant: its organisations' requests. A secretariat:
        its projects' change requests. The forum sees a request only as the case it became."""
        if manages_grants.test(user):
            return self
        visible = Q(pk__in=[])
        if is_applicant.test(user):
            visible |= Q(organisation_id__in=sorted(applicant_organisation_ids(user)))
        if is_secretariat.test(user):
            visible |= Q(project_id__in=sorted(scope.member_project_ids(user)))
        return self.filter(visible)

    def applications(self) -> RequestQuerySet:
        return self.filter(kind=Request.Kind.APPLICATION)

    def change_requests(self) -> RequestQuerySet:
        return self.exclude(kind=Request.Kind.APPLICATION)

    def awaiting_assessment(self) -> RequestQuerySet:
        return self.filter(status=Request.Status.SUBMITTED)


class Request(models.Model):
    """An application (for a new project) or a change request (of an existing one)."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("application")
        TOP_UP = "top_up", _("top-up")
        EXTENSION = "extension", _("extension")
        REVISION = "revision", _("budget revision or transfer")
        TIME_EXTENSION = "time_extension", _("time extension")
        PARTNER = "partner", _("change of partner")
        OTHER = "other", _("other change")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        MORE_INFO = "more_info", _("more information asked for")
        REJECTED = "rejected", _("rejected")
        ACCEPTED = "accepted", _("accepted")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("call"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("project"),
        help_text=_("The project a change request is about; an accepted application's project."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("applicant"),
        help_text=_("The organisation that asks: its applicant users see the request."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the project will do; for a change request, why the change is needed."),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("case officer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    decision = models.OneToOneField(
        GrantDecision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("grant decision"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("case"),
    )
    # Optimistic locking, as a decision's: every save of the request's content or status adds
    # one, and a save from a page that showed an older version is refused (services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "application",
                        "top_up",
                        "extension",
                        "revision",
                        "time_extension",
                        "partner",
                        "other",
                    ]
                ),
                name="request_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "more_info", "rejected", "accepted"]),
                name="request_status_valid",
            ),
            # An application answers a call; a change request is about a project.
            models.CheckConstraint(
                condition=(Q(kind="application") & Q(call__isnull=False))
                | (~Q(kind="application") & Q(call__isnull=True) & Q(project__isnull=False)),
                name="request_call_or_project",
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(first_year__lte=models.F("last_year")),
                name="request_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("applications:request_detail", args=[self.pk])

    @property
    def is_application(self) -> bool:
        return self.kind == self.Kind.APPLICATION

    @property
    def editable(self) -> bool:
        """The applicant may change it: a draft, or one returned with questions."""
        return self.status in (self.Status.DRAFT, self.Status.MORE_INFO)

    def save_next_version(self, *changed: str) -> None:
        """Save `changed` fields with the next version: the one place a request's moves on."""
        with transaction.atomic():
            stored = (
                Request.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.version = (stored if stored is not None else self.version) + 1
            self.save(update_fields=[*changed, "version"])

    def stage(self) -> tuple[str, str]:
        """Where the request is, as (code, label): its own status until it is accepted, then
        its decision's (recommended, approved at the meeting, rejected). Reads `decision`:
        select it with the request on lists."""
        if self.status == self.Status.ACCEPTED and self.decision_id is not None:
            decision = self.decision
            assert decision is not None
            stages: dict[str, Promise] = {
                GrantDecision.Status.DRAFT: _("accepted, decision being prepared"),
                GrantDecision.Status.RECOMMENDED: _("recommended"),
                GrantDecision.Status.APPROVED: _("approved"),
                GrantDecision.Status.REJECTED: _("rejected by the decision body"),
            }
            return f"decision_{decision.status}", str(stages.get(decision.status, decision.status))
        return self.status, str(self.get_status_display())

    @property
    def years(self) -> range:
        if self.first_year is None or self.last_year is None:
            return range(0)
        return range(self.first_year, self.last_year + 1)


def request_attachment_path(instance: Any, filename: str) -> str:
    # Never the uploader's file name: the file is served only through a view that checks access.
    return f"requests/{instance.request_id}/{instance.token}"
