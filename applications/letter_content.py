"""What a grant letter (tilsagnsbrev) states, computed from plain data.

The letter's PDF, its page and the check whether a written letter is outdated all read the
same `LetterContent`: the amounts per funding source and year with their totals, the period,
the programme's and the decision's conditions, the reporting deadlines within the period and
the payment plan. `fingerprint` sums up the facts (never a translated word), so a letter
written in Danish is not outdated for a reader of the English interface.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Source:
    """A funding source as the letter names it, in the table's order."""

    id: int
    name: str
    order: int = 0


@dataclass(frozen=True)
class Deadline:
    """A reporting deadline of the project: the period reported on, and when it is due."""

    period_start: date
    period_end: date
    due_on: date
    kind: str
    final: bool = False


@dataclass(frozen=True)
class Disbursement:
    """One row of the decision's disbursement schedule; no source: the grant as a whole."""

    year: int
    amount: int
    source_id: int | None = None


@dataclass(frozen=True)
class LetterData:
    """What the database holds of a decision, read in bulk by the service."""

    project: str
    title: str
    body: str
    recipient: str
    recipient_cvr: str
    first_year: int
    last_year: int
    split_by_year: bool
    sources: Sequence[Source]
    financing: Mapping[tuple[int, int], int]  # (source id, year) -> kroner
    period_totals: Mapping[int, int]  # source id -> kroner, a decision known by totals
    programme_conditions: str = ""
    decision_conditions: str = ""
    deadlines: Sequence[Deadline] = ()
    disbursements: Sequence[Disbursement] = ()
    decided_on: date | None = None


@dataclass(frozen=True)
class AmountRow:
    source_id: int
    source: str
    amounts: tuple[int, ...]  # one per year of the period; empty for a decision by totals
    total: int


@dataclass(frozen=True)
class Payment:
    year: int
    source_id: int | None
    source: str  # "" for the grant as a whole
    amount: int


@dataclass(frozen=True)
class LetterContent:
    project: str
    title: str
    body: str
    recipient: str
    recipient_cvr: str
    decided_on: date | None
    first_year: int
    last_year: int
    years: tuple[int, ...]
    rows: tuple[AmountRow, ...]
    year_totals: tuple[int, ...]
    total: int
    programme_conditions: str
    decision_conditions: str
    deadlines: tuple[Deadline, ...]
    payments: tuple[Payment, ...]
    payments_follow_reports: bool = field(default=False)

    @property
    def period(self) -> str:
        """ "2017–2018", or the one year."""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def has_conditions(self) -> bool:
        return bool(self.programme_conditions.strip() or self.decision_conditions.strip())


def deadlines_within(
    deadlines: Sequence[Deadline], first_year: int, last_year: int
) -> list[Deadline]:
    """The deadlines whose reporting period overlaps the years `first_year`–`last_year`,
    by due date."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    inside = [d for d in deadlines if d.period_start <= end and d.period_end >= start]
    return sorted(inside, key=lambda d: (d.due_on, d.period_start, d.period_end))


def letter_content(data: LetterData) -> LetterContent:
    """The letter's content: the table of amounts, its totals, and what the letter lists."""
    sources = sorted(data.sources, key=lambda s: (s.order, s.name, s.id))
    names = {source.id: source.name for source in sources}
    years = tuple(range(data.first_year, data.last_year + 1)) if data.split_by_year else ()
    rows: list[AmountRow] = []
    for source in sources:
        if data.split_by_year:
            amounts = tuple(data.financing.get((source.id, year), 0) for year in years)
            total = sum(amounts)
        else:
            amounts = ()
            total = data.period_totals.get(source.id, 0)
        if total:
            rows.append(AmountRow(source.id, source.name, amounts, total))
    year_totals = tuple(sum(row.amounts[i] for row in rows) for i in range(len(years)))
    order = {source.id: index for index, source in enumerate(sources)}
    payments = tuple(
        Payment(d.year, d.source_id, names.get(d.source_id, "") if d.source_id else "", d.amount)
        for d in sorted(
            data.disbursements,
            key=lambda d: (d.year, -1 if d.source_id is None else order.get(d.source_id, 0)),
        )
    )
    return LetterContent(
        project=data.project,
        title=data.title,
        body=data.body,
        recipient=data.recipient,
        recipient_cvr=data.recipient_cvr,
        decided_on=data.decided_on,
        first_year=data.first_year,
        last_year=data.last_year,
        years=years,
        rows=tuple(rows),
        year_totals=year_totals,
        total=sum(row.total for row in rows),
        programme_conditions=data.programme_conditions.strip(),
        decision_conditions=data.decision_conditions.strip(),
        deadlines=tuple(deadlines_within(data.deadlines, data.first_year, data.last_year)),
        payments=payments,
        payments_follow_reports=not payments,
    )


def facts(content: LetterContent) -> dict[str, object]:
    """What the letter commits to, in words no language changes: the fingerprint's input."""
    return {
        "recipient": content.recipient,
        "recipient_cvr": content.recipient_cvr,
        "period": [content.first_year, content.last_year],
        "years": list(content.years),
        "amounts": [[row.source_id, list(row.amounts), row.total] for row in content.rows],
        "total": content.total,
        "programme_conditions": content.programme_conditions,
        "decision_conditions": content.decision_conditions,
        "deadlines": [
            [
                d.period_start.isoformat(),
                d.period_end.isoformat(),
                d.due_on.isoformat(),
                d.kind,
                d.final,
            ]
            for d in content.deadlines
        ],
        "payments": [[p.year, p.source_id, p.amount] for p in content.payments],
    }


def fingerprint(content: LetterContent) -> str:
    """sha256 of the canonical JSON of the letter's facts (sorted keys, no spaces)."""
    canonical = json.dumps(
        facts(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
