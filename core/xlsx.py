"""The one XLSX writer of Rummelig: every workbook the site sends is a `Book` written here.

An export describes its workbook as data (sheets of columns and rows) and this module writes it
with openpyxl's write-only (streaming) workbook: each row goes to a temporary file as it is
appended, so 50,000 rows cost no more memory than 50. Cells are styled from a small cache of
prepared styles rather than one style lookup per cell.

Text never runs as a formula: every text cell is an inline string (`t="inlineStr"`), and by
default text that a spreadsheet would read as a formula also gets a leading apostrophe
(`safe_text`), so it stays text when the sheet is saved as CSV or pasted elsewhere.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Literal

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import TIME_FORMATS
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from core.filenames import attach

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CREATOR = "Rummelig"

# Number formats, named for what they show.
WHOLE = "#,##0"  # whole kroner and counts: 12.000
ONE_DECIMAL = "#,##0.0"  # 37,5
YEAR = "0"  # a year is a number, but not grouped like a count: 2019, not 2.019
DATE = "dd.mm.yyyy"  # a real date, shown the Danish way: 07.12.2026
DATE_TIME = "dd.mm.yyyy hh:mm"
TEXT = "@"  # Excel keeps what is typed as text: leading zeros, long digit strings

RowStyle = Literal["plain", "bold", "heading", "wrap"]
CHUNK_SIZE = 64 * 1024


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Validation:
    """An Excel data validation on a column's cells under the header."""

    type: Literal["list", "date", "whole"]
    formula1: str
    formula2: str | None = None
    operator: Literal["between", "greaterThan"] | None = None
    strict: bool = True  # refuse other input with `error`; a list that is not strict only helps
    error_title: str = ""
    error: str = ""

    @classmethod
    def choices(cls, values: Iterable[str], *, strict: bool = False) -> Validation:
        return cls(type="list", formula1='"' + ",".join(values) + '"', strict=strict)


@dataclass(frozen=True)
class Column:
    """A column: its header, width in characters and the number format of its body cells."""

    title: str
    width: float = 18
    # Overrides the format a value's type gets (see `_type_format`); also set on the whole
    # column, so what a user types into an empty cell gets it too.
    number_format: str | None = None
    align_right: bool = False  # the header, over a column of figures
    validation: Validation | None = None


@dataclass(frozen=True)
class Row:
    """A row with a style; a plain list or tuple is a plain row."""

    values: Sequence[object]
    style: RowStyle = "plain"


Line = Row | Sequence[object]


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Line] = ()
    above: Sequence[Line] = ()  # lines above the header row: a title, a date
    freeze: bool = True  # keep the header row (and `freeze_columns`) in view while scrolling
    freeze_columns: int = 0
    auto_filter: bool = False
    # False keeps text exactly as given (still an inline string, never a formula), for labels
    # that must equal their source cell by cell.
    quote_formulas: bool = True
    validated_rows: int = 0  # how many rows under the header the validations cover


@dataclass
class Book:
    title: str
    sheets: Sequence[Sheet] = field(default_factory=list)


_FONTS: dict[RowStyle, Font | None] = {
    "plain": None,
    "bold": Font(bold=True),
    "heading": Font(bold=True, size=13),
    "wrap": None,
}
# openpyxl formats a bare date as DATE does (checked here, so an openpyxl that changed its
# default would get each date cell styled by `cell` instead).
_DATES_AS_OURS = TIME_FORMATS.get(date) == DATE
_WRAP = Alignment(wrap_text=True, vertical="top")
_RIGHT = Alignment(horizontal="right")


