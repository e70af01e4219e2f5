"""Indicators as data: what a programme measures its projects' targets by.

An indicator is the region's or the EU's (CO01 "number of enterprises receiving support"), an
output or a result, and its achievement is either *computed* from the data the application
holds (one of the `Indicator.Measure` queries in `progress.measures`) or *reported* by the
project, period by period, and approved by regional staff (`progress.models.ReportedValue`).
A programme chooses the indicators its decisions may set targets for (`ProgrammeIndicator`).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grants.models.projects import Programme


class Dimension(models.TextChoices):
    """What a target may be broken down by."""

    INDUSTRY = "industry", _("industry")
    GENDER = "gender", _("gender")
    AGE_BAND = "age_band", _("age band")


# The categories of the participant dimensions, as the ESF reports participants: the same
# codes as `participants.models.Participant.Gender` and `participants.esf.AgeBand` (grants sits
# below participants, so a test keeps them equal).
GENDERS = {
    "female": _("women"),
    "male": _("men"),
    "other": _("other or not stated"),
}
AGE_BANDS = {
    "below_25": _("below 25 years"),
    "25_54": _("25–54 years"),
    "above_54": _("above 54 years"),
}
CATEGORIES = {Dimension.GENDER: GENDERS, Dimension.AGE_BAND: AGE_BANDS}


class Measure(models.TextChoices):
    """What the application can count by itself, each one small query in `progress.measures`."""

    CITIZENS_IN_COURSES = "citizens_in_courses", _("citizens in onboarding courses")
    ORDINARY_JOBS = "ordinary_jobs", _("courses ending in an ordinary job")
    FLEX_JOBS = "flex_jobs", _("courses ending in a flex job")
    EDUCATION = "education", _("courses ending in education")
    COMPANIES_INCLUSION = "companies_inclusion", _("companies working actively with inclusion")
    COMPANIES_IN_COURSES = "companies_in_courses", _("distinct companies in onboarding courses")


_PEOPLE = (Dimension.GENDER, Dimension.AGE_BAND)
_COMPANIES = (Dimension.INDUSTRY,)
# The dimensions each measure can break its count down by.
MEASURE_DIMENSIONS: dict[str, tuple[Dimension, ...]] = {
    Measure.CITIZENS_IN_COURSES: _PEOPLE,
    Measure.ORDINARY_JOBS: _PEOPLE,
    Measure.FLEX_JOBS: _PEOPLE,
    Measure.EDUCATION: _PEOPLE,
    Measure.COMPANIES_INCLUSION: _COMPANIES,
    Measure.COMPANIES_IN_COURSES: _COMPANIES,
}


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> IndicatorQuerySet:
        """Reference data: the rules decide who reads indicators, never a project's scope."""
        return self.all()


class Indicator(models.Model):
    """An indicator a programme measures targets by (indikator)."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("output")
        RESULT = "result", _("result")

    class Measurement(models.TextChoices):
        COMPUTED = "computed", _("computed from the application's data")
        REPORTED = "reported", _("reported by the project")

    Measure = Measure

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("E.g. CO01, or the programme's own.")
    )
    name_da = models.CharField(_("name in Danish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=50, help_text=_("What is counted, e.g. companies, persons, jobs.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OUTPUT)
    measurement = models.CharField(
        _("measured"), max_length=10, choices=Measurement.choices, default=Measurement.REPORTED
    )
    measure = models.CharField(
        _("measure"),
        max_length=30,
        choices=Measure.choices,
        blank=True,
        help_text=_("What the application counts, for a computed indicator."),
    )
    description = models.TextField(_("description"), blank=True)
    programmes: models.ManyToManyField[Programme, ProgrammeIndicator] = models.ManyToManyField(
        Programme,
        through="ProgrammeIndicator",
        related_name="indicators",
        blank=True,
        verbose_name=_("programmes"),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(measurement="computed", measure__in=Measure.values)
                | Q(measurement="reported", measure=""),
                name="indicator_measure_if_computed",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["output", "result"]), name="indicator_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language: Danish, or English for any other."""
        language = get_language() or "da"
        return self.name_da if language.startswith("da") else self.name_en

    @property
    def computed(self) -> bool:
        return self.measurement == self.Measurement.COMPUTED

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """What a target of this indicator may be broken down by: its measure's dimensions."""
        return MEASURE_DIMENSIONS.get(self.measure, ()) if self.computed else ()


class ProgrammeIndicator(models.Model):
    """An indicator a programme has chosen: its decisions may set targets for it."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="indicator_choices",
        verbose_name=_("programme"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="programme_choices",
        verbose_name=_("indicator"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "indicator__code"]
        verbose_name = _("indicator of a programme")
        verbose_name_plural = _("indicators of programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "indicator"], name="programme_indicator_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.indicator}"
