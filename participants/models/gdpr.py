"""What GDPR asks to keep: erasures done, and who looked at whose record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from grants.models import Project
from participants.models.people import Participant


class ParticipantErasureQuerySet(ScopedQuerySet["ParticipantErasure"]):
    scope = "people"


class ParticipantAccessQuerySet(ScopedQuerySet["ParticipantAccess"]):
    scope = "people"


class ParticipantErasure(models.Model):
    """A participant erased at their request (GDPR art. 17): who erased them, when, where.

    It keeps nothing about the person, not even their reference. It stands in for them where
    the project must still count them: their courses point here, so the courses keep counting
    as one citizen, and the log of who looked at their record points here, so the log still
    shows who looked, without saying at whom.
    """

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    # The name stays when the user account is deleted: the erasure must stay accountable.
    erased_by_username = models.CharField(_("erased by (user name)"), max_length=150)
    course_count = models.PositiveIntegerField(_("courses kept"))

    objects = ParticipantErasureQuerySet.as_manager()

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erased participant")
        verbose_name_plural = _("erased participants")

    def __str__(self) -> str:
        return str(_("Erased participant no. %(number)s") % {"number": self.pk})


class ParticipantAccess(models.Model):
    """Somebody looked at one participant's record: who, when and how (GDPR art. 5(2), 30).

    When the participant is erased, `participant` is emptied and `erasure` set: the entry still
    says who looked and when, in which project, but no longer at whom.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed the record")
        EDIT_OPENED = "edit_opened", _("opened the edit form")
        EXPORTED = "exported", _("exported the personal data")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accesses",
        verbose_name=_("participant"),
    )
    erasure = models.ForeignKey(
        ParticipantErasure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accesses",
        verbose_name=_("erased participant"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)

    objects = ParticipantAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to a participant's record")
        verbose_name_plural = _("accesses to participants' records")
        indexes = [models.Index(fields=["participant", "-at"], name="access_participant_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["viewed", "edit_opened", "exported"]),
                name="participant_access_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
