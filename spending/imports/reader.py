"""Expenditure lines from an Excel sheet: its columns, and reading it.

The same rules as the course import (`participants.imports.reader`), whose limits and row
errors this module uses: an import is all or nothing, the file is refused as a whole when it is
no Excel file, too large, has the wrong columns or too many rows, and every problem of a row is
listed as (row number in Excel, column, message). The reading itself is that of the course
import with the columns as a parameter; both could move to `core` as one reader.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from participants.imports.reader import (
    MAX_HEADER_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MEGABYTES,
    OLE_SIGNATURE,
    ZIP_SIGNATURE,
    CellValue,
    RowError,
    SheetRow,
    blank,
    check_size,
)

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


class LineRowsError(ValidationError):
    """Some rows cannot be imported; nothing was written. `row_errors` lists every problem."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.row_errors = sorted(errors, key=lambda e: (e.row, _column_order(e.column)))
        super().__init__(
            [
                ValidationError(
                    _("Row %(row)s, %(column)s: %(message)s")
                    % {"row": e.row, "column": e.column or "–", "message": e.message},
                    code=e.code,
                )
                for e in self.row_errors
            ]
        )


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


def read_sheet(upload: IO[bytes]) -> list[SheetRow]:
    """The non-empty rows below the header of the workbook's first sheet, or the file refused."""
    upload.seek(0)
    signature = upload.read(4)
    upload.seek(0)
    if signature == OLE_SIGNATURE:
        raise ValidationError(
            _(
                "This is the old Excel format (.xls). Save the sheet as “Excel Workbook (.xlsx)” "
                "and upload it again."
            ),
            code="old_excel",
        )
    not_excel = ValidationError(
        _(
            "This is not an Excel file (.xlsx). Download the template, fill it in, save it as "
            "“Excel Workbook (.xlsx)” and upload it again."
        ),
        code="not_excel",
    )
    if signature != ZIP_SIGNATURE:
        raise not_excel
    content = io.BytesIO(upload.read())
    try:
        with zipfile.ZipFile(content) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_excel from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The sheet is too large to import. Split it into smaller files."),
            code="too_large",
        )
    content.seek(0)
    try:
        workbook = load_workbook(content, read_only=True, data_only=True)
    # openpyxl raises many kinds of errors for a zip that is no workbook; each means the same.
    except Exception as exc:
        raise not_excel from exc
    try:
        return _rows(workbook)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid package
        raise not_excel from exc
    finally:
        workbook.close()


def _rows(workbook: Any) -> list[SheetRow]:
    if not workbook.worksheets:
        raise ValidationError(_("The file has no sheets."), code="no_rows")
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    header_row = next(
        sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), ()
    )
    positions = _check_header(header_row)
    width = max(positions.values()) + 1
    rows: list[SheetRow] = []
    for number, cells in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        values = {
            column: cells[index] if index < len(cells) else None
            for column, index in positions.items()
        }
        if all(blank(value) for value in values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(rows)s rows. Split it into smaller files.")
                % {"rows": number_format(MAX_ROWS, force_grouping=True)},
                code="too_many_rows",
            )
        rows.append(SheetRow(number=number, values=values))
    if not rows:
        raise ValidationError(
            _("The sheet has no rows to import below the column names."), code="no_rows"
        )
    return rows


def _check_header(cells: Iterable[CellValue]) -> dict[str, int]:
    """The position of each expected column; every missing, unknown or repeated one refused."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, value in enumerate(cells):
        if blank(value):
            continue
        name = str(value).strip().lower()
        if name not in COLUMNS:
            unknown.append(str(value).strip()[:40])
        elif name in positions:
            repeated.append(name)
        else:
            positions[name] = index
    missing = [column for column in COLUMNS if column not in positions]
    problems: list[ValidationError] = []
    if missing:
        problems.append(
            ValidationError(
                _("Columns missing from the first row: %(columns)s.")
                % {"columns": ", ".join(missing)},
                code="missing_columns",
            )
        )
    if unknown:
        problems.append(
            ValidationError(
                _("Unknown columns in the first row: %(columns)s.")
                % {"columns": ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")},
                code="unknown_columns",
            )
        )
    if repeated:
        problems.append(
            ValidationError(
                _("Columns named twice in the first row: %(columns)s.")
                % {"columns": ", ".join(repeated)},
                code="repeated_columns",
            )
        )
    if problems:
        problems.append(
            ValidationError(
                _(
                    "The first row of the first sheet must hold exactly the column names of "
                    "the template: %(columns)s."
                )
                % {"columns": ", ".join(COLUMNS)},
                code="wrong_columns",
            )
        )
        raise ValidationError(problems)
    return positions
