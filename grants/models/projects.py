"""Programmes, organisations, projects and their budget and financing rows."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import scope
from accounts.roles import REGIONAL_STAFF
from accounts.scope import ScopedQuerySet
from core.validators import MAX_YEAR, MIN_YEAR, validate_cvr


def _optional_year_check(field: str, name: str) -> models.CheckConstraint:
    """An empty year, or one within the years the application accepts."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}),
        name=name,
    )


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ProgrammeQuerySet:
        """Programmes span projects: those who read every project see them."""

        return self.all() if scope.project_scope(user) is None else self.none()


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    pool = models.CharField(
        _("pool"), max_length=100, blank=True, help_text=_("E.g. INKLUSIONmidt.")
    )
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            _optional_year_check("first_year", "programme_first_year_valid"),
            _optional_year_check("last_year", "programme_last_year_valid"),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(first_year__lte=models.F("last_year")),
                name="programme_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.first_year and self.last_year and self.first_year > self.last_year:
            raise ValidationError(
                {"last_year": _("The last year cannot come before the first year.")}
            )

    @property
    def period(self) -> str:
        """The programme's years as the case papers write them ("2016–2020"), or ""."""
        if self.first_year and self.last_year:
            if self.first_year == self.last_year:
                return str(self.first_year)
            return f"{self.first_year}–{self.last_year}"
        return str(self.first_year or self.last_year or "")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        validators=[validate_cvr],
        help_text=_("Eight digits; leave empty if unknown."),
    )
    address = models.TextField(_("address"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"], condition=~Q(cvr=""), name="organisation_cvr_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(ScopedQuerySet["Project"]):
    project_lookup = "pk"

    def with_relations(self) -> ProjectQuerySet:
        return self.select_related("programme")

    def working_with_people(self, user: AbstractBaseUser | AnonymousUser) -> ProjectQuerySet:
        """The projects whose participants, courses and companies `user` handles.

        Their own for a project's secretariat, every project for administrators, none else.
        """

        return scope.scoped(self, scope.people_scope(user), "pk")


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("programme")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    website = models.URLField(_("website"), blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects_followed",
        limit_choices_to={"groups__name": REGIONAL_STAFF, "is_active": True},
        verbose_name=_("case officer"),
        help_text=_(
            "The regional staff member who follows the project: told of its reports, "
            "payments, reported values and deadlines. With none, all regional staff are told."
        ),
    )

    objects = ProjectQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:project_detail", args=[self.pk])

    def organisations_in_role(self, role: str) -> list[ProjectOrganisation]:
        return [po for po in self.organisation_roles.all() if po.role == role]


class ProjectOrganisation(models.Model):
    """An organisation's role in one project: applicant, operator or partner."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        OPERATOR = "operator", _("operator")
        PARTNER = "partner", _("partner")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="project_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    on_behalf_of = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("project organisation")
        verbose_name_plural = _("project organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="project_organisation_unique"
            ),
            models.UniqueConstraint(
                fields=["project", "role"],
                condition=Q(role__in=["applicant", "operator"]),
                name="project_single_applicant_and_operator",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["applicant", "operator", "partner"]),
                name="project_organisation_role_valid",
            ),
        ]

    def __str__(self) -> str:
        if self.on_behalf_of_id:
            return f"{self.organisation} ({self.get_role_display()}, {self.on_behalf_of})"
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectLink(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="links", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class EffortAreaQuerySet(ScopedQuerySet["EffortArea"]):
    def offered(self) -> EffortAreaQuerySet:
        """The areas a new amount may be entered for: those not retired."""
        return self.filter(retired=False)


class EffortArea(models.Model):
    """A budget row of one project (indsatsfelt).

    A retired area keeps its lines in the decisions that have them (their tables, histories
    and budget grids still show it) but is offered to no other decision's grid. An area with
    lines is never deleted: the lines protect it.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="effort_areas", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("A retired area keeps its amounts but is not offered for new ones."),
    )

    objects = EffortAreaQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("effort area")
        verbose_name_plural = _("effort areas")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="effort_area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingSourceQuerySet(models.QuerySet["FundingSource"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> FundingSourceQuerySet:
        """Reference data: the rules decide who reads the region's list, never a project's scope."""
        return self.all()


class FundingSource(models.Model):
    """A financing row, shared by all projects (finansieringskilde)."""

    class Kind(models.TextChoices):
        ESF = "esf", _("EU Social Fund")
        ERDF = "erdf", _("EU Regional Fund")
        REGIONAL = "regional", _("Regional business development funds")
        MUNICIPAL_STATE = "municipal_state", _("Municipality/state")
        PRIVATE = "private", _("Private")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recommendation_phrase = models.CharField(
        _("phrase in recommendations"),
        max_length=200,
        blank=True,
        help_text=_(
            'How a recommendation names the funds, e.g. "de regionale erhvervsudviklingsmidler".'
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = FundingSourceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["esf", "erdf", "regional", "municipal_state", "private"]),
                name="funding_source_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectFundingSourceQuerySet(ScopedQuerySet["ProjectFundingSource"]):
    pass


class ProjectFundingSource(models.Model):
    """A funding source chosen for one project, at its place in the project's own order.

    The region keeps the list of sources (administrators); each project chooses from it. Its
    budget grid offers, and its tables show, its chosen sources in this order. A project that
    has chosen none is offered every source of the region in the region's order (as before
    sources were chosen per project).
    """

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="funding_sources",
        verbose_name=_("project"),
    )
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        related_name="project_choices",
        verbose_name=_("funding source"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ProjectFundingSourceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("funding source of a project")
        verbose_name_plural = _("funding sources of a project")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "funding_source"], name="project_funding_source_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.funding_source}"


class ProjectMembership(models.Model):
    """A user who works in a project (its secretariat): sees and edits its participants."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_memberships",
        verbose_name=_("user"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "user"]
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project}"
