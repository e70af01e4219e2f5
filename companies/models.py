"""Companies that take part in projects, and the reference data that places them."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import guards
from core.validators import validate_cvr, validate_plausible_date
from grants.models import Project


class LabourMarketArea(models.Model):
    """One of the region's labour-market areas (arbejdsmarkedsområder)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("labour-market area")
        verbose_name_plural = _("labour-market areas")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality with its official three-digit code."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    labour_market_area = models.ForeignKey(
        LabourMarketArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("labour-market area"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_three_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return self.name


class IndustryAssociation(models.Model):
    class Contact(models.TextChoices):
        POSITIVE = "positive", _("contacted and positive")
        MISSING = "missing", _("missing")

    name = models.CharField(_("name"), max_length=200, unique=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name=_("industry"),
    )
    contact_status = models.CharField(
        _("contact"), max_length=20, choices=Contact.choices, default=Contact.MISSING
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry association")
        verbose_name_plural = _("industry associations")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_status__in=["positive", "missing"]),
                name="industry_association_contact_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompanyQuerySet(models.QuerySet["Company"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CompanyQuerySet:
        """Companies are public register data: every role that works with them sees all."""

        return self.all() if guards.has_perm(user, "companies.view_company") else self.none()

    def in_project(self, project_id: int) -> CompanyQuerySet:
        return self.filter(projects__id=project_id)


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, validators=[validate_cvr])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
    )
    labour_market_area = models.ForeignKey(
        LabourMarketArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("labour-market area"),
    )
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("industry"),
    )
    social_economy = models.BooleanField(_("social-economy enterprise"), default=False)
    pioneer = models.BooleanField(
        _("pioneer company"),
        default=False,
        help_text=_("Shows other companies the way (foregangsvirksomhed)."),
    )
    inclusion_started_on = models.DateField(
        _("works actively with inclusion since"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    notes = models.TextField(_("notes"), blank=True)
    projects = models.ManyToManyField(
        Project, blank=True, related_name="companies", verbose_name=_("projects")
    )

    objects = CompanyQuerySet.as_manager()

    # Who registered or changed the company, and which projects it took part in after each
    # change (the links are kept with each record).
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        # The company list's order, and the course list's sorted by company: reading companies
        # in this index's order, the first page of courses needs a few dozen companies, where
        # without it the database sorted every course of the project by company name.
        indexes = [models.Index(fields=["name", "id"], name="company_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cvr__regex=r"^[0-9]{8}$"), name="company_cvr_eight_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    """A network of companies, one per labour-market area."""

    name = models.CharField(_("name"), max_length=200)
    labour_market_area = models.OneToOneField(
        LabourMarketArea,
        on_delete=models.PROTECT,
        related_name="network",
        verbose_name=_("labour-market area"),
    )
    members = models.ManyToManyField(
        Company, blank=True, related_name="networks", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name
