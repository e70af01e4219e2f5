"""The budget-and-financing table, computed from plain data.

No ORM here: the view, the XLSX, the CSV and the PDF all render the `BudgetTable` this module
builds, so they cannot disagree. Amounts are whole kroner (`int`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

REVISION = "revision"

# (row key, year) -> whole kroner; the row key is an effort area's or a funding source's id.
Cells = Mapping[tuple[int, int], int]


@dataclass(frozen=True)
class DecisionFigures:
    """One grant decision's figures as entered."""

    id: int
    kind: str
    first_year: int
    last_year: int
    budget: Cells = field(default_factory=dict)
    financing: Cells = field(default_factory=dict)
    # Funding source id -> kroner over the whole period, for a decision not split by year.
    period_totals: Mapping[int, int] = field(default_factory=dict)
    split_by_year: bool = True
    revises_id: int | None = None
    # Revisions of the same decision apply in this order (decision date, then id).
    sort_key: tuple[str, int] = ("", 0)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


@dataclass(frozen=True)
class RowHead:
    key: int
    label: str


@dataclass(frozen=True)
class Column:
    first_year: int
    last_year: int
    # True for a period known only by totals: no budget, no yearly split, no balance.
    unsplit: bool = False

    @property
    def year(self) -> int | None:
        return None if self.unsplit else self.first_year


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[int | None, ...]


@dataclass(frozen=True)
class BudgetTable:
    columns: tuple[Column, ...]
    budget_rows: tuple[Row, ...]
    budget_total: tuple[int | None, ...]
    financing_rows: tuple[Row, ...]
    # Shown negative, as the case paper prints it.
    financing_total: tuple[int | None, ...]
    # Budget minus financing per column: zero when the column balances.
    total: tuple[int | None, ...]

    @property
    def imbalances(self) -> list[tuple[Column, int]]:
        """The columns whose total is not zero, with the difference in kroner."""
        result: list[tuple[Column, int]] = []
        for column, value in zip(self.columns, self.total, strict=True):
            if value:
                result.append((column, value))
        return result

    @property
    def balanced(self) -> bool:
        return not self.imbalances

    @property
    def has_unsplit(self) -> bool:
        return any(column.unsplit for column in self.columns)


def effective_figures(decisions: Iterable[DecisionFigures]) -> list[DecisionFigures]:
    """Apply budget revisions: a revision replaces the lines of the decision it revises.

    A revision covers the years of its period: for those years the revised decision's budget
    and financing lines are dropped and the revision's lines stand instead, so an original is
    never summed with its revision. A revision of a decision known only by period totals
    replaces those totals. A revision whose revised decision is not among `decisions` stands on
    its own. Returns one `DecisionFigures` per decision that is not a revision.
    """
    decisions = list(decisions)
    by_id = {d.id: d for d in decisions}

    def root_of(decision: DecisionFigures) -> int | None:
        seen: set[int] = set()
        current = decision
        while current.kind == REVISION:
            if current.revises_id is None or current.revises_id not in by_id:
                return None
            if current.id in seen:
                return None
            seen.add(current.id)
            current = by_id[current.revises_id]
        return current.id

    result: dict[int, DecisionFigures] = {d.id: d for d in decisions if d.kind != REVISION}
    for revision in sorted((d for d in decisions if d.kind == REVISION), key=lambda d: d.sort_key):
        root_id = root_of(revision)
        if root_id is None:
            result[revision.id] = revision
            continue
        target = result[root_id]
        years = set(revision.years)
        budget = {k: v for k, v in target.budget.items() if k[1] not in years}
        budget.update(revision.budget)
        financing = {k: v for k, v in target.financing.items() if k[1] not in years}
        financing.update(revision.financing)
        overlaps = not (
            revision.last_year < target.first_year or revision.first_year > target.last_year
        )
        totals = {} if overlaps else dict(target.period_totals)
        totals.update(revision.period_totals)
        result[root_id] = replace(
            target,
            first_year=min(target.first_year, revision.first_year),
            last_year=max(target.last_year, revision.last_year),
            budget=budget,
            financing=financing,
            period_totals=totals,
            split_by_year=target.split_by_year or revision.split_by_year,
        )
    return list(result.values())


