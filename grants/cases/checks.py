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
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.cases.consistency import (
    DecisionFacts,
    Figure,
    Finding,
    Kind,
    Place,
    RecommendedLine,
    SourceSchedule,
)
from grants.cases.consistency import case_findings as compare
from grants.cases.wording import amount_in_words, amounts_in_words
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
    return decisions_facts(decisions)


def decisions_facts(decisions: Sequence[GrantDecision]) -> list[DecisionFacts]:
    """The facts of `decisions`, of one case or of many, in four queries."""
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
    # decision -> source (None: the rows that name none) -> year -> kroner.
    schedules: dict[int, dict[int | None, dict[int, int]]] = defaultdict(dict)
    names: dict[int, str] = {}
    for decision_id, source_id, source, year, amount in (
        Disbursement.objects.filter(decision_id__in=ids)
        .order_by("decision_id", "funding_source__order", "funding_source_id", "year")
        .values_list("decision_id", "funding_source_id", "funding_source__name", "year", "amount")
    ):
        rows = schedules[decision_id].setdefault(source_id, {})
        rows[year] = rows.get(year, 0) + amount
        if source_id is not None:
            names[source_id] = source
    return [
        DecisionFacts(
            figures=figures,
            title=decision.title,
            recommendations=tuple(recommendations[decision.pk]),
            disbursements=schedules[decision.pk].get(None, {}),
            source_schedules=tuple(
                SourceSchedule(source_id, names[source_id], rows)
                for source_id, rows in schedules[decision.pk].items()
                if source_id is not None
            ),
        )
        for decision, figures in zip(decisions, decision_figures(decisions), strict=True)
    ]


def case_findings(case: Case) -> list[Finding]:
    """Every consistency finding of `case`."""
    return compare(case_facts(case))


def open_findings(case: Case) -> list[Finding]:
    """The findings of `case` that no staff member has acknowledged for the figures they have.

    An acknowledgement holds for the figures it was given for (`Finding.fingerprint`): once
    they change, the finding is open again.
    """
    acknowledged = set(case.acknowledgements.values_list("key", "fingerprint"))
    return _still_open(case_findings(case), acknowledged)


def _still_open(findings: list[Finding], acknowledged: set[tuple[str, str]]) -> list[Finding]:
    """The findings not acknowledged for the figures they have now."""
    return [f for f in findings if (f.key, f.fingerprint) not in acknowledged]


def open_finding_counts(cases: Sequence[Case]) -> dict[int, int]:
    """Each case's number of open consistency findings, in seven queries for any number."""
    return {pk: len(found) for pk, found in open_findings_of(cases).items()}


def open_findings_of(cases: Sequence[Case]) -> dict[int, list[Finding]]:
    """Each case's open consistency findings, in seven queries for any number of cases.

    The same comparison as `open_findings`: the facts of every decision of every case are read
    in one batch, and each case compares those of its own decisions, in the order its page
    reads them.
    """
    if not cases:
        return {}
    ids = [case.pk for case in cases]
    links = (
        GrantDecision.cases.through.objects.filter(case_id__in=ids)
        .select_related("grantdecision")
        .order_by("grantdecision__first_year", "grantdecision_id")
    )
    by_case: dict[int, list[int]] = defaultdict(list)
    decisions: dict[int, GrantDecision] = {}
    for link in links:
        by_case[link.case_id].append(link.grantdecision_id)
        decisions[link.grantdecision_id] = link.grantdecision
    facts = {item.figures.id: item for item in decisions_facts(list(decisions.values()))}
    acknowledged: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for case_id, key, fingerprint in FindingAcknowledgement.objects.filter(
        case_id__in=ids
    ).values_list("case_id", "key", "fingerprint"):
        acknowledged[case_id].add((key, fingerprint))
    found = {}
    for case in cases:
        own = [facts[pk] for pk in by_case.get(case.pk, [])]
        found[case.pk] = _still_open(compare(own) if own else [], acknowledged[case.pk])
    return found


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


def figure_texts(finding: Finding) -> tuple[str, str]:
    """The two figures of `finding` as `figure_text` writes them, amounts in the same unit."""
    first, second = finding.first, finding.second
    if first.amount is not None and second.amount is not None:
        first_text, second_text = amounts_in_words(first.amount, second.amount)
        return first_text, second_text
    return figure_text(first), figure_text(second)


