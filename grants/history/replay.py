"""A grant decision's audit history as plain data: its figures as of any moment, its versions,
and what changed between two of them.

No ORM here: `grants.history.queries` reads the historical records (django-simple-history) into
the records below, and the history page renders what these functions compute.

A *version* is one save as its user saw it: a budget-grid save writes many line records and
one decision record, each with its own timestamp. Records are grouped into versions by
time and user: sorted by time, a record starts a new version when its user differs from the
previous record's or when more than `VERSION_GAP` has passed since it. The decision's
`version` counter cannot do this on its own: line records do not carry it, and an admin edit
of lines does not write it to the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from grants.budget import DecisionFigures

# The parts of the table a line belongs to.
BUDGET = "budget"
FINANCING = "financing"
PERIOD_TOTAL = "period_total"
SECTIONS = (BUDGET, FINANCING, PERIOD_TOTAL)

# django-simple-history's history_type values.
CREATED = "+"
CHANGED = "~"
DELETED = "-"

# Records this close together, by the same user, are one save (one version).
VERSION_GAP = timedelta(seconds=1)

# (section, effort area or funding source id, year); the year is None for a period total.
Cell = tuple[str, int, int | None]


@dataclass(frozen=True)
class DecisionFields:
    """The fields of a decision that a reader of its history cares about.

    The optimistic-lock counter (`version`) is left out: it changes on every save by design.
    """

    title: str
    kind: str
    deciding_body: int | None
    decided_on: date | None
    status: str
    first_year: int
    last_year: int
    split_by_year: bool
    revises: int | None
    project: int


FIELD_NAMES = tuple(f.name for f in fields(DecisionFields))


@dataclass(frozen=True)
class DecisionRecord:
    """One historical record of the decision itself."""

    history_id: int
    when: datetime
    history_type: str
    user_id: int | None
    user: str
    fields: DecisionFields
    # Why, where the writer said (a meeting's item, an administrator's reason for reopening).
    reason: str = ""


@dataclass(frozen=True)
class LineRecord:
    """One historical record of a budget line, financing line or period total."""

    history_id: int
    when: datetime
    history_type: str
    user_id: int | None
    user: str
    section: str
    line_id: int
    key: int
    year: int | None
    amount: int

    @property
    def cell(self) -> Cell:
        return (self.section, self.key, self.year)


Record = DecisionRecord | LineRecord


@dataclass(frozen=True)
class DecisionHistory:
    """Every historical record of one decision and of its lines."""

    decision_id: int
    decisions: tuple[DecisionRecord, ...] = ()
    lines: tuple[LineRecord, ...] = ()

    def records(self) -> list[Record]:
        """All records in the order they were written (by time, then by record id)."""
        merged: list[Record] = [*self.decisions, *self.lines]
        return sorted(merged, key=_order)


def _order(record: Record) -> tuple[datetime, int, int]:
    # Within one table the record id breaks ties of time; tables are independent of each other.
    return (record.when, isinstance(record, LineRecord), record.history_id)


@dataclass(frozen=True)
class State:
    """A decision as it stood at one moment: its fields and its non-empty cells."""

    fields: DecisionFields
    cells: Mapping[Cell, int] = field(default_factory=dict)

    def figures(self, decision_id: int) -> DecisionFigures:
        """The decision's figures as `grants.budget.build_table` takes them."""
        f = self.fields
        return DecisionFigures(
            id=decision_id,
            kind=f.kind,
            first_year=f.first_year,
            last_year=f.last_year,
            budget={
                (k, y): a for (s, k, y), a in self.cells.items() if s == BUDGET and y is not None
            },
            financing={
                (k, y): a for (s, k, y), a in self.cells.items() if s == FINANCING and y is not None
            },
            period_totals={k: a for (s, k, _y), a in self.cells.items() if s == PERIOD_TOTAL},
            split_by_year=f.split_by_year,
            revises_id=f.revises,
            sort_key=((f.decided_on or date.max).isoformat(), decision_id),
        )


class _Replay:
    """Applies records in order and tells the state after any of them."""

    def __init__(self) -> None:
        self.fields: DecisionFields | None = None
        self.lines: dict[tuple[str, int], tuple[Cell, int]] = {}

    def apply(self, record: Record) -> None:
        if isinstance(record, DecisionRecord):
            self.fields = None if record.history_type == DELETED else record.fields
        elif record.history_type == DELETED:
            self.lines.pop((record.section, record.line_id), None)
        else:
            self.lines[(record.section, record.line_id)] = (record.cell, record.amount)

    def state(self) -> State | None:
        if self.fields is None:
            return None
        return State(self.fields, dict(self.lines.values()))


def as_of(history: DecisionHistory, moment: datetime) -> State | None:
    """The decision as it stood at `moment` (records made at `moment` included).

    None when the decision did not exist then: before it was created, or after it was deleted.
    """
    replay = _Replay()
    for record in history.records():
        if record.when > moment:
            break
        replay.apply(record)
    return replay.state()


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: object
    after: object