def _columns(decisions: Sequence[DecisionFigures]) -> list[Column]:
    years: set[int] = set()
    unsplit: set[tuple[int, int]] = set()
    for d in decisions:
        if d.split_by_year:
            years.update(d.years)
        if not d.split_by_year or d.period_totals:
            unsplit.add((d.first_year, d.last_year))
        years.update(year for _, year in d.budget)
        years.update(year for _, year in d.financing)
    columns = [Column(first, last, unsplit=True) for first, last in unsplit]
    if years:
        columns += [Column(y, y) for y in range(min(years), max(years) + 1)]
    return sorted(columns, key=lambda c: (c.first_year, not c.unsplit, c.last_year))


def _sum_cells(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def build_table(
    areas: Sequence[RowHead],
    sources: Sequence[RowHead],
    decisions: Sequence[DecisionFigures],
) -> BudgetTable:
    """The budget-and-financing table of `decisions` added together.

    Every effort area in `areas` gets a row, in order; a funding source gets a row only when
    some decision uses it. Cells without any line are `None` (shown blank, not 0).
    """
    columns = _columns(decisions)
    budget: dict[tuple[int, int], int] = defaultdict(int)
    financing: dict[tuple[int, int], int] = defaultdict(int)
    # (funding source, first year, last year) -> kroner, for the unsplit columns.
    period: dict[tuple[int, int, int], int] = defaultdict(int)
    for d in decisions:
        for key, amount in d.budget.items():
            budget[key] += amount
        for key, amount in d.financing.items():
            financing[key] += amount
        for source, amount in d.period_totals.items():
            period[(source, d.first_year, d.last_year)] += amount

    def cell(kind: str, key: int, column: Column) -> int | None:
        if column.unsplit:
            if kind == "budget":
                return None
            return period.get((key, column.first_year, column.last_year))
        lines = budget if kind == "budget" else financing
        return lines.get((key, column.first_year))

    used_sources = {key for d in decisions for key, _ in d.financing} | {
        key for d in decisions for key in d.period_totals
    }
    budget_rows = tuple(
        Row(area.label, tuple(cell("budget", area.key, c) for c in columns)) for area in areas
    )
    financing_rows = tuple(
        Row(source.label, tuple(cell("financing", source.key, c) for c in columns))
        for source in sources
        if source.key in used_sources
    )
    budget_total = tuple(
        _sum_cells(row.cells[i] for row in budget_rows) for i in range(len(columns))
    )
    financing_sum = tuple(
        _sum_cells(row.cells[i] for row in financing_rows) for i in range(len(columns))
    )
    total: list[int | None] = []
    for column, spent, financed in zip(columns, budget_total, financing_sum, strict=True):
        if column.unsplit or (spent is None and financed is None):
            total.append(None)
        else:
            total.append((spent or 0) - (financed or 0))
    return BudgetTable(
        columns=tuple(columns),
        budget_rows=budget_rows,
        budget_total=budget_total,
        financing_rows=financing_rows,
        financing_total=tuple(None if v is None else -v for v in financing_sum),
        total=tuple(total),
    )


def yearly_balance(decision: DecisionFigures) -> dict[int, int]:
    """Budget minus financing for every year of the decision's period and of its lines."""
    years = set(decision.years)
    years.update(year for _, year in decision.budget)
    years.update(year for _, year in decision.financing)
    balance = dict.fromkeys(sorted(years), 0)
    for (_, year), amount in decision.budget.items():
        balance[year] += amount
    for (_, year), amount in decision.financing.items():
        balance[year] -= amount
    return balance


def unbalanced_years(decision: DecisionFigures) -> dict[int, int]:
    """The years whose budget and financing differ, with the difference in kroner."""
    return {year: diff for year, diff in yearly_balance(decision).items() if diff}


def in_thousands(amount: int) -> Decimal:
    """Kroner shown in 1.000 kr.: exact when whole thousands, else rounded to one decimal."""
    value = Decimal(amount) / 1000
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
