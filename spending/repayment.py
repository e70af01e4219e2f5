"""Claims for repayment and payments beyond the grant, as the money overview shows and warns.

Plain data, no ORM. Per funding source, authorised plus paid never exceeds what the decisions
grant: the services hold it from now on (`spending.services.ceiling`); a source where it does
not (data from before that rule) is warned of, as is every claim for repayment still open, which
the deciding body's lowering of a grant below what was paid records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from spending import payouts
from spending.early_warning import OPEN_CLAIM, OVER_COMMITTED, EarlyWarning

OPEN = "open"


@dataclass(frozen=True)
class ClaimFigures:
    """A claim for repayment: from which source, how much, why, and whether it is still open."""

    id: int
    source_id: int
    source: str
    amount: int
    status: str
    reason: str
    # Where the deciding body decided it (the meeting and its item).
    origin: str
    recorded_on: date

    @property
    def open(self) -> bool:
        return self.status == OPEN


def ceiling_warnings(
    *,
    granted: Mapping[int, int],
    committed: Mapping[int, int],
    claims: Iterable[ClaimFigures],
    sources: Mapping[int, str],
) -> list[EarlyWarning]:
    """A warning for each source paid beyond its grant, and for each open claim for repayment.

    `granted` and `committed` are kroner by funding source id; `sources` their names.
    """
    found = [
        EarlyWarning(OVER_COMMITTED, paid, grant, source=sources.get(source_id, "?"))
        for source_id, (paid, grant) in payouts.over_committed(granted, committed).items()
    ]
    found.extend(
        EarlyWarning(OPEN_CLAIM, claim.amount, source=claim.source, origin=claim.origin)
        for claim in sorted(claims, key=lambda c: (c.recorded_on, c.id))
        if claim.open
    )
    return found
