"""A decision's terms on the case: its recommendation lines and disbursement schedule.

What the case page shows of them (read in two queries, however many decisions and lines), what
their editors offer, and the rules a line must keep, written once for the forms (a message at
the field) and the services (the guarantee).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from grants.models import (
    Disbursement,
    FundingSource,
    GrantDecision,
    Organisation,
    ProjectFundingSource,
    Recommendation,
)
from grants.queries import sources_in_project_order


@dataclass(frozen=True)
class DecisionTerms:
    """One decision of a case with its recommendation lines and its disbursement rows."""

    decision: GrantDecision
    recommendations: tuple[Recommendation, ...]
    disbursements: tuple[Disbursement, ...]

    @property
    def recommended_total(self) -> int:
        return sum(line.amount for line in self.recommendations)

    @property
    def disbursed_total(self) -> int:
        return sum(row.amount for row in self.disbursements)


def case_terms(decisions: Sequence[GrantDecision]) -> list[DecisionTerms]:
    """The terms of `decisions`, in their order: two queries."""
    ids = [d.pk for d in decisions]
    lines: dict[int, list[Recommendation]] = defaultdict(list)
    for line in (
        Recommendation.objects.filter(decision_id__in=ids)
        .select_related("funding_source", "recipient")
        .order_by("decision_id", "order", "pk")
    ):
        lines[line.decision_id].append(line)
    rows: dict[int, list[Disbursement]] = defaultdict(list)
    for row in (
        Disbursement.objects.filter(decision_id__in=ids)
        .select_related("funding_source")
        .order_by("decision_id", "year", "funding_source__order", "pk")
    ):
        rows[row.decision_id].append(row)
    return [DecisionTerms(d, tuple(lines[d.pk]), tuple(rows[d.pk])) for d in decisions]


# What the editors offer ------------------------------------------------------------------------


def offered_sources(decision: GrantDecision, used: Iterable[int] = ()) -> list[FundingSource]:
    """The funding sources a line of `decision` may name: the project's own in its order (every
    source of the region while it has chosen none), and any that a line of it names already."""
    used = set(used)
    sources = sources_in_project_order(decision.project_id)
    if ProjectFundingSource.objects.filter(project_id=decision.project_id).exists():
        sources = sources.filter(Q(project_position__isnull=False) | Q(pk__in=used))
    return list(sources)


def default_disbursement_source(
    decision: GrantDecision, sources: Sequence[FundingSource]
) -> FundingSource | None:
    """The funding source a new disbursement row names to start with, or None (the whole).

    The one source the decision's recommendations name (or, with none yet, the one source
    offered): a row paying out the whole would then be compared with the same recommendations,
    but naming the source says what is paid. None while the schedule has rows paying out the
    whole: a schedule does not mix the two.
    """
    if decision.disbursements.filter(funding_source=None).exists():
        return None
    recommended = set(decision.recommendations.values_list("funding_source_id", flat=True))
    offered = {source.pk: source for source in sources}
    if len(recommended) == 1:
        return offered.get(recommended.pop())
    if not recommended and len(offered) == 1:
        return next(iter(offered.values()))
    return None


def offered_recipients() -> list[Organisation]:
    """The organisations a recommendation may grant to: the region's, by name."""
    return list(Organisation.objects.order_by("name"))


# The rules of a line ---------------------------------------------------------------------------


def _outside(decision: GrantDecision, *years: int | None) -> bool:
    return any(
        year is not None and not decision.first_year <= year <= decision.last_year for year in years
    )


def _period_message(decision: GrantDecision) -> str:
    if decision.first_year == decision.last_year:
        return _("The year must be the decision's year, %(year)s.") % {"year": decision.first_year}
    return _("The years must lie within the decision's period, %(first)s–%(last)s.") % {
        "first": decision.first_year,
        "last": decision.last_year,
    }


def _amount_errors(amount: int | None) -> dict[str, str]:
    if amount is not None and amount < 0:
        return {"amount": _("The amount cannot be negative.")}
    if amount == 0:
        return {"amount": _("An amount of 0 kr. says nothing: enter the amount or delete the row.")}
    return {}


def recommendation_errors(
    decision: GrantDecision, *, amount: int | None, first_year: int | None, last_year: int | None
) -> dict[str, str]:
    """What is wrong with a new or changed recommendation line of `decision`, by field."""
    errors = _amount_errors(amount)
    if first_year is not None and last_year is not None and first_year > last_year:
        errors["last_year"] = _("The last year cannot come before the first year.")
    elif _outside(decision, first_year):
        errors["first_year"] = _period_message(decision)
    elif _outside(decision, last_year):
        errors["last_year"] = _period_message(decision)
    return errors


def disbursement_errors(
    decision: GrantDecision, *, amount: int | None, year: int | None
) -> dict[str, str]:
    """What is wrong with a new or changed disbursement row of `decision`, by field."""
    errors = _amount_errors(amount)
    if _outside(decision, year):
        errors["year"] = _period_message(decision)
    return errors


RecommendationKey = tuple[int | None, int | None, int | None, int | None]


def recommendation_key(line: Recommendation) -> RecommendationKey:
    """Two lines with the same key say the same thing twice."""
    return (line.funding_source_id, line.first_year, line.last_year, line.recipient_id)


def duplicate_recommendation_message() -> str:
    return _(
        "The decision already has a recommendation from this funding source for the same "
        "period and recipient: change that line instead."
    )


def duplicate_disbursement_message(named: bool) -> str:
    if named:
        return _("The schedule already pays out an amount of that funding source that year.")
    return _("The schedule already pays out an amount that year.")


def mixed_schedule_message() -> str:
    return _(
        "Name a funding source on every row of the schedule or on none: a schedule pays out "
        "either the recommendations as a whole or each source on its own."
    )


def check_schedule(decision: GrantDecision) -> None:
    """Refuse (ValidationError) the stored schedule of `decision` if it mixes rows that name a
    funding source with rows that name none."""
    sources = Disbursement.objects.filter(decision=decision).values_list(
        "funding_source_id", flat=True
    )
    if len({source is None for source in sources}) > 1:
        raise ValidationError(mixed_schedule_message(), code="mixed_schedule")


def check_recommendations(decision: GrantDecision) -> None:
    """Refuse (ValidationError) the stored lines of `decision` if two say the same thing."""
    keys = [recommendation_key(line) for line in Recommendation.objects.filter(decision=decision)]
    if len(keys) != len(set(keys)):
        raise ValidationError(duplicate_recommendation_message(), code="duplicate")
