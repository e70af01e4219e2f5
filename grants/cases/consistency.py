"""The consistency check of a case: where the case paper disagrees with itself.

Pure: plain data in (`DecisionFacts`, one per decision of the case), `Finding`s out; no ORM and
no translation here (`grants.cases.checks` reads the database and words the findings). Amounts
are whole kroner (`int`). Each decision is checked on its own, with its lines as entered (a
revision is checked against its own lines, not the lines it replaces).

The terms, precisely:

- A decision's *recommended amount for a funding source* is the sum of its recommendation
  lines for that source; its *financed amount* for the source is the sum of its financing lines
  for that source plus its period total for the source (a decision known only by totals).
- The *table years* of a decision are the first to the last year in which it has a budget or
  financing line with an amount other than 0; a decision with no such line (e.g. one known only
  by period totals) uses its own period. A line of 0 kr. puts no money in its year.
- A source's *recommended period* is the earliest first year to the latest last year of the
  decision's recommendation lines for that source; the decision's recommended period is the
  same span taken over all its recommendation lines.
- The *disbursement schedule* is the decision's disbursement rows; its years run from the
  first to the last year with a row. A row may name the funding source it pays out. The rows
  that name none pay out the recommendations of every recommended source that no row names
  (all of them when no row names a source: the seed's 6 + 12 = 18 mio. kr. paid out as
  6 + 6 + 6); the rows that name a source pay out that source's recommendations only.

The findings, one per disagreement (`Kind`):

- `amount` — per funding source with a recommendation line: recommended amount ≠ financed
  amount. A source that is financed but not recommended is not a finding.
- `period` — per funding source with a recommendation line: recommended period ≠ table years.
- `disbursement-total` — per part of the schedule (the rows naming no source; the rows naming
  one source): its total ≠ the recommended amount of the source(s) it pays out (only when the
  part has rows; a part without recommendations is compared with 0).
- `disbursement-years` — the whole schedule's years ≠ the table years (only with a schedule).
- `disbursement-period` — per part of the schedule: its years ≠ the recommended period of the
  source(s) it pays out (only when those sources have recommendation lines).
- `balance` — per year of `grants.budget.unbalanced_years`: budget ≠ financing in that year.

Each finding names its two places and both figures (an amount, or a first–last year), and has a
stable `key` — kind, decision, and the funding source or year it concerns, never the figures:
"amount:decision-12:source-3", "period:decision-12:source-3", "disbursement-total:decision-12",
"disbursement-years:decision-12", "disbursement-period:decision-12",
"balance:decision-12:year-2019" — by which a staff member's acknowledgement is kept. The part of
a schedule that names a source adds it: "disbursement-total:decision-12:source-3",
"disbursement-period:decision-12:source-3".

Its `fingerprint` is the finding's figures: its kind and the two places with the amounts and
years it compares ("amount|recommendation:1350000kr|financing:1200000kr"). An acknowledgement
holds for the figures it was given for: when the figures change, so does the fingerprint, and
the finding is open again; names, titles and texts are not part of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from grants.budget import DecisionFigures, unbalanced_years


class Kind(StrEnum):
    AMOUNT = "amount"
    PERIOD = "period"
    DISBURSEMENT_TOTAL = "disbursement-total"
    DISBURSEMENT_YEARS = "disbursement-years"
    DISBURSEMENT_PERIOD = "disbursement-period"
    BALANCE = "balance"


class Place(StrEnum):
    """Where in the case paper a figure stands."""

    RECOMMENDATION = "recommendation"  # indstilling
    FINANCING = "financing"  # the financing rows of the table
    BUDGET = "budget"  # the budget rows of the table
    TABLE = "table"  # the budget-and-financing table as a whole (its years)
    DISBURSEMENT = "disbursement"  # udmøntning


@dataclass(frozen=True)
class RecommendedLine:
    """One recommendation line: an amount from a funding source over a period."""

    source_id: int
    source: str  # the funding source's name, for the message
    amount: int
    first_year: int
    last_year: int


@dataclass(frozen=True)
class SourceSchedule:
    """The disbursement rows of a decision that pay out one funding source."""

    source_id: int
    source: str  # the funding source's name, for the message
    # Year -> kroner of this source paid out that year.
    disbursements: Mapping[int, int]


@dataclass(frozen=True)
class DecisionFacts:
    """What the case paper says about one decision: its table, recommendations and schedule."""

    figures: DecisionFigures
    title: str
    recommendations: Sequence[RecommendedLine] = ()
    # Year -> kroner paid out that year, by the rows that name no funding source.
    disbursements: Mapping[int, int] = field(default_factory=dict)
    # The rows that name the funding source they pay out, one schedule per source.
    source_schedules: Sequence[SourceSchedule] = ()

    @property
    def id(self) -> int:
        return self.figures.id


@dataclass(frozen=True)
class Figure:
    """A figure in one place: an amount, or a period (first and last year), or both."""

    place: Place
    amount: int | None = None
    first_year: int | None = None
    last_year: int | None = None


def _figure_code(figure: Figure) -> str:
    """ "recommendation:1350000kr", "table:2017-2019", "budget:500kr:2019-2019"."""
    parts = [str(figure.place)]
    if figure.amount is not None:
        parts.append(f"{figure.amount}kr")
    if figure.first_year is not None or figure.last_year is not None:
        parts.append(f"{figure.first_year}-{figure.last_year}")
    return ":".join(parts)


def figures_fingerprint(kind: Kind, first: Figure, second: Figure) -> str:
    """The figures a finding compares, as one string that changes whenever one of them does."""
    return "|".join([str(kind), _figure_code(first), _figure_code(second)])


@dataclass(frozen=True)
class Finding:
    kind: Kind
    key: str
    decision_id: int
    decision_title: str
    # The first figure is the one that disagrees with the second (the reference).
    first: Figure
    second: Figure
    source: str = ""  # the funding source concerned, if any
    year: int | None = None  # the year concerned (balance), if any

    @property
    def fingerprint(self) -> str:
        """The figures compared, for which an acknowledgement holds (see the module doc)."""
        return figures_fingerprint(self.kind, self.first, self.second)


def _span(years: Iterable[int]) -> tuple[int, int] | None:
    years = list(years)
    return (min(years), max(years)) if years else None


def table_years(figures: DecisionFigures) -> tuple[int, int]:
    """First and last year with a non-zero budget or financing line; else the decision period."""
    years = [year for (_, year), amount in figures.budget.items() if amount]
    years += [year for (_, year), amount in figures.financing.items() if amount]
    return _span(years) or (figures.first_year, figures.last_year)


def _period(place: Place, span: tuple[int, int]) -> Figure:
    return Figure(place, first_year=span[0], last_year=span[1])


def decision_findings(facts: DecisionFacts) -> list[Finding]:
    """Every finding of one decision, in a fixed order: per source, schedule, then balance."""
    d = facts.figures
    prefix = f"decision-{d.id}"
    findings: list[Finding] = []

    def add(
        kind: Kind,
        scope: str,
        first: Figure,
        second: Figure,
        source: str = "",
        year: int | None = None,
    ) -> None:
        key = f"{kind}:{prefix}" + (f":{scope}" if scope else "")
        findings.append(Finding(kind, key, d.id, facts.title, first, second, source, year))

    financed: dict[int, int] = defaultdict(int)
    for (source_id, _year), amount in d.financing.items():
        financed[source_id] += amount
    for source_id, amount in d.period_totals.items():
        financed[source_id] += amount
    table = table_years(d)

    by_source: dict[int, list[RecommendedLine]] = {}
    for line in facts.recommendations:
        by_source.setdefault(line.source_id, []).append(line)
    for source_id, lines in by_source.items():
        name = lines[0].source
        recommended = sum(line.amount for line in lines)
        if recommended != financed[source_id]:
            add(
                Kind.AMOUNT,
                f"source-{source_id}",
                Figure(Place.RECOMMENDATION, amount=recommended),
                Figure(Place.FINANCING, amount=financed[source_id]),
                source=name,
            )
        period = (min(line.first_year for line in lines), max(line.last_year for line in lines))
        if period != table:
            add(
                Kind.PERIOD,
                f"source-{source_id}",
                _period(Place.RECOMMENDATION, period),
                _period(Place.TABLE, table),
                source=name,
            )

    years = [*facts.disbursements, *(y for p in facts.source_schedules for y in p.disbursements)]
    schedule = _span(years)
    if schedule is not None:
        named = {part.source_id for part in facts.source_schedules}
        parts: list[tuple[str, str, Mapping[int, int], list[RecommendedLine]]] = []
        if facts.disbursements:
            unnamed = [line for line in facts.recommendations if line.source_id not in named]
            parts.append(("", "", facts.disbursements, unnamed))
        for part in facts.source_schedules:
            if part.disbursements:
                paid = by_source.get(part.source_id, [])
                parts.append((f"source-{part.source_id}", part.source, part.disbursements, paid))
        for scope, source, rows, paid in parts:
            disbursed = sum(rows.values())
            recommended_total = sum(line.amount for line in paid)
            if disbursed != recommended_total:
                add(
                    Kind.DISBURSEMENT_TOTAL,
                    scope,
                    Figure(Place.DISBURSEMENT, amount=disbursed),
                    Figure(Place.RECOMMENDATION, amount=recommended_total),
                    source=source,
                )
        if schedule != table:
            add(
                Kind.DISBURSEMENT_YEARS,
                "",
                _period(Place.DISBURSEMENT, schedule),
                _period(Place.TABLE, table),
            )
        for scope, source, rows, paid in parts:
            rows_span = (min(rows), max(rows))  # a part has rows
            recommended_period = _span(
                [line.first_year for line in paid] + [line.last_year for line in paid]
            )
            if recommended_period is not None and rows_span != recommended_period:
                add(
                    Kind.DISBURSEMENT_PERIOD,
                    scope,
                    _period(Place.DISBURSEMENT, rows_span),
                    _period(Place.RECOMMENDATION, recommended_period),
                    source=source,
                )

    spent: dict[int, int] = defaultdict(int)
    for (_area, year), amount in d.budget.items():
        spent[year] += amount
    for year, difference in unbalanced_years(d).items():
        add(
            Kind.BALANCE,
            f"year-{year}",
            Figure(Place.BUDGET, amount=spent[year], first_year=year, last_year=year),
            Figure(
                Place.FINANCING,
                amount=spent[year] - difference,
                first_year=year,
                last_year=year,
            ),
            year=year,
        )
    return findings


def case_findings(decisions: Iterable[DecisionFacts]) -> list[Finding]:
    """The findings of every decision of a case, decision by decision in the order given."""
    return [finding for facts in decisions for finding in decision_findings(facts)]
