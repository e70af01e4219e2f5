"""A programme's money rules: thresholds, held-back share, and its cost categories."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import scope
from core.model_fields import AmountField, PercentField
from grants.models import Programme

_PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _percent_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": 100}), name=name
    )


class ProgrammeFinance(models.Model):
    """The thresholds a programme sets for its projects' reports, payments and warnings."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="finance", verbose_name=_("programme")
    )
    auditor_threshold = AmountField(
        _("auditor's statement above (kr.)"),
        default=500_000,
        help_text=_("A report whose lines total more than this needs an auditor's statement."),
    )
    final_share_percent = PercentField(
        _("final share held back (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=_PERCENT,
        help_text=_("Paid only once the final report is accepted."),
    )
    underspend_percent = PercentField(
        _("under-spending below (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("75.00"),
        validators=_PERCENT,
        help_text=_("Warn when accepted plus forecast is below this share of the budget to date."),
    )
    overspend_tolerance_percent = PercentField(
        _("over-spending tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=_PERCENT,
        help_text=_("Warn when an effort area has spent more than its budget plus this share."),
    )
    payment_behind_percent = PercentField(
        _("payments behind schedule by (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=_PERCENT,
        help_text=_(
            "Warn when payments to date lag the disbursement schedule by more than this share."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme finance settings")
        verbose_name_plural = _("programme finance settings")
        constraints = [
            _percent_check("final_share_percent", "programme_finance_final_share_valid"),
            _percent_check("underspend_percent", "programme_finance_underspend_valid"),
            _percent_check(
                "overspend_tolerance_percent", "programme_finance_overspend_tolerance_valid"
            ),
            _percent_check("payment_behind_percent", "programme_finance_payment_behind_valid"),
        ]

    def __str__(self) -> str:
        return str(self.programme)


class CostCategoryQuerySet(models.QuerySet["CostCategory"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CostCategoryQuerySet:
        """Programme data spans projects: listed for those who read every project.

        A line form offers its own programme's categories to the project's secretariat
        directly; this scope is that of the set-up pages and the admin.
        """
        return self.all() if scope.project_scope(user) is None else self.none()


class CostCategory(models.Model):
    """A cost category of a programme (omkostningskategori), direct or a flat rate.

    A flat rate (simplified cost option) is a percentage of one direct category's lines, e.g.
    18 % (or 40 % under the ESF) of direct salary; it is computed, never entered as lines.
    """

    class Kind(models.TextChoices):
        DIRECT = "direct", _("direct costs")
        FLAT_RATE = "flat_rate", _("flat rate")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="cost_categories",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("E.g. SAL, EXT, FLAT18."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIRECT)
    rate_percent = PercentField(
        _("flat rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        help_text=_("Only for a flat rate, e.g. 18.00 or 40.00."),
    )
    base = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flat_rates",
        verbose_name=_("computed from"),
        help_text=_("Only for a flat rate: the direct category it is a share of."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CostCategoryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="cost_category_code_unique"),
            models.UniqueConstraint(fields=["programme", "name"], name="cost_category_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["direct", "flat_rate"]), name="cost_category_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind="direct") & Q(rate_percent__isnull=True) & Q(base__isnull=True))
                | (
                    Q(kind="flat_rate")
                    & Q(rate_percent__gt=0)
                    & Q(rate_percent__lte=100)
                    & Q(base__isnull=False)
                ),
                name="cost_category_flat_rate_has_rate_and_base",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.FLAT_RATE and self.rate_percent is not None:
            return f"{self.name} ({self.rate_percent.normalize():f} %)"
        return self.name

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.kind == self.Kind.FLAT_RATE:
            if self.pk and self.flat_rates.exists():
                errors["kind"] = _("Flat rates are computed from this category.")
            if self.rate_percent is None:
                errors["rate_percent"] = _("A flat rate needs its percentage.")
            if self.base_id is None:
                errors["base"] = _("A flat rate needs the direct category it is computed from.")
            elif self.base is not None:
                if self.base.kind != self.Kind.DIRECT:
                    errors["base"] = _("A flat rate is computed from a direct category.")
                elif self.base.programme_id != self.programme_id:
                    errors["base"] = _("The category must belong to the same programme.")
        else:
            if self.rate_percent is not None:
                errors["rate_percent"] = _("Only a flat rate has a percentage.")
            if self.base_id is not None:
                errors["base"] = _("Only a flat rate is computed from another category.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_flat_rate(self) -> bool:
        return self.kind == self.Kind.FLAT_RATE
