"""A meeting of a decision body (Vækstforum, say), its agenda of cases and the decision per item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.guards import AnyUser
from accounts.predicates import is_forum_member, manages_grants
from core.validators import validate_plausible_date
from grants.models import Case, DecisionBody
from meetings.wording import RecommendationText, recommendation_parts


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: AnyUser) -> MeetingQuerySet:
        """Staff and administrators: every meeting; forum members: the published ones."""
        if manages_grants.test(user):
            return self
        if is_forum_member.test(user):
            return self.filter(status__in=Meeting.PUBLISHED_STATUSES)
        return self.none()


class Meeting(models.Model):
    """A meeting of a deciding body, with its agenda (dagsorden) and minutes (referat)."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("planning")
        LOCKED = "locked", _("agenda locked")
        PUBLISHED = "published", _("agenda published")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")

    forum = models.ForeignKey(
        DecisionBody,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("forum"),
        help_text=_("The decision body that holds the meeting."),
    )
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    # The statuses in which the agenda is public to the forum.
    PUBLISHED_STATUSES = ("published", "held", "minutes_approved")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["planning", "locked", "published", "held", "minutes_approved"]
                ),
                name="meeting_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status in self.PUBLISHED_STATUSES


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def visible_to(self, user: AnyUser) -> AgendaItemQuerySet:
        """Staff: every item; forum members: the open items of published meetings."""
        if manages_grants.test(user):
            return self
        if is_forum_member.test(user):
            return self.filter(closed=False, meeting__status__in=Meeting.PUBLISHED_STATUSES)
        return self.none()


class AgendaItem(models.Model):
    """A case on a meeting's agenda (dagsordenpunkt)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("for decision")
        INFORMATION = "information", _("for information")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("item number"))
    order = models.PositiveSmallIntegerField(_("order"))
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    closed = models.BooleanField(
        _("closed item"),
        default=False,
        help_text=_("A closed item is left out of the published agenda and minutes."),
    )
    recommendation = models.TextField(_("recommendation"), blank=True)
    supplementary = models.BooleanField(
        _("supplementary item"),
        default=False,
        help_text=_("Added after the agenda was locked."),
    )

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["decision", "information"]), name="agenda_item_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.case.title}"

    @property
    def recommendation_text(self) -> RecommendationText:
        """The recommendation as lead and points, for pages and PDFs to list."""
        return recommendation_parts(self.recommendation)


class ItemDecision(models.Model):
    """What the meeting decided on one agenda item (beslutning)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved as recommended")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("approved with changes")
        REJECTED = "rejected", _("rejected")
        POSTPONED = "postponed", _("postponed")
        NOTED = "noted", _("noted")

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="decision", verbose_name=_("item")
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    text = models.TextField(_("decision text"), blank=True)
    decided_on = models.DateField(_("date"), validators=[validate_plausible_date])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item"]
        verbose_name = _("decision on an item")
        verbose_name_plural = _("decisions on items")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    outcome__in=[
                        "approved",
                        "approved_with_changes",
                        "rejected",
                        "postponed",
                        "noted",
                    ]
                ),
                name="item_decision_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_outcome_display())
