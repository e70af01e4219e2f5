"""The one XLSX writer: text never runs as a formula, numbers and dates keep their formats."""

from __future__ import annotations

import ast
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.http import FileResponse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core import xlsx

ROOT = Path(__file__).resolve().parent.parent.parent
# The writer, and the import that reads uploaded workbooks.
OPENPYXL_USERS = {Path("core/xlsx.py"), Path("core/sheets.py")}

EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=1/0"]


def _book(**sheet: object) -> xlsx.Book:
    options: dict[str, object] = {
        "title": "Kurser",
        "columns": [xlsx.Column("Navn", width=30), xlsx.Column("Beløb"), xlsx.Column("Dato")],
        "rows": [],
        **sheet,
    }
    return xlsx.Book(title="Rapport", sheets=[xlsx.Sheet(**options)])  # type: ignore[arg-type]


def _sheet(book: xlsx.Book) -> Worksheet:
    sheet = load_workbook(io.BytesIO(xlsx.to_bytes(book))).active
    assert isinstance(sheet, Worksheet)
    return sheet


@pytest.mark.parametrize("evil", EVIL)
def test_text_that_looks_like_a_formula_is_a_quoted_inline_string(evil: str) -> None:
    sheet = _sheet(_book(rows=[[evil, 1, None]], above=[[evil]]))
    for cell in (sheet["A1"], sheet["A3"]):
        assert cell.data_type == "s"
        assert cell.value == "'" + evil


