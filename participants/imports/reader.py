"""Onboarding courses imported from an Excel sheet: the sheet's columns, and reading it.

An import is all or nothing. `read_sheet` turns an uploaded file into plain rows, or refuses
the file as a whole (the shared rules of `core.sheets`).
`participants.imports.services.courses_import` checks every row (each cell by
`participants.imports.cells`) and either writes all of them in one transaction or raises
`ImportRowsError` listing every problem as (row number in Excel, column, message).
The template to fill in is built by `participants.imports.template`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from core.sheets import (
    MAX_HEADER_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MEGABYTES,
    OLE_SIGNATURE,
    ZIP_SIGNATURE,
    CellValue,
    RowError,
    RowsError,
    SheetRow,
    blank,
    check_size,
)
from core.sheets import read_sheet as read_any_sheet

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "MAX_HEADER_COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MEGABYTES",
    "OLE_SIGNATURE",
    "REQUIRED",
    "ZIP_SIGNATURE",
    "CellValue",
    "ImportRowsError",
    "RowError",
    "SheetRow",
    "blank",
    "check_size",
    "read_sheet",
]

# The columns, in the template's order. Codes, not translated: the file is the same in
# every language, and a sheet filled in Danish imports the same as one filled in English.
REFERENCE = "reference"
BIRTH_YEAR = "birth_year"
GENDER = "gender"
MUNICIPALITY_CODE = "municipality_code"
COMPANY_CVR = "company_cvr"
START_DATE = "start_date"
END_DATE = "end_date"
MENTOR = "mentor"
OUTCOME = "outcome"
OUTCOME_DATE = "outcome_date"
COLUMNS = (
    REFERENCE, BIRTH_YEAR, GENDER, MUNICIPALITY_CODE, COMPANY_CVR,
    START_DATE, END_DATE, MENTOR, OUTCOME, OUTCOME_DATE,
)  # fmt: skip
REQUIRED = frozenset({REFERENCE, BIRTH_YEAR, GENDER, MUNICIPALITY_CODE, COMPANY_CVR, START_DATE})
DATE_COLUMNS = (START_DATE, END_DATE, OUTCOME_DATE)


class ImportRowsError(RowsError):
    """Some rows cannot be imported; nothing was written. `row_errors` lists every problem."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(errors, columns=COLUMNS)


def read_sheet(upload: IO[bytes]) -> list[SheetRow]:
    """The non-empty rows below the course template's header, or the file refused."""
    return read_any_sheet(upload, columns=COLUMNS)
