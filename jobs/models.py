"""A job: one run of a registered kind of long work, its progress and the file it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.guards import AnyUser
from accounts.predicates import is_administrator
from jobs.registry import kinds


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: AnyUser) -> JobQuerySet:
        """The jobs a user may look at before the kind's own `may_see` is asked.

        Their own jobs, the jobs of shared kinds (the kind's `may_see` then decides), and for
        administrators every job. The view always asks the kind as well.
        """
        if not user.is_authenticated:
            return self.none()
        if is_administrator.test(user):
            return self
        shared = [kind.code for kind in kinds() if kind.shared]
        return self.filter(Q(started_by_id=user.pk) | Q(kind__in=shared))


def result_path(job: Job, filename: str) -> str:
    return f"jobs/{job.created_at:%Y/%m}/{job.pk}/{filename}"


class Job(models.Model):
    """One background job: kind and parameters, who started it, state, progress and result.

    State changes go through `jobs.services` (recorded in history); progress is written with a
    plain UPDATE by the worker, so history holds the transitions and not every tick.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict)
    description = models.CharField(
        _("description"), max_length=300, blank=True, help_text=_("What the job is about.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("The starter's; the job runs in it.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True, help_text=_("Shown to the user."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=200,
        blank=True,
        help_text=_("What the result depends on, as it was when the job ran."),
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    result = models.FileField(_("result"), upload_to=result_path, blank=True, max_length=300)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    result_size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    manifest = models.JSONField(
        _("what the file holds"),
        default=dict,
        blank=True,
        help_text=_(
            "The items, cases or projects the file was written from, as they were then: "
            "checked against the requester's access at every download."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("result kept until"), null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["progress_done", "progress_total", "progress_note"]
    )
    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_by_user")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")),
                name="job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def has_result(self) -> bool:
        """Done, with its file still kept."""
        return self.state == self.State.DONE and bool(self.result)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


class ScheduledRun(models.Model):
    """The one run of a periodic piece of work (`jobs.schedule`) in one time slot.

    Unique by name and slot: the first scheduler to claim a slot queues its task; every other
    claim of the same slot fails and queues nothing. Operational bookkeeping written by the
    scheduler and the worker (no user writes it), so it keeps no history of its own.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=80)
    slot = models.DateTimeField(_("time slot"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    claimed_by = models.CharField(_("claimed by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M:%S}"
