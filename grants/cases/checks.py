"""The consistency check of a case, read from the database and worded for the page and the PDF.

`grants.cases.consistency` does the comparing on plain data; this module reads a case's decisions,
their lines, recommendations and disbursement schedules in a fixed number of queries, and
words each finding with gettext. The case page and the PDF both render `findings_report(case)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grants.cases.consistency import DecisionFacts, Figure, Finding, Kind, Place, RecommendedLine
from grants.cases.consistency import case_findings as compare
from grants.cases.wording import amount_in_words
from grants.models import (
    Case,
    Disbursement,
    FindingAcknowledgement,
    GrantDecision,
    Recommendation,
    decision_figures,
)

NOTE_MAX_LENGTH = 1000


def case_facts(case: Case, decisions: Sequence[GrantDecision] | None = None) -> list[DecisionFacts]:
    """The facts of every decision of `case` (or of `decisions`, when already read).

    Five queries (four when `decisions` is given), however many decisions and lines.
    """
    if decisions is None:
        decisions = list(case.decisions.order_by("first_year", "pk"))
    ids = [d.pk for d in decisions]
    recommendations: dict[int, list[RecommendedLine]] = defaultdict(list)
    for decision_id, source_id, source, amount, first, last in (
        Recommendation.objects.filter(decision_id__in=ids)
        .order_by("decision_id", "order", "pk")
        .values_list(
            "decision_id", "funding_source_id", "funding_source__name", "amount",
            "first_year", "last_year",
        )
    ):  # fmt: skip
        recommendations[decision_id].append(RecommendedLine(source_id, source, amount, first, last))
    schedules: dict[int, dict[int, int]] = defaultdict(dict)
    for decision_id, year, amount in Disbursement.objects.filter(decision_id__in=ids).values_list(
        "decision_id", "year", "amount"
    ):
        schedules[decision_id][year] = amount
    return [
        DecisionFacts(
            figures=figures,
            title=decision.title,
            recommendations=tuple(recommendations[decision.pk]),
            disbursements=schedules[decision.pk],
        )
        for decision, figures in zip(decisions, decision_figures(decisions), strict=True)
    ]


def case_findings(case: Case) -> list[Finding]:
    """Every consistency finding of `case`."""
    return compare(case_facts(case))


def open_findings(case: Case) -> list[Finding]:
    """The findings of `case` that no staff member has acknowledged."""
    acknowledged = set(case.acknowledgements.values_list("key", flat=True))
    return [f for f in case_findings(case) if f.key not in acknowledged]


# Wording ---------------------------------------------------------------------------------------


def place_label(place: Place) -> str:
    """The name of a place in the case paper, as the reader knows it."""
    labels = {
        Place.RECOMMENDATION: _("Recommendation"),
        Place.FINANCING: _("Financing"),
        Place.BUDGET: _("Budget"),
        Place.TABLE: _("Budget and financing table"),
        Place.DISBURSEMENT: _("Disbursement schedule"),
    }
    return labels[place]


def figure_text(figure: Figure) -> str:
    """An amount as the case paper writes it ("4 mio. kr."), else its years ("2017–2019")."""
    if figure.amount is not None:
        return amount_in_words(figure.amount)
    if figure.first_year is None:
        return ""
    if figure.first_year == figure.last_year or figure.last_year is None:
        return str(figure.first_year)
    return f"{figure.first_year}–{figure.last_year}"


def finding_message(finding: Finding) -> str:
    """One sentence naming both places and both figures, in the active language."""
    values = {
        "first": figure_text(finding.first),
        "second": figure_text(finding.second),
        "source": finding.source,
        "year": finding.year,
    }
    messages = {
        # An amount ends in "kr.": no message ends with one, lest it end in "kr..".
        Kind.AMOUNT: _(
            "%(first)s is recommended from %(source)s, but its financing lines add up to "
            "%(second)s in all."
        ),
        Kind.PERIOD: _(
            "The recommendation from %(source)s covers %(first)s, but the budget and "
            "financing table uses %(second)s."
        ),
        Kind.DISBURSEMENT_TOTAL: _(
            "The disbursement schedule pays out %(first)s in all, but the recommendations "
            "grant %(second)s in all."
        ),
        Kind.DISBURSEMENT_YEARS: _(
            "The disbursement schedule runs over %(first)s, but the budget and financing "
            "table uses %(second)s."
        ),
        Kind.DISBURSEMENT_PERIOD: _(
            "The disbursement schedule runs over %(first)s, but the recommendations cover "
            "%(second)s."
        ),
        Kind.BALANCE: _(
            "The budget (%(first)s) and the financing (%(second)s) differ in %(year)s."
        ),
    }
    return messages[finding.kind] % values


@dataclass(frozen=True)
class FindingItem:
    """A finding as the page and the PDF show it: worded, with its acknowledgement if any."""

    finding: Finding
    message: str
    first_place: str
    first_figure: str
    second_place: str
    second_figure: str
    acknowledgement: FindingAcknowledgement | None = None


@dataclass(frozen=True)
class CaseFindings:
    items: tuple[FindingItem, ...]

    @property
    def open(self) -> list[FindingItem]:
        return [item for item in self.items if item.acknowledgement is None]

    @property
    def acknowledged(self) -> list[FindingItem]:
        return [item for item in self.items if item.acknowledgement is not None]

    @property
    def is_draft(self) -> bool:
        """True while some finding is neither resolved nor acknowledged: the PDF says draft."""
        return bool(self.open)


def findings_report(case: Case, decisions: Sequence[GrantDecision] | None = None) -> CaseFindings:
    """The findings of `case`, worded, each with who acknowledged it and when (if anyone).

    An acknowledgement whose finding has since been resolved is not shown.
    """
    acknowledgements = {
        ack.key: ack for ack in case.acknowledgements.select_related("acknowledged_by")
    }
    return CaseFindings(
        tuple(
            FindingItem(
                finding=finding,
                message=finding_message(finding),
                first_place=place_label(finding.first.place),
                first_figure=figure_text(finding.first),
                second_place=place_label(finding.second.place),
                second_figure=figure_text(finding.second),
                acknowledgement=acknowledgements.get(finding.key),
            )
            for finding in compare(case_facts(case, decisions))
        )
    )


def finding_acknowledge(
    *, case: Case, key: str, by: AbstractBaseUser, note: str = ""
) -> FindingAcknowledgement:
    """Record that `by` knows of the finding `key` of `case` and accepts it.

    Raises `ValidationError` when `case` has no such finding now, or it is already acknowledged.
    """
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("The note can be at most %(max)s characters long.") % {"max": NOTE_MAX_LENGTH},
            code="note_too_long",
        )
    if key not in {finding.key for finding in case_findings(case)}:
        raise ValidationError(
            _("The case has no such finding. It may have been resolved meanwhile."),
            code="unknown_finding",
        )
    # get_or_create, not create: two staff members acknowledging at once must not fail.
    acknowledgement, created = FindingAcknowledgement.objects.get_or_create(
        case=case, key=key, defaults={"acknowledged_by": by, "note": note}
    )
    if not created:
        raise ValidationError(
            _("The finding was already acknowledged."), code="already_acknowledged"
        )
    return acknowledgement