@pytest.mark.parametrize("evil", EVIL)
def test_unquoted_text_is_kept_exactly_and_still_never_a_formula(evil: str) -> None:
    book = _book(rows=[[evil], xlsx.Row([evil], "bold")], quote_formulas=False)
    sheet = _sheet(book)
    assert [sheet["A2"].value, sheet["A3"].value] == [evil, evil]
    assert {sheet["A2"].data_type, sheet["A3"].data_type} == {"s"}
    raw = zipfile.ZipFile(io.BytesIO(xlsx.to_bytes(book))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw and b'r="A2" t="inlineStr"' in raw


def test_numbers_and_dates_get_their_formats() -> None:
    rows = [
        ["heltal", 12000, datetime.date(2019, 3, 1)],
        ["decimal, hel", Decimal("4000"), datetime.datetime(2019, 3, 1, 14, 30)],
        ["decimal", Decimal("37.5"), None],
    ]
    sheet = _sheet(_book(rows=rows))
    assert (sheet["B2"].value, sheet["B2"].number_format) == (12000, xlsx.WHOLE)
    assert (sheet["B3"].value, sheet["B3"].number_format) == (4000, "#,##0")
    assert (sheet["B4"].value, sheet["B4"].number_format) == (37.5, "#,##0.0")
    assert sheet["C2"].value == datetime.datetime(2019, 3, 1)
    assert sheet["C2"].number_format == "dd.mm.yyyy"
    assert sheet["C3"].number_format == "dd.mm.yyyy hh:mm"
    assert sheet["C4"].value is None


def test_every_cell_of_a_long_plain_row_keeps_its_own_format() -> None:
    """Plain text and dates pass to openpyxl as they are; none takes its neighbour's format."""
    day = datetime.date(2020, 9, 30)
    columns = [xlsx.Column(str(n)) for n in range(6)] + [xlsx.Column("År", number_format="0")]
    rows = [[day, "tekst", day, 5, "-ikke en formel", None, 2019], ["", day, 1.5, day, "x", day]]
    sheet = _sheet(_book(columns=columns, rows=rows))
    formats = [[cell.number_format for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert formats[0] == ["dd.mm.yyyy", "General", "dd.mm.yyyy", "#,##0", "General", "General", "0"]
    assert formats[1][:6] == [
        "General",
        "dd.mm.yyyy",
        "#,##0.0",
        "dd.mm.yyyy",
        "General",
        "dd.mm.yyyy",
    ]
    assert sheet["E2"].value == "'-ikke en formel"
    assert sheet["A3"].value is None and sheet["B3"].value == datetime.datetime(2020, 9, 30)


def test_a_column_format_overrides_the_type_and_covers_the_empty_cells() -> None:
    columns = [xlsx.Column("År", number_format=xlsx.YEAR), xlsx.Column("CVR", number_format="@")]
    sheet = _sheet(_book(columns=columns, rows=[[2019, "01234567"]], above=[[2019]]))
    assert sheet["A3"].number_format == "0"
    assert sheet["A1"].number_format == "#,##0"  # above the header: the type's format
    assert sheet["B3"].value == "01234567"
    assert sheet.column_dimensions["B"].number_format == "@"


def test_the_header_is_bold_under_the_lines_above_and_frozen() -> None:
    columns = [xlsx.Column("Navn", width=36), xlsx.Column("2019", width=14, align_right=True)]
    book = _book(
        columns=columns,
        above=[xlsx.Row(["Budget"], "heading"), ["Titel"]],
        rows=[xlsx.Row(["I alt", 1], "bold"), ["Linje", 2]],
        freeze_columns=1,
    )
    sheet = _sheet(book)
    assert [c.value for c in sheet[3]] == ["Navn", "2019"]
    assert all(c.font.b for c in sheet[3])
    assert sheet["B3"].alignment.horizontal == "right"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert not sheet["A2"].font.b
    assert sheet["A4"].font.b and sheet["B4"].font.b and not sheet["A5"].font.b
    assert sheet.freeze_panes == "B4"
    assert sheet.column_dimensions["A"].width == 36
    assert sheet.column_dimensions["B"].width == 14


def test_auto_filter_spans_the_header_and_every_row() -> None:
    sheet = _sheet(_book(rows=[["a", 1, None], ["b", 2, None]], auto_filter=True))
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet.freeze_panes == "A2"


def test_validations_cover_the_rows_under_the_header() -> None:
    columns = [
        xlsx.Column("gender", validation=xlsx.Validation.choices(["female", "male"])),
        xlsx.Column("year", validation=xlsx.Validation("whole", "1900", "2100", "between")),
    ]
    sheet = _sheet(_book(columns=columns, validated_rows=100))
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert set(rules) == {"A2:A101", "B2:B101"}
    assert rules["A2:A101"].formula1 == '"female,male"' and not rules["A2:A101"].showErrorMessage
    assert rules["B2:B101"].showErrorMessage and rules["B2:B101"].formula2 == "2100"
    assert sheet.max_row == 1


def test_the_workbook_carries_its_title_and_creator() -> None:
    workbook = load_workbook(io.BytesIO(xlsx.to_bytes(_book())))
    assert workbook.properties.title == "Rapport"
    assert workbook.properties.creator == "Rummelig"
    assert workbook.sheetnames == ["Kurser"]


def test_a_long_sheet_title_is_cut_to_excels_31_characters() -> None:
    workbook = load_workbook(io.BytesIO(xlsx.to_bytes(_book(title="x" * 40))))
    assert workbook.sheetnames == ["x" * 31]


def test_chunks_add_up_to_the_same_workbook() -> None:
    book_rows = [[f"række {n}", n, datetime.date(2019, 1, 1)] for n in range(2000)]
    chunks = list(xlsx.chunks(_book(rows=book_rows), size=4096))
    assert len(chunks) > 1 and all(len(c) <= 4096 for c in chunks)
    sheet = load_workbook(io.BytesIO(b"".join(chunks))).active
    assert sheet is not None and sheet.max_row == 2001


def test_the_response_streams_from_a_file_as_an_attachment() -> None:
    rows = ([f"række {n}", n, None] for n in range(100))
    response = xlsx.streaming_response(_book(rows=rows), "kurser-2019.xlsx")
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="kurser-2019.xlsx"'
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert int(response["Content-Length"]) == len(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None and sheet["A101"].value == "række 99"
    response.file_to_stream.close()  # type: ignore[union-attr]  # close() would signal the end of a request


def test_no_module_but_the_writer_writes_with_openpyxl() -> None:
    users = set()
    for room in (
        "core",
        "accounts",
        "jobs",
        "grants",
        "companies",
        "participants",
        "progress",
        "spending",
        "meetings",
        "home",
        "demo",
    ):
        for path in (ROOT / room).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                if any(name.split(".")[0] == "openpyxl" for name in names):
                    users.add(path.relative_to(ROOT))
    assert users <= OPENPYXL_USERS, users - OPENPYXL_USERS
