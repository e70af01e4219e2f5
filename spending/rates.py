"""Cost categories and flat rates, and a report's totals, computed from plain data.

No ORM here: the report page, the review page and the money overview all add up the same
`Totals`, so they cannot disagree. A flat rate (simplified cost option, e.g. 18 % of direct
salary, or 40 % under the ESF) is computed from its base category's lines per effort area and
year, rounded down to whole kroner (never more than the rate), and is never entered by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

DIRECT = "direct"
FLAT_RATE = "flat_rate"
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Category:
    """A cost category: direct, or a flat rate of one direct category (`base_id`)."""

    id: int
    kind: str = DIRECT
    rate: Decimal | None = None
    base_id: int | None = None

    @property
    def is_flat_rate(self) -> bool:
        return self.kind == FLAT_RATE


@dataclass(frozen=True)
class Line:
    """An expenditure line as amounts: `accepted` is None while the line is not reviewed."""

    category_id: int
    effort_area_id: int
    year: int
    amount: int
    accepted: int | None = None


@dataclass(frozen=True)
class Totals:
    """A set of lines added up, flat rates included."""

    total: int = 0
    by_category: dict[int, int] = field(default_factory=dict)
    by_area: dict[int, int] = field(default_factory=dict)
    by_year: dict[int, int] = field(default_factory=dict)
    by_area_year: dict[tuple[int, int], int] = field(default_factory=dict)
    by_category_area: dict[tuple[int, int], int] = field(default_factory=dict)


def flat_rate(base: int, rate: Decimal) -> int:
    """`rate` per cent of `base` kroner, rounded down to whole kroner."""
    if base < 0:
        raise ValueError("A flat rate is computed from a non-negative base.")
    return int((Decimal(base) * rate / _HUNDRED).to_integral_value(rounding=ROUND_DOWN))


def lines_refused(lines: Iterable[Line], categories: Sequence[Category]) -> list[Line]:
    """The lines entered under a flat-rate (or unknown) category: a flat rate takes none."""
    direct = {c.id for c in categories if not c.is_flat_rate}
    return [line for line in lines if line.category_id not in direct]


def with_flat_rates(lines: Iterable[Line], categories: Sequence[Category]) -> list[Line]:
    """`lines` plus one computed line per flat-rate category, effort area and year.

    The computed line's `amount` is the rate of the base lines' amounts, its `accepted` the
    rate of their accepted amounts (None while none of the base lines is reviewed). Lines under
    a flat-rate category are refused (ValueError): the rate is computed, never typed.
    """
    lines = list(lines)
    refused = lines_refused(lines, categories)
    if refused:
        raise ValueError(f"Lines under a flat-rate or unknown category: {refused!r}")
    base_amounts: dict[tuple[int, int, int], int] = defaultdict(int)
    base_accepted: dict[tuple[int, int, int], int | None] = {}
    for line in lines:
        key = (line.category_id, line.effort_area_id, line.year)
        base_amounts[key] += line.amount
        if line.accepted is not None:
            base_accepted[key] = (base_accepted.get(key) or 0) + line.accepted
        else:
            base_accepted.setdefault(key, None)
    computed: list[Line] = []
    for category in categories:
        if not category.is_flat_rate or category.rate is None or category.base_id is None:
            continue
        for (base_id, area_id, year), amount in sorted(base_amounts.items()):
            if base_id != category.base_id:
                continue
            accepted = base_accepted[(base_id, area_id, year)]
            computed.append(
                Line(
                    category_id=category.id,
                    effort_area_id=area_id,
                    year=year,
                    amount=flat_rate(amount, category.rate),
                    accepted=None if accepted is None else flat_rate(accepted, category.rate),
                )
            )
    return lines + computed


def report_totals(
    lines: Iterable[Line], categories: Sequence[Category], *, accepted: bool = False
) -> Totals:
    """The totals of `lines` with their flat rates: reported amounts, or accepted ones.

    With `accepted`, a line not yet reviewed counts nothing.
    """
    by_category: dict[int, int] = defaultdict(int)
    by_area: dict[int, int] = defaultdict(int)
    by_year: dict[int, int] = defaultdict(int)
    by_area_year: dict[tuple[int, int], int] = defaultdict(int)
    by_category_area: dict[tuple[int, int], int] = defaultdict(int)
    total = 0
    for line in with_flat_rates(lines, categories):
        value = (line.accepted or 0) if accepted else line.amount
        total += value
        by_category[line.category_id] += value
        by_area[line.effort_area_id] += value
        by_year[line.year] += value
        by_area_year[(line.effort_area_id, line.year)] += value
        by_category_area[(line.category_id, line.effort_area_id)] += value
    return Totals(
        total=total,
        by_category=dict(by_category),
        by_area=dict(by_area),
        by_year=dict(by_year),
        by_area_year=dict(by_area_year),
        by_category_area=dict(by_category_area),
    )


def needs_auditor_statement(total: int, threshold: int) -> bool:
    """A report whose total (flat rates included) exceeds the programme's threshold."""
    return total > threshold
