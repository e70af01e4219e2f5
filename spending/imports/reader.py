"""Expenditure lines from an Excel sheet: its columns, and reading it.

The same rules and limits as every import (`core.sheets`): all or nothing, the file refused as
a whole when it is no Excel file, too large, has the wrong columns or too many rows, and every
problem of a row listed as (row number in Excel, column, message).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from core.sheets import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MEGABYTES,
    CellValue,
    RowError,
    RowsError,
    SheetRow,
    blank,
    check_size,
    fingerprint,
)
from core.sheets import read_sheet as read_any_sheet

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MEGABYTES",
    "CellValue",
    "LineRowsError",
    "RowError",
    "SheetRow",
    "blank",
    "check_size",
    "fingerprint",
    "read_sheet",
]

# The columns, in the template's order: codes, the same in every language.
SPENT_ON = "spent_on"
PAID_ON = "paid_on"
EFFORT_AREA = "effort_area"
COST_CATEGORY = "cost_category"
DESCRIPTION = "description"
INVOICE_NUMBER = "invoice_number"
AMOUNT = "amount"
COLUMNS = (SPENT_ON, PAID_ON, EFFORT_AREA, COST_CATEGORY, DESCRIPTION, INVOICE_NUMBER, AMOUNT)
REQUIRED = frozenset({SPENT_ON, PAID_ON, EFFORT_AREA, COST_CATEGORY, DESCRIPTION, AMOUNT})
DATE_COLUMNS = (SPENT_ON, PAID_ON)


class LineRowsError(RowsError):
    """Some rows cannot be imported; nothing was written. `row_errors` lists every problem."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(errors, columns=COLUMNS)


def read_sheet(upload: IO[bytes]) -> list[SheetRow]:
    """The non-empty rows below the expenditure template's header, or the file refused."""
    return read_any_sheet(upload, columns=COLUMNS)
