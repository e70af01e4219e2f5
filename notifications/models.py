"""What a user is told: notifications in the app, the e-mails that carry them, preferences.

A `Notification` is one event told to one recipient, unique by event type, the event's key
(which occurrence: this report's third submission, the 14-day reminder of this deadline) and
recipient, so that an event told twice (a task retried after a crash) is stored once. Its
channel is chosen when it is made, from the recipient's preferences: in the app only, by
e-mail at once, in the daily digest. An `Email` is one message to send, unique by its key (the
notification's, or the recipient's digest of a day), so that it is sent once; a failing mail
server is retried with back-off and the e-mail shows as failed to administrators.

Notifications and e-mails are the system's own record of what it told whom (written by the
services and the worker, never edited), so they keep no history; the preferences are a user's
or an administrator's choices, and keep theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Channel(models.TextChoices):
    """How a user wants to hear of an event type."""

    APP = "app", _("In the app only")
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Daily digest by e-mail")
    OFF = "off", _("Off")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def waiting(self) -> NotificationQuerySet:
        """Unread, and its object's step not yet done: what the bell counts."""
        return self.filter(read_at__isnull=True, settled_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=60)
    key = models.CharField(_("occurrence"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.APP)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    settled_at = models.DateTimeField(
        _("step done"), null=True, blank=True, help_text=_("When what it asked for was done.")
    )
    email = models.ForeignKey(
        "Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("e-mail"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "key", "recipient"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_by_recipient"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True, settled_at__isnull=True),
                name="notification_waiting",
            ),
            models.Index(fields=["target_type", "target_id"], name="notification_by_target"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"

    @property
    def is_waiting(self) -> bool:
        return self.read_at is None and self.settled_at is None


class Email(models.Model):
    """One e-mail to send once: a notification's own, or a recipient's digest of a day."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DIGEST = "digest", _("daily digest")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_emails",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    key = models.CharField(_("key"), max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="email_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id} ({self.get_state_display()})"


class Preference(models.Model):
    """A user's own choice of channel for one event type."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    event = models.CharField(_("event"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "event"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}: {self.get_channel_display()}"


class RoleDefault(models.Model):
    """An administrator's default channel of one event type for everyone holding a role."""

    role = models.CharField(_("role"), max_length=40)
    event = models.CharField(_("event"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default notification channel")
        verbose_name_plural = _("default notification channels")
        ordering = ["role", "event"]
        constraints = [
            models.UniqueConstraint(fields=["role", "event"], name="role_default_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.role} – {self.event}: {self.get_channel_display()}"


class MailSettings(models.Model):
    """A user's language for e-mails (the app follows the browser's choice; mail cannot)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_settings",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language of e-mails"), max_length=10, choices=settings.LANGUAGES)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-mail settings")
        verbose_name_plural = _("e-mail settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
