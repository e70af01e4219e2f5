"""Onboarding courses, and how the people among them are counted."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.db.models.expressions import CombinedExpression
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from companies.models import Company
from core.validators import MAX_DATE, MIN_DATE, validate_plausible_date
from grants.models import Project
from participants.models.people import Participant, starts_before_birth


class CourseQuerySet(ScopedQuerySet["OnboardingCourse"]):
    scope = "people"

    def in_period(self, start: date, end: date) -> CourseQuerySet:
        """Courses that ran at some time between `start` and `end`, both included."""
        return self.filter(start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )

    def started_in(self, start: date, end: date) -> CourseQuerySet:
        return self.filter(start_date__gte=start, start_date__lte=end)

    def with_outcome(self, *outcomes: str) -> CourseQuerySet:
        return self.filter(outcome__in=outcomes)

    def running(self) -> CourseQuerySet:
        return self.filter(end_date__isnull=True)

    def ended(self) -> CourseQuerySet:
        return self.filter(end_date__isnull=False)


class OnboardingCourse(models.Model):
    """An individual job-placement course in a company (indslusningsforløb)."""

    class Outcome(models.TextChoices):
        ORDINARY_JOB = "ordinary_job", _("ordinary job")
        FLEX_JOB = "flex_job", _("flex job")
        EDUCATION = "education", _("education")
        OTHER_EMPLOYMENT = "other_employment", _("other employment")
        NO_JOB = "no_job", _("ended without job")

    # Empty only once the participant is erased (`erasure` then says so): deleting a participant
    # any other way is refused while they have courses, so their history goes with them.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        related_name="courses",
        verbose_name=_("participant"),
    )
    erasure = models.ForeignKey(
        "ParticipantErasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="courses",
        verbose_name=_("erased participant"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="courses", verbose_name=_("project")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="courses", verbose_name=_("company")
    )
    start_date = models.DateField(_("start date"), validators=[validate_plausible_date])
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("Leave empty while the course runs."),
    )
    mentor = models.BooleanField(_("mentor"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(
        _("outcome date"), null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = CourseQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("onboarding course")
        verbose_name_plural = _("onboarding courses")
        # The orders the course list reads in (newest first, the table's default), for one
        # project's secretariat and for everybody's: without them the database sorts every row.
        # The project's index also carries who took each course and where, so that progress
        # (each participant's or company's first course in a decision's period) reads the
        # index alone; likewise the outcomes by month. INCLUDE columns are PostgreSQL's; SQLite
        # indexes the keys only.
        indexes = [
            models.Index(
                fields=["project", "-start_date", "-id"],
                include=["participant", "erasure", "company"],
                name="course_project_start_idx",
            ),
            models.Index(
                fields=["project", "outcome"],
                include=["outcome_date"],
                name="course_project_outcome_idx",
            ),
            models.Index(fields=["-start_date", "-id"], name="course_start_idx"),
            # A company's courses in a project: the list sorted by company name walks the
            # companies in name order (company_name_idx) and looks up each one's courses here.
            models.Index(fields=["company", "project"], name="course_company_project_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="course_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True)
                | Q(outcome_date__gte=models.F("start_date")),
                name="course_outcome_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_date__isnull=True))
                | (~Q(outcome="") & Q(outcome_date__isnull=False) & Q(end_date__isnull=False)),
                name="course_outcome_has_date_and_end",
            ),
            models.CheckConstraint(
                condition=Q(
                    outcome__in=[
                        "",
                        "ordinary_job",
                        "flex_job",
                        "education",
                        "other_employment",
                        "no_job",
                    ]
                ),
                name="course_outcome_valid",
            ),
            # A course belongs to a participant, or to the erasure that removed them.
            models.CheckConstraint(
                condition=Q(participant__isnull=False, erasure__isnull=True)
                | Q(participant__isnull=True, erasure__isnull=False),
                name="course_participant_or_erasure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_label} – {self.company} ({self.start_date:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        # An implausible date has its own message (the field's validator): dates are compared
        # only when both are plausible, so that one slip gives one message.
        start, end, outcome_date = (
            day if day and MIN_DATE <= day <= MAX_DATE else None
            for day in (self.start_date, self.end_date, self.outcome_date)
        )
        if end and start and end < start:
            errors["end_date"] = _("The course cannot end before it starts.")
        if outcome_date and start and outcome_date < start:
            errors["outcome_date"] = _("The outcome cannot come before the course starts.")
        if self.outcome and not self.outcome_date:
            errors["outcome_date"] = _("Give the date of the outcome.")
        if self.outcome_date and not self.outcome:
            errors["outcome"] = _("Choose the outcome the date belongs to.")
        if self.outcome and not self.end_date:
            errors["end_date"] = _("A course with an outcome has ended: give its end date.")
        # The participant may be new and not saved yet (registered together with the course).
        participant = self.participant
        if (
            participant is not None
            and self.project_id
            and participant.project_id != self.project_id
        ):
            errors["participant"] = _("The participant belongs to another project.")
        if (
            participant is not None
            and start
            and participant.birth_year
            and start.year < participant.birth_year
        ):
            # The age on entry (participants.esf) cannot be computed for such a course.
            errors.setdefault("start_date", starts_before_birth(participant.birth_year))
        if errors:
            raise ValidationError(errors)

    @property
    def running(self) -> bool:
        return self.end_date is None

    @property
    def participant_label(self) -> str:
        """The participant's reference; words saying they are erased once they are."""
        participant = self.participant if self.participant_id else None
        return participant.reference if participant else str(_("erased participant"))

    def participant_url(self) -> str:
        """The participant's page; the course list once the participant is erased."""
        if self.participant_id is None:
            return reverse("participants:course_list")
        return reverse("participants:participant_detail", args=[self.participant_id])


def people_count(condition: Q | None = None) -> CombinedExpression:
    """Count the distinct people among courses (those matching `condition`), as an aggregate.

    A participant counts once however many courses they have; so does an erased participant,
    whose courses share their `erasure` instead. Each course has exactly one of the two.
    """
    return Count("participant", distinct=True, filter=condition) + Count(
        "erasure", distinct=True, filter=condition
    )


def same_person() -> Q:
    """Inside a subquery: the courses of the outer course's person, erased or not."""
    # A NULL never equals anything in SQL, so each side matches only its own kind of course.
    return Q(participant_id=OuterRef("participant_id")) | Q(erasure_id=OuterRef("erasure_id"))
