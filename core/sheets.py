"""Rows from an uploaded Excel sheet, for every import: all or nothing, problems by row and column.

`read_sheet` turns an upload into plain rows below a header that must name exactly the
import's columns, or refuses the file as a whole (not an Excel file, too large, wrong columns,
too many rows). Each import checks its rows' cells itself and raises a `RowsError` listing
every problem as (row number in Excel, column, message) before it writes anything.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

# Limits that keep one import a short request: checked before the file is read.
MAX_UPLOAD_MEGABYTES = 2
MAX_UPLOAD_BYTES = MAX_UPLOAD_MEGABYTES * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a zip; a small file may unpack to a huge one. A full sheet of MAX_ROWS rows
# unpacks to about 2.5 MB; refuse anything unpacking past ten times that.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
# Header cells read at most; a real template has ten.
MAX_HEADER_COLUMNS = 200

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format

CellValue = Any  # what openpyxl gives: str, int, float, bool, datetime, time, None


@dataclass(frozen=True)
class SheetRow:
    """One row of the sheet: its row number as Excel shows it, and its cells by column."""

    number: int
    values: Mapping[str, CellValue]


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or, with an empty column, in the row as a whole)."""

    row: int
    column: str
    message: str
    code: str = "invalid"


class RowsError(ValidationError):
    """Some rows cannot be imported; nothing was written. `row_errors` lists every problem,
    by row and then in the order of the sheet's `columns`."""

    def __init__(self, errors: Sequence[RowError], *, columns: Sequence[str]) -> None:
        def column_order(column: str) -> int:
            return columns.index(column) if column in columns else -1

        self.row_errors = sorted(errors, key=lambda e: (e.row, column_order(e.column)))
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


# A file's fingerprint: the SHA-256 of its bytes, as 64 hexadecimal digits.
FINGERPRINT_LENGTH = 64


def fingerprint(upload: IO[bytes]) -> str:
    """The SHA-256 of the file's bytes (hex), read from its start; the file is left at its start.

    The same bytes give the same fingerprint under any file name, so an import can recognise a
    file it has taken before. A sheet saved again by Excel is other bytes, and another file.
    """
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_size(size: int | None) -> None:
    """Refuse a file above the limit before a byte of it is read."""
    if size is None or size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_UPLOAD_MEGABYTES},
            code="too_large",
        )


def read_sheet(upload: IO[bytes], *, columns: Sequence[str]) -> list[SheetRow]:
    """The non-empty rows below the header of the workbook's first sheet.

    Raises `ValidationError` for a file that cannot be imported at all: not an XLSX,
    damaged, unpacking to far more than its size, wrong columns, no rows or too many rows.
    """
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
    # zipfile also raises NotImplementedError for an entry of a zip version it cannot read.
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise not_excel from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The sheet is too large to import. Split it into smaller files."),
            code="too_large",
        )
    content.seek(0)
    try:
        workbook = load_workbook(content, read_only=True, data_only=True)
    # openpyxl raises many kinds of errors for a zip that is no workbook (KeyError, ValueError,
    # TypeError, its own exceptions); each of them means the same to the user.
    except Exception as exc:
        raise not_excel from exc
    try:
        return _rows(workbook, columns)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid package
        raise not_excel from exc
    finally:
        workbook.close()


def _rows(workbook: Any, columns: Sequence[str]) -> list[SheetRow]:
    if not workbook.worksheets:
        raise ValidationError(_("The file has no sheets."), code="no_rows")
    sheet = workbook.worksheets[0]
    # Some programs write a wrong size into the file: read until the rows end instead.
    sheet.reset_dimensions()
    header_row = next(
        sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), ()
    )
    positions = _check_header(header_row, columns)
    width = max(positions.values()) + 1
    rows: list[SheetRow] = []
    for number, cells in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        # A row may end before the last column (read-only sheets are not padded).
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


def _check_header(cells: Iterable[CellValue], columns: Sequence[str]) -> dict[str, int]:
    """The position of each expected column; every missing, unknown or repeated one refused."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, value in enumerate(cells):
        if blank(value):
            continue
        name = str(value).strip().lower()
        if name not in columns:
            unknown.append(str(value).strip()[:40])
        elif name in positions:
            repeated.append(name)
        else:
            positions[name] = index
    missing = [column for column in columns if column not in positions]
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
                % {"columns": ", ".join(columns)},
                code="wrong_columns",
            )
        )
        raise ValidationError(problems)
    return positions


def blank(value: CellValue) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())
