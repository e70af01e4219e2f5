"""Participants: citizens known to a project by a project-local reference only."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from companies.models import Municipality
from core.validators import validate_not_cpr
from grants.models import Project
from participants.models.categories import Category

if TYPE_CHECKING:
    from participants.models.gdpr import ParticipantAccess

# How many of the latest accesses a participant's record lists ("seen by").
RECENT_ACCESSES = 10


def validate_birth_year(value: int) -> None:
    """A participant is 14 to 100 years old in the year they are registered."""
    this_year = date.today().year
    if not this_year - 100 <= value <= this_year - 14:
        raise ValidationError(
            _("The birth year must lie between %(first)s and %(last)s.")
            % {"first": this_year - 100, "last": this_year - 14}
        )


def starts_before_birth(birth_year: int) -> ValidationError:
    """The error of a course that starts before its participant's birth year."""
    return ValidationError(
        _("The course cannot start before the participant's birth year (%(year)s)."),
        code="starts_before_birth",
        params={"year": birth_year},
    )


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
        if self.birth_year:
            try:
                validate_birth_year(self.birth_year)
            except ValidationError as exc:
                raise ValidationError({"birth_year": exc}) from exc
        first_start = self.first_course_start()
        if self.birth_year and first_start and first_start.year < self.birth_year:
            error = ValidationError(
                _(
                    "The participant's first course starts on %(date)s, before this "
                    "birth year. Correct the course's start date or the birth year."
                ),
                code="course_before_birth",
                params={"date": date_format(first_start, "DATE_FORMAT")},
            )
            raise ValidationError({"birth_year": error})

    def first_course_start(self) -> date | None:
        """The start date of the participant's earliest course: their entry into the project."""
        if self.pk is None:
            return None
        return self.courses.order_by("start_date").values_list("start_date", flat=True).first()

    def recent_accesses(self) -> models.QuerySet[ParticipantAccess]:
        """Who looked at this record lately, newest first: shown on the record itself."""
        return self.accesses.all()[:RECENT_ACCESSES]