def _type_format(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return WHOLE
    if isinstance(value, Decimal):
        return WHOLE if value == value.to_integral_value() else ONE_DECIMAL
    if isinstance(value, float):
        return ONE_DECIMAL
    if isinstance(value, datetime):
        return DATE_TIME
    if isinstance(value, date):
        return DATE
    return None


class _SheetWriter:
    """Appends rows to one write-only sheet, styling cells from cached style arrays."""

    def __init__(self, sheet: WriteOnlyWorksheet, spec: Sheet) -> None:
        # Any: the stubs leave out what the write-only sheet shares with `Worksheet`
        # (column_dimensions, auto_filter, data_validations).
        self.sheet: Any = sheet
        self.spec = spec
        self.styles: dict[tuple[RowStyle, str | None, bool], StyleArray] = {}
        self.rows = 0

    def _style(self, style: RowStyle, number_format: str | None, right: bool) -> StyleArray:
        key = (style, number_format, right)
        cached = self.styles.get(key)
        if cached is None:
            prototype: Any = WriteOnlyCell(self.sheet)
            font = _FONTS[style]
            if font is not None:
                prototype.font = font
            if style == "wrap":
                prototype.alignment = _WRAP
            elif right:
                prototype.alignment = _RIGHT
            if number_format is not None:
                prototype.number_format = number_format
            # Its style array, copied into each cell of this style (no per-cell style lookup).
            cached = self.styles[key] = prototype._style
        return cached

    def cell(
        self, value: Any, style: RowStyle, number_format: str | None, right: bool = False
    ) -> object:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            text = safe_text(value) if self.spec.quote_formulas else value
            if style == "plain" and not text.startswith("="):
                return text  # openpyxl writes it as an inline string as it is
            cell = Cell(self.sheet, 1, 1, style_array=self._style(style, None, right))
            cell.value = text
            cell.data_type = "s"  # an inline string, never a formula
            return cell
        number_format = number_format or _type_format(value)
        if style == "plain" and number_format is None:
            return value
        return Cell(self.sheet, 1, 1, value, style_array=self._style(style, number_format, right))

    def append(self, line: Line, formats: Sequence[str | None] = ()) -> None:
        values, style = (line.values, line.style) if isinstance(line, Row) else (line, "plain")
        plain = style == "plain"
        # A plain row's text and dates, most of a long sheet's cells, go to openpyxl as they
        # are when it would write them as `cell` does: no cell object of ours to build, and
        # openpyxl takes a cell object only after failing to read it as a value.
        cells: list[object] = []
        for i, value in enumerate(values):
            given = formats[i] if i < len(formats) else None
            as_is = plain and (
                (type(value) is str and value and not value.startswith(FORMULA_PREFIXES))
                or (type(value) is date and given is None and _DATES_AS_OURS)
            )
            cells.append(value if as_is else self.cell(value, style, given))
        self.sheet.append(cells)
        self.rows += 1

    def write(self) -> None:
        spec = self.spec
        for index, column in enumerate(spec.columns, start=1):
            dimension = self.sheet.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            if column.number_format is not None:
                dimension.number_format = column.number_format
        header = len(spec.above) + 1
        if spec.freeze:
            self.sheet.freeze_panes = f"{get_column_letter(spec.freeze_columns + 1)}{header + 1}"
        for line in spec.above:
            self.append(line)
        self.sheet.append(
            [self.cell(c.title, "bold", None, right=c.align_right) for c in spec.columns]
        )
        self.rows += 1
        formats = [column.number_format for column in spec.columns]
        for line in spec.rows:
            self.append(line, formats)
        last = get_column_letter(max(len(spec.columns), 1))
        if spec.auto_filter:
            self.sheet.auto_filter.ref = f"A{header}:{last}{self.rows}"
        for index, column in enumerate(spec.columns, start=1):
            if column.validation is not None and spec.validated_rows:
                letter = get_column_letter(index)
                rule = column.validation
                validation = DataValidation(
                    type=rule.type,
                    operator=rule.operator,
                    formula1=rule.formula1,
                    formula2=rule.formula2,
                    allow_blank=True,
                    showErrorMessage=rule.strict,
                    errorTitle=rule.error_title or None,
                    error=rule.error or None,
                )
                validation.add(f"{letter}{header + 1}:{letter}{header + spec.validated_rows}")
                # Write-only sheets lack `add_data_validation`, but write the list at the end.
                self.sheet.data_validations.append(validation)


def write(book: Book, file: IO[bytes]) -> None:
    """Write `book` as XLSX to the binary `file`, row by row."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = book.title
    workbook.properties.creator = CREATOR
    for spec in book.sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        assert isinstance(sheet, WriteOnlyWorksheet)
        _SheetWriter(sheet, spec).write()
    workbook.save(file)


def to_bytes(book: Book) -> bytes:
    """The workbook as bytes, for small workbooks and for tests."""
    with tempfile.TemporaryFile() as file:
        write(book, file)
        file.seek(0)
        return file.read()


def chunks(book: Book, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The workbook in chunks of `size` bytes, written to a temporary file first."""
    with tempfile.TemporaryFile() as file:
        write(book, file)
        file.seek(0)
        while chunk := file.read(size):
            yield chunk


def streaming_response(book: Book, filename: str) -> FileResponse:
    """A download streamed from a temporary file: memory stays flat however many rows.

    The rows are read from the database here, inside the view, not while the response is sent.
    """
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write(book, file)
    file.seek(0)
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    return attach(response, filename)
