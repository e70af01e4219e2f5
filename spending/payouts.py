"""What may be paid from a funding source: the ceiling, the held-back final share.

Plain data in and out, no ORM: the payment service asks `payment_refusal` inside its lock, and
the pages show the same `SourceCeiling`. Amounts are whole kroner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal

from grants.budget import DecisionFigures

_HUNDRED = Decimal(100)


def granted_by_source(figures: Iterable[DecisionFigures]) -> dict[int, int]:
    """Funding source id → kroner granted over the whole period, by effective decisions.

    `figures` are the effective figures (`grants.budget.effective_figures`): a revision has
    already replaced what it revises. Yearly financing and period totals both count.
    """
    granted: dict[int, int] = defaultdict(int)
    for decision in figures:
        for (source_id, _year), amount in decision.financing.items():
            granted[source_id] += amount
        for source_id, amount in decision.period_totals.items():
            granted[source_id] += amount
    return dict(granted)


def held_back(granted: int, share_percent: Decimal) -> int:
    """The final share of `granted` kept until the final report is accepted (rounded up)."""
    return int((Decimal(granted) * share_percent / _HUNDRED).to_integral_value(rounding=ROUND_UP))


@dataclass(frozen=True)
class SourceCeiling:
    """One funding source of one project: granted, committed, and what is still payable."""

    granted: int
    committed: int
    held_back: int
    final_accepted: bool

    @property
    def ceiling(self) -> int:
        """What all authorised and paid payments together may reach now."""
        return self.granted if self.final_accepted else self.granted - self.held_back

    @property
    def payable(self) -> int:
        return max(self.ceiling - self.committed, 0)


def ceiling_of(
    *, granted: int, committed: int, share_percent: Decimal, final_accepted: bool
) -> SourceCeiling:
    return SourceCeiling(
        granted=granted,
        committed=committed,
        held_back=held_back(granted, share_percent),
        final_accepted=final_accepted,
    )


# Why a payment is refused, as codes the service turns into messages.
OVER_GRANT = "over_grant"
HELD_BACK = "held_back"
BELOW_ZERO = "below_zero"


def payment_refusal(ceiling: SourceCeiling, amount: int) -> str | None:
    """Why adding `amount` to the source's committed payments is refused, or None.

    A recovery (negative) may not take the total below nothing; any other payment may not
    take it past what was granted, nor into the held-back share before the final report.
    """
    total = ceiling.committed + amount
    if amount < 0:
        return BELOW_ZERO if total < 0 else None
    if total > ceiling.granted:
        return OVER_GRANT
    if total > ceiling.ceiling:
        return HELD_BACK
    return None


@dataclass(frozen=True)
class Shortfall:
    """A funding source whose grant a change lowered below what is committed from it."""

    source_id: int
    granted_before: int
    granted: int
    committed: int

    @property
    def claim(self) -> int:
        """What the change itself left committed beyond the grant: a claim for repayment.

        Not what was over before the change (data from before the ceiling held): the money
        overview warns of that on its own.
        """
        return min(self.committed, self.granted_before) - self.granted


def shortfalls(
    *, before: Mapping[int, int], after: Mapping[int, int], committed: Mapping[int, int]
) -> list[Shortfall]:
    """The sources (by id) a change from `before` to `after` granted lowered below `committed`.

    A source whose grant did not come down is none, even if more is committed than granted:
    a change that leaves it as it was, or raises it, is not what took it there.
    """
    found = []
    for source_id, amount in sorted(committed.items()):
        old, new = before.get(source_id, 0), after.get(source_id, 0)
        if new < old and new < amount:
            found.append(Shortfall(source_id, old, new, amount))
    return found


def over_committed(
    granted: Mapping[int, int], committed: Mapping[int, int]
) -> dict[int, tuple[int, int]]:
    """Source id → (committed, granted) where more is authorised or paid than granted."""
    return {
        source_id: (amount, granted.get(source_id, 0))
        for source_id, amount in sorted(committed.items())
        if amount > granted.get(source_id, 0)
    }
