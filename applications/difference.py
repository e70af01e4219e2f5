"""A change request's proposed figures beside the project's current ones: plain data in and out.

Rows are the request's effort areas (an area new to the project has nothing now) and the
funding sources; columns are the request's years. Each cell holds what the project has now,
what the request proposes and the difference (proposed − current).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Cells = Mapping[tuple[int, int], int]


@dataclass(frozen=True)
class DiffCell:
    current: int
    proposed: int

    @property
    def difference(self) -> int:
        return self.proposed - self.current


@dataclass(frozen=True)
class DiffRow:
    label: str
    cells: tuple[DiffCell, ...]

    @property
    def total(self) -> DiffCell:
        return DiffCell(
            current=sum(cell.current for cell in self.cells),
            proposed=sum(cell.proposed for cell in self.cells),
        )


@dataclass(frozen=True)
class DifferenceTable:
    years: tuple[int, ...]
    budget_rows: tuple[DiffRow, ...]
    financing_rows: tuple[DiffRow, ...]

    @property
    def budget_total(self) -> DiffRow:
        return _sum_row(self.years, self.budget_rows)

    @property
    def financing_total(self) -> DiffRow:
        return _sum_row(self.years, self.financing_rows)


def _sum_row(years: tuple[int, ...], rows: Sequence[DiffRow]) -> DiffRow:
    return DiffRow(
        label="",
        cells=tuple(
            DiffCell(
                current=sum(row.cells[i].current for row in rows),
                proposed=sum(row.cells[i].proposed for row in rows),
            )
            for i in range(len(years))
        ),
    )


@dataclass(frozen=True)
class AreaRow:
    """A request's effort area: its own id, its name, and the project's area it is, if any."""

    key: int
    label: str
    effort_area_id: int | None


def difference_table(
    *,
    years: Sequence[int],
    areas: Sequence[AreaRow],
    sources: Sequence[tuple[int, str]],
    proposed_budget: Cells,
    proposed_financing: Cells,
    current_budget: Cells,
    current_financing: Cells,
) -> DifferenceTable:
    """The difference table; a funding source with nothing now and nothing proposed is left out."""
    span = tuple(years)
    budget_rows = tuple(
        DiffRow(
            label=area.label,
            cells=tuple(
                DiffCell(
                    current=(
                        current_budget.get((area.effort_area_id, year), 0)
                        if area.effort_area_id is not None
                        else 0
                    ),
                    proposed=proposed_budget.get((area.key, year), 0),
                )
                for year in span
            ),
        )
        for area in areas
    )
    financing_rows = []
    for key, label in sources:
        cells = tuple(
            DiffCell(
                current=current_financing.get((key, year), 0),
                proposed=proposed_financing.get((key, year), 0),
            )
            for year in span
        )
        if any(cell.current or cell.proposed for cell in cells):
            financing_rows.append(DiffRow(label=label, cells=cells))
    return DifferenceTable(
        years=span, budget_rows=budget_rows, financing_rows=tuple(financing_rows)
    )
