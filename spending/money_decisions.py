"""The money of each decision of a project: its budget against the part of the spending and
payments that falls to it.

Plain data, no ORM. Spending is not booked to a decision, so it is shared out: an effort
area's spending in a year goes to the decisions budgeting that area and year, the earliest
first, each up to its budget, and what is left to the last (so over-spending shows there).
Spending in a year no decision budgets by year goes to the decisions known only by their
period totals whose period holds the year, the same way. Payments are shared out by year the
same way against the decisions' financing. Whatever no decision covers stays on the project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from grants.budget import REVISION, DecisionFigures, effective_figures
from spending.money import (
    MoneyInput,
    Overview,
    budget_cells,
    overview_of,
    paid_by_year,
    periods_of,
    spent_by_cell,
)

# decision id -> kroner still open under it (its yearly cells' or its period's budget).
Capacity = dict[int, int]


def share_out(amount: int, takers: Sequence[tuple[int, int]], left: Capacity) -> dict[int, int]:
    """`amount` shared among `takers` ((decision id, capacity) in order): each takes up to its
    capacity (less what it already took, in `left`), the last takes what remains."""
    shares: dict[int, int] = {}
    rest = amount
    for position, (decision_id, capacity) in enumerate(takers):
        room = max(left.setdefault(decision_id, capacity), 0)
        take = rest if position == len(takers) - 1 else min(rest, room)
        shares[decision_id] = take
        left[decision_id] -= take
        rest -= take
        if rest <= 0:
            break
    return shares


def _ordered(decisions: Iterable[DecisionFigures]) -> list[DecisionFigures]:
    return sorted(decisions, key=lambda d: (d.first_year, d.id))


def _covering(decisions: Sequence[DecisionFigures], year: int) -> list[tuple[int, int]]:
    """The decisions known only by period totals whose period holds `year`, with their totals."""
    return [
        (d.id, sum(d.period_totals.values()))
        for d in decisions
        if d.period_totals and d.first_year <= year <= d.last_year
    ]


def _share_cells(
    spent: Mapping[tuple[int, int], int], decisions: Sequence[DecisionFigures]
) -> dict[int, dict[tuple[int, int], int]]:
    """(area, year) spending of the project → per decision (see the module's docstring)."""
    result: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    cell_left: dict[tuple[int, int], Capacity] = defaultdict(dict)
    period_left: Capacity = {}
    for (area, year), amount in sorted(spent.items(), key=lambda item: (item[0][1], item[0][0])):
        key = (area, year)
        takers = [(d.id, d.budget[key]) for d in decisions if key in d.budget]
        left = cell_left[key]
        if not takers:
            takers, left = _covering(decisions, year), period_left
        for decision_id, share in share_out(amount, takers, left).items():
            result[decision_id][key] += share
    return result


def _share_paid(
    paid: Mapping[int, int], decisions: Sequence[DecisionFigures]
) -> dict[int, dict[int, int]]:
    result: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    period_left: Capacity = {}
    for year, amount in sorted(paid.items()):
        takers = [
            (d.id, sum(v for (_, y), v in d.financing.items() if y == year))
            for d in decisions
            if any(y == year for _, y in d.financing)
        ]
        left: Capacity = {}
        if not takers:
            takers, left = _covering(decisions, year), period_left
        for decision_id, share in share_out(amount, takers, left).items():
            result[decision_id][year] += share
    return result


def decision_overviews(data: MoneyInput) -> dict[int, Overview]:
    """Effective decision id → the decision's money (revisions applied; no warnings: those are
    the project's)."""
    decisions = _ordered(effective_figures(data.decisions))
    spent = spent_by_cell(data.reports, data.categories)
    reported = _share_cells(spent.reported, decisions)
    accepted = _share_cells(spent.accepted, decisions)
    paid = _share_paid(paid_by_year(data.payments), decisions)
    return {
        d.id: overview_of(
            areas=data.areas,
            budget=budget_cells([d]),
            periods=periods_of([d]),
            reported=reported.get(d.id, {}),
            accepted=accepted.get(d.id, {}),
            paid=dict(paid.get(d.id, {})),
        )
        for d in decisions
    }


def effective_id(decisions: Sequence[DecisionFigures], decision_id: int) -> int:
    """The decision whose effective figures hold `decision_id`'s: a revision's root."""
    by_id = {d.id: d for d in decisions}
    current, seen = by_id[decision_id], set()
    while current.kind == REVISION and current.revises_id in by_id and current.id not in seen:
        seen.add(current.id)
        current = by_id[current.revises_id]
    return current.id
