"""Citizens in onboarding courses: the least the work needs, and the ESF participant data."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.db.models.expressions import CombinedExpression
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from companies.models import Company, Municipality
from core.validators import CPR_SHAPE, validate_not_cpr
from grants.models import Project

__all__ = ["CPR_SHAPE", "validate_not_cpr"]  # imported from here by migrations and forms

# How many of the latest accesses a participant's record lists ("seen by").
RECENT_ACCESSES = 10


class Category(models.Model):
    """An entry of one of the lists a participant is described by: data, not code."""

    class Kind(models.TextChoices):
        TARGET_GROUP = "target_group", _("target group")
        EMPLOYMENT_STATUS = "employment_status", _("employment status on entry")
        EDUCATION = "education", _("education level (ISCED)")
        RESULT_ON_LEAVING = "result_on_leaving", _("result on leaving")
        RESULT_SIX_MONTHS = "result_six_months", _("result six months after leaving")

    kind = models.CharField(_("list"), max_length=30, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    regulation = models.CharField(
        _("regulation and annex"),
        max_length=200,
        blank=True,
        help_text=_("Where the indicator is defined, e.g. Regulation (EU) No 1304/2013, Annex I."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="category_unique_code"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "target_group",
                        "employment_status",
                        "education",
                        "result_on_leaving",
                        "result_six_months",
                    ]
                ),
                name="category_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.label_en:
            return self.label_en
        return self.label


class ParticipantQuerySet(ScopedQuerySet["Participant"]):
    scope = "people"


class Participant(models.Model):
    """A citizen in the project, known by a project-local reference only."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("woman")
        MALE = "male", _("man")
        OTHER = "other", _("other or not stated")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="participants", verbose_name=_("project")
    )
    reference = models.CharField(
        _("reference"),
        max_length=40,
        validators=[validate_not_cpr],
        help_text=_(
            "The project's own reference for the citizen, e.g. RI-0042. Never a CPR number."
        ),
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("municipality"),
    )
    target_groups = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Category.Kind.TARGET_GROUP},
        verbose_name=_("target groups"),
    )
    employment_status = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Category.Kind.EMPLOYMENT_STATUS},
        verbose_name=_("employment status on entry"),
    )
    education = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Category.Kind.EDUCATION},
        verbose_name=_("education level (ISCED)"),
    )
    results_on_leaving = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Category.Kind.RESULT_ON_LEAVING},
        verbose_name=_("results on leaving"),
    )
    results_six_months = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Category.Kind.RESULT_SIX_MONTHS},
        verbose_name=_("results six months after leaving"),
    )
    # Special categories of personal data (GDPR art. 9): their own permission, masked otherwise.
    foreign_background = models.BooleanField(
        _("foreign background or minority"), null=True, blank=True
    )
    disability = models.BooleanField(_("disability"), null=True, blank=True)
    other_disadvantage = models.BooleanField(_("other disadvantage"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    history = HistoricalRecords(
        m2m_fields=["target_groups", "results_on_leaving", "results_six_months"]
    )

    class Meta:
        ordering = ["project", "reference"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        permissions = [
            ("view_special_categories", _("Can see special-category data of participants")),
            ("change_special_categories", _("Can record special-category data of participants")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reference"], name="participant_reference_unique_in_project"
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900, birth_year__lte=2100),
                name="participant_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["female", "male", "other"]),
                name="participant_gender_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("participants:participant_detail", args=[self.pk])

    def clean(self) -> None:
        this_year = date.today().year
        if self.birth_year and not this_year - 100 <= self.birth_year <= this_year - 14:
            raise ValidationError(
                {
                    "birth_year": _("The birth year must lie between %(first)s and %(last)s.")
                    % {"first": this_year - 100, "last": this_year - 14}
                }
            )

    def recent_accesses(self) -> models.QuerySet[ParticipantAccess]:
        """Who looked at this record lately, newest first: shown on the record itself."""
        return self.accesses.all()[:RECENT_ACCESSES]


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
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while the course runs.")
    )
    mentor = models.BooleanField(_("mentor"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)

    objects = CourseQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("onboarding course")
        verbose_name_plural = _("onboarding courses")
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
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The course cannot end before it starts.")
        if self.outcome_date and self.start_date and self.outcome_date < self.start_date:
            errors["outcome_date"] = _("The outcome cannot come before the course starts.")
        if self.outcome and not self.outcome_date:
            errors["outcome_date"] = _("Give the date of the outcome.")
        if self.outcome_date and not self.outcome:
            errors["outcome"] = _("Choose the outcome the date belongs to.")
        if self.outcome and not self.end_date:
            errors["end_date"] = _("A course with an outcome has ended: give its end date.")
        participant = self.participant if self.participant_id else None
        if (
            participant is not None
            and self.project_id
            and participant.project_id != self.project_id
        ):
            errors["participant"] = _("The participant belongs to another project.")
        if errors:
            raise ValidationError(errors)  # type: ignore[arg-type]

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


class ParticipantErasureQuerySet(ScopedQuerySet["ParticipantErasure"]):
    scope = "people"


class ParticipantAccessQuerySet(ScopedQuerySet["ParticipantAccess"]):
    scope = "people"


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
