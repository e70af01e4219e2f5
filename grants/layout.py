"""How the budget-and-financing table is laid out for reading: rows, labels, 1.000 kr.

Shared by the page, the CSV, the XLSX and the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from grants.budget import BudgetTable, Column, in_thousands


@dataclass(frozen=True)
class OutRow:
    """One row of the table as laid out for output: a label and cells in 1.000 kr."""

    label: str
    cells: tuple[Decimal | None, ...]
    # "section" (a heading row), "line", "subtotal" or "total".
    style: str = "line"


def column_label(column: Column) -> str:
    if column.unsplit:
        return _("%(first)s–%(last)s (not split by year)") % {
            "first": column.first_year,
            "last": column.last_year,
        }
    return str(column.first_year)


def budget_rows(table: BudgetTable) -> Iterator[OutRow]:
    """The table's rows in the case paper's order, amounts in 1.000 kr."""

    def amounts(cells: tuple[int | None, ...]) -> tuple[Decimal | None, ...]:
        return tuple(None if c is None else in_thousands(c) for c in cells)

    blank: tuple[Decimal | None, ...] = (None,) * len(table.columns)
    yield OutRow(_("Budget"), blank, "section")
    for row in table.budget_rows:
        yield OutRow(row.label, amounts(row.cells))
    yield OutRow(_("Budget total"), amounts(table.budget_total), "subtotal")
    yield OutRow(_("Financing"), blank, "section")
    for row in table.financing_rows:
        yield OutRow(row.label, amounts(row.cells))
    yield OutRow(_("Financing total"), amounts(table.financing_total), "subtotal")
    yield OutRow(_("Total"), amounts(table.total), "total")


def header_row(table: BudgetTable) -> list[str]:
    return [_("1.000 kr."), *(column_label(c) for c in table.columns)]