def finding_message(finding: Finding) -> str:
    """One sentence naming both places and both figures, in the active language."""
    first, second = figure_texts(finding)
    values = {
        "first": first,
        "second": second,
        "source": finding.source,
        "year": finding.year,
    }
    # The part of a disbursement schedule that pays out one named funding source.
    by_source = {
        Kind.DISBURSEMENT_TOTAL: _(
            "The disbursement schedule of %(source)s pays out %(first)s in all, but the "
            "recommendations from %(source)s grant %(second)s in all."
        ),
        Kind.DISBURSEMENT_PERIOD: _(
            "The disbursement schedule of %(source)s runs over %(first)s, but the "
            "recommendations from %(source)s cover %(second)s."
        ),
    }
    if finding.source and finding.kind in by_source:
        return by_source[finding.kind] % values
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
class FixLink:
    """Where a finding's figure can be changed: an editor page, and who may use it."""

    label: str
    url: str
    perm: str  # the page's permission: the link is shown to those who have it


def fix_links(case_id: int, finding: Finding) -> tuple[FixLink, ...]:
    """The editors of the two places a finding compares, each once, in the finding's order."""
    decision = finding.decision_id
    by_place = {
        Place.RECOMMENDATION: (
            _("Change the recommendations"),
            reverse("grants:case_recommendations", args=[case_id, decision]),
            "grants.change_recommendation",
        ),
        Place.DISBURSEMENT: (
            _("Change the disbursement schedule"),
            reverse("grants:case_disbursements", args=[case_id, decision]),
            "grants.change_disbursement",
        ),
    }
    grid = (
        _("Change the budget and financing"),
        reverse("grants:decision_budget", args=[decision]),
        "grants.change_grantdecision",
    )
    links: list[FixLink] = []
    for place in (finding.first.place, finding.second.place):
        link = FixLink(*by_place.get(place, grid))
        if link not in links:
            links.append(link)
    return tuple(links)


@dataclass(frozen=True)
class FindingItem:
    """A finding as the page and the PDF show it: worded, with its acknowledgement if any.

    `acknowledgement` is the one given for the figures the finding has now; an open finding
    acknowledged for other figures before carries the latest such one as `earlier`.
    """

    finding: Finding
    message: str
    first_place: str
    first_figure: str
    second_place: str
    second_figure: str
    acknowledgement: FindingAcknowledgement | None = None
    earlier: FindingAcknowledgement | None = None
    fixes: tuple[FixLink, ...] = ()


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

    A finding counts as acknowledged only for the figures it was acknowledged for; one whose
    figures have changed since is open, with the earlier acknowledgement beside it. An
    acknowledgement whose finding has since been resolved is not shown.
    """
    by_key: dict[str, list[FindingAcknowledgement]] = defaultdict(list)
    for ack in case.acknowledgements.select_related("acknowledged_by").order_by(
        "acknowledged_at", "pk"
    ):
        by_key[ack.key].append(ack)
    items = []
    for finding in compare(case_facts(case, decisions)):
        acks = by_key.get(finding.key, [])
        current = next((a for a in acks if a.fingerprint == finding.fingerprint), None)
        earlier = [a for a in acks if a.fingerprint != finding.fingerprint]
        first_figure, second_figure = figure_texts(finding)
        items.append(
            FindingItem(
                finding=finding,
                message=finding_message(finding),
                first_place=place_label(finding.first.place),
                first_figure=first_figure,
                second_place=place_label(finding.second.place),
                second_figure=second_figure,
                acknowledgement=current,
                earlier=earlier[-1] if current is None and earlier else None,
                fixes=fix_links(case.pk, finding),
            )
        )
    return CaseFindings(tuple(items))


def finding_acknowledge(
    *,
    case: Case,
    key: str,
    by: AbstractBaseUser,
    note: str = "",
    fingerprint: str | None = None,
) -> FindingAcknowledgement:
    """Record that `by` knows of the finding `key` of `case` and accepts it, for its figures now.

    `fingerprint` is the figures `by` was shown (`Finding.fingerprint`); when given, they must
    still be the finding's figures, so that no one acknowledges figures they have not seen.
    Raises `ValidationError` when `case` has no such finding now, its figures have changed
    since they were shown, or it is already acknowledged for these figures.
    """
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("The note can be at most %(max)s characters long.") % {"max": NOTE_MAX_LENGTH},
            code="note_too_long",
        )
    finding = next((f for f in case_findings(case) if f.key == key), None)
    if finding is None:
        raise ValidationError(
            _("The case has no such finding. It may have been resolved meanwhile."),
            code="unknown_finding",
        )
    if fingerprint is not None and fingerprint != finding.fingerprint:
        raise ValidationError(
            _(
                "The figures of the finding have changed since the page was shown. "
                "Look at them again before acknowledging the finding."
            ),
            code="figures_changed",
        )
    # get_or_create, not create: two staff members acknowledging at once must not fail.
    acknowledgement, created = FindingAcknowledgement.objects.get_or_create(
        case=case,
        key=key,
        fingerprint=finding.fingerprint,
        defaults={"acknowledged_by": by, "note": note},
    )
    if not created:
        raise ValidationError(
            _("The finding was already acknowledged."), code="already_acknowledged"
        )
    return acknowledgement