@dataclass(frozen=True)
class CellChange:
    cell: Cell
    before: int | None
    after: int | None

    @property
    def section(self) -> str:
        return self.cell[0]

    @property
    def key(self) -> int:
        return self.cell[1]

    @property
    def year(self) -> int | None:
        return self.cell[2]

    @property
    def change(self) -> int:
        """After minus before, an empty cell counting as 0."""
        return (self.after or 0) - (self.before or 0)


@dataclass(frozen=True)
class Difference:
    """What changed from one state of a decision to another."""

    fields: tuple[FieldChange, ...] = ()
    cells: tuple[CellChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.fields or self.cells)

    def count(self, section: str) -> int:
        return sum(1 for change in self.cells if change.section == section)


def _cell_order(cell: Cell) -> tuple[int, int, int]:
    section, key, year = cell
    return (SECTIONS.index(section), key, -1 if year is None else year)


def compare(before: State | None, after: State | None) -> Difference:
    """The changed fields and the changed cells (old value, new value) from `before` to `after`.

    A state of None (the decision did not exist) has no fields and no cells.
    """
    field_changes = tuple(
        FieldChange(name, old, new)
        for name in FIELD_NAMES
        if (old := None if before is None else getattr(before.fields, name))
        != (new := None if after is None else getattr(after.fields, name))
    )
    old_cells: Mapping[Cell, int] = {} if before is None else before.cells
    new_cells: Mapping[Cell, int] = {} if after is None else after.cells
    cells = sorted(set(old_cells) | set(new_cells), key=_cell_order)
    cell_changes = tuple(
        CellChange(cell, old_cells.get(cell), new_cells.get(cell))
        for cell in cells
        if old_cells.get(cell) != new_cells.get(cell)
    )
    return Difference(field_changes, cell_changes)


@dataclass(frozen=True)
class Version:
    """One save of the decision or its lines: when, by whom, and what it changed."""

    number: int
    started: datetime
    # The time of the version's last record: the version's state is `as_of(history, at)`.
    at: datetime
    user_id: int | None
    user: str
    created: bool
    deleted: bool
    changes: Difference
    # The reason its writer gave, if any (the history's change reason).
    reason: str = ""


def _groups(records: Iterable[Record]) -> list[list[Record]]:
    groups: list[list[Record]] = []
    for record in records:
        current = groups[-1] if groups else None
        if (
            current is None
            or record.user_id != current[-1].user_id
            or record.when - current[-1].when > VERSION_GAP
        ):
            groups.append([record])
        else:
            current.append(record)
    return groups


def versions(history: DecisionHistory) -> list[Version]:
    """The decision's versions, oldest first, numbered from 1."""
    result: list[Version] = []
    replay = _Replay()
    previous: State | None = None
    for number, group in enumerate(_groups(history.records()), start=1):
        for record in group:
            replay.apply(record)
        state = replay.state()
        first = group[0]
        result.append(
            Version(
                number=number,
                started=first.when,
                at=group[-1].when,
                user_id=first.user_id,
                user=first.user,
                created=previous is None and state is not None,
                deleted=previous is not None and state is None,
                changes=compare(previous, state),
                reason=next(
                    (r.reason for r in group if isinstance(r, DecisionRecord) and r.reason), ""
                ),
            )
        )
        previous = state
    return result


def first_recorded(history: DecisionHistory) -> datetime | None:
    """When the decision's history begins; None when it has none."""
    return min((r.when for r in history.decisions), default=None)


@dataclass(frozen=True)
class Restoration:
    """The cells to write so a decision's figures become those of an earlier state.

    Every cell the decision has now and the earlier state had not is cleared (None).
    """

    budget: Mapping[tuple[int, int], int | None]
    financing: Mapping[tuple[int, int], int | None]
    period_totals: Mapping[int, int | None]

    def __bool__(self) -> bool:
        return bool(self.budget or self.financing or self.period_totals)


def restoration(earlier: State, now: DecisionFigures) -> Restoration:
    """What to save for the figures of `earlier` to replace `now`'s: changed cells only."""
    wanted = earlier.figures(now.id)

    def cells(
        old: Mapping[tuple[int, int], int], new: Mapping[tuple[int, int], int]
    ) -> dict[tuple[int, int], int | None]:
        return {cell: old.get(cell) for cell in {*old, *new} if old.get(cell) != new.get(cell)}

    totals = {
        key: wanted.period_totals.get(key)
        for key in {*wanted.period_totals, *now.period_totals}
        if wanted.period_totals.get(key) != now.period_totals.get(key)
    }
    return Restoration(
        budget=cells(wanted.budget, now.budget),
        financing=cells(wanted.financing, now.financing),
        period_totals=totals,
    )
