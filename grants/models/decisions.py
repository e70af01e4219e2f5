"""Grant decisions: kind, status, years and the version that guards their budget grid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core.validators import MAX_YEAR, MIN_YEAR, validate_plausible_date
from grants.budget import DecisionFigures, unbalanced_years
from grants.models.bodies import DecisionBody
from grants.models.cases import Case
from grants.models.common import year_check
from grants.models.lines import BudgetLine, FinancingLine, FinancingTotal
from grants.models.projects import Project

# The relations that hold a decision's figures, prefetched together.
FIGURES = ("budget_lines", "financing_lines", "financing_totals")


class GrantDecisionQuerySet(ScopedQuerySet["GrantDecision"]):
    def counting(self) -> GrantDecisionQuerySet:
        """Decisions whose figures count toward what a project has."""
        return self.filter(
            status__in=[GrantDecision.Status.RECOMMENDED, GrantDecision.Status.APPROVED]
        )

    def with_figures(self) -> GrantDecisionQuerySet:
        return self.prefetch_related(*FIGURES)


class GrantDecision(models.Model):
    class Kind(models.TextChoices):
        ORIGINAL = "original", _("original grant")
        TOP_UP = "top_up", _("top-up")
        EXTENSION = "extension", _("extension")
        REVISION = "revision", _("budget revision")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        RECOMMENDED = "recommended", _("recommended")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    deciding_body = models.ForeignKey(
        DecisionBody,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("deciding body"),
    )
    decided_on = models.DateField(
        _("date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    revises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revises"),
        help_text=_("Only for a budget revision: the decision whose lines it replaces."),
    )
    split_by_year = models.BooleanField(
        _("split by year"),
        default=True,
        help_text=_(
            "Off when the decision is known only by totals per funding source over its period."
        ),
    )
    cases: models.ManyToManyField[Case, DecisionCase] = models.ManyToManyField(
        Case,
        through="DecisionCase",
        blank=True,
        related_name="decisions",
        verbose_name=_("cases"),
    )
    # Optimistic locking: every save of the grid or the status adds one, and a save made from
    # a page that showed an older version is refused (grants.services). Not editable, so no
    # model form or admin page can set it back.
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the saves of the budget grid and the status changes."),
    )

    objects = GrantDecisionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "first_year", "decided_on", "pk"]
        verbose_name = _("grant decision")
        verbose_name_plural = _("grant decisions")
        constraints = [
            year_check("first_year", "decision_first_year_valid"),
            year_check("last_year", "decision_last_year_valid"),
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="decision_period_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(kind="revision") & Q(revises__isnull=False))
                | (~Q(kind="revision") & Q(revises__isnull=True)),
                name="decision_revises_only_for_revision",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["original", "top_up", "extension", "revision"]),
                name="decision_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "recommended", "approved", "rejected"]),
                name="decision_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, **kwargs: Any) -> None:
        # The guarantee behind `clean`'s message: no writer approves an empty or unbalanced
        # decision, not even one that skips validation (a command, a shell session).
        update_fields = kwargs.get("update_fields")
        if (update_fields is None or "status" in update_fields) and self.becomes_approved():
            self.check_approvable()
        super().save(**kwargs)

    def get_absolute_url(self) -> str:
        return reverse("grants:decision_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.first_year and self.last_year and self.first_year > self.last_year:
            errors["last_year"] = _("The last year cannot come before the first year.")
        for field in ("first_year", "last_year"):
            value = getattr(self, field)
            if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
                errors[field] = _("The year must lie between %(min)s and %(max)s.") % {
                    "min": MIN_YEAR,
                    "max": MAX_YEAR,
                }
        if self.kind == self.Kind.REVISION and not self.revises_id:
            errors["revises"] = _("A budget revision must name the decision it revises.")
        if self.kind != self.Kind.REVISION and self.revises_id:
            errors["revises"] = _("Only a budget revision revises another decision.")
        if self.revises_id and self.revises is not None:
            if self.revises.project_id != self.project_id:
                errors["revises"] = _("A revision must revise a decision of the same project.")
            elif self.pk and self.revises_id == self.pk:
                errors["revises"] = _("A decision cannot revise itself.")
            elif (
                self.first_year
                and self.last_year
                and not (
                    self.revises.first_year <= self.first_year
                    and self.last_year <= self.revises.last_year
                )
            ):
                # A revision replaces the revised decision's lines year by year: a year it
                # did not have would add to the project's figures, not replace them.
                errors["revises"] = _(
                    "A budget revision can only revise years of the revised decision's period "
                    "%(first)s–%(last)s."
                ) % {"first": self.revises.first_year, "last": self.revises.last_year}
        if self.pk and self.first_year and self.last_year:
            outside = (
                type(self)
                ._base_manager.filter(revises_id=self.pk)
                .filter(Q(first_year__lt=self.first_year) | Q(last_year__gt=self.last_year))
                .values_list("title", flat=True)
            )
            if outside:
                errors.setdefault(
                    "last_year",
                    _("The budget revision %(title)s revises years outside this period.")
                    % {"title": outside[0]},
                )
        if errors:
            raise ValidationError(errors)
        if self.becomes_approved():
            self.check_approvable()

    def becomes_approved(self) -> bool:
        """Whether saving would approve the decision: approved here, not (yet) in the database."""
        if self.status != self.Status.APPROVED:
            return False
        if self.pk is None:
            return True
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True)
        return stored.first() != self.Status.APPROVED

    def check_approvable(self) -> None:
        """Refuse (ValidationError) unless the decision has amounts and, year by year, balances.

        Called by `save` (no writer slips past), `clean` (the service, forms and admin refuse
        with a message) and the writes that change the lines of an approved decision.
        """
        (figures,) = decision_figures([self])  # none yet for an unsaved decision
        amounts = (figures.budget, figures.financing, figures.period_totals)
        if not any(any(cells.values()) for cells in amounts):
            raise ValidationError(_("A decision with no amounts cannot be approved."), code="empty")
        if not self.split_by_year:
            return
        unbalanced = unbalanced_years(figures)
        if unbalanced:
            years = ", ".join(
                gettext("%(year)s (difference %(diff)s kr.)")
                % {"year": year, "diff": number_format(diff, force_grouping=True)}
                for year, diff in unbalanced.items()
            )
            raise ValidationError(
                gettext("Budget and financing do not balance in %(years)s.") % {"years": years},
                code="unbalanced",
            )

    def save_next_version(self, *changed: str) -> None:
        """Save `changed` fields with the next version: the one place the version moves on.

        Every path that changes what a budget grid or a status page showed (services, admin)
        calls this, so a page opened before the change is refused when it saves.
        """
        with transaction.atomic():
            # Counted from the locked row, so two paths bumping at once both count.
            stored = (
                GrantDecision.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.version = (stored if stored is not None else self.version) + 1
            self.save(update_fields=[*changed, "version"])

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class DecisionCase(models.Model):
    """A case presents a decision: the link, with its own audit history (who linked, when).

    The table is the one Django made for the many-to-many field before the link had a history,
    so its names are Django's.
    """

    id = models.AutoField(primary_key=True)
    grantdecision = models.ForeignKey(
        GrantDecision, on_delete=models.CASCADE, verbose_name=_("grant decision")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, verbose_name=_("case"))

    history = HistoricalRecords()

    class Meta:
        db_table = "grants_grantdecision_cases"
        unique_together = [("grantdecision", "case")]
        verbose_name = _("case of a decision")
        verbose_name_plural = _("cases of decisions")

    def __str__(self) -> str:
        return f"{self.case} – {self.grantdecision}"


def decision_figures(decisions: Sequence[GrantDecision]) -> list[DecisionFigures]:
    """The figures of `decisions` as plain data, in three queries."""
    ids = [d.pk for d in decisions]
    budget: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    financing: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    totals: dict[int, dict[int, int]] = defaultdict(dict)
    for decision_id, area_id, year, amount in BudgetLine.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "effort_area_id", "year", "amount"):
        budget[decision_id][(area_id, year)] = amount
    for decision_id, source_id, year, amount in FinancingLine.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "funding_source_id", "year", "amount"):
        financing[decision_id][(source_id, year)] = amount
    for decision_id, source_id, amount in FinancingTotal.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "funding_source_id", "amount"):
        totals[decision_id][source_id] = amount
    return [
        DecisionFigures(
            id=d.pk,
            kind=d.kind,
            first_year=d.first_year,
            last_year=d.last_year,
            budget=budget[d.pk],
            financing=financing[d.pk],
            period_totals=totals[d.pk],
            split_by_year=d.split_by_year,
            revises_id=d.revises_id,
            sort_key=((d.decided_on or date.max).isoformat(), d.pk),
        )
        for d in decisions
    ]
