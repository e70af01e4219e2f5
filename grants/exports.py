"""The budget-and-financing table as CSV, XLSX and PDF.

Every format renders the same `TableReport`, laid out as `table_rows()` gives it, so the
formats cannot disagree with each other or with the page.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.xlsx import safe_text
from grants.layout import header_row, table_rows
from grants.queries import TableReport


def to_csv(report: TableReport) -> bytes:
    """Semicolon-separated, UTF-8 with BOM, as Danish Excel opens it; decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(report.title)])
    writer.writerow([safe_text(h) for h in header_row(report.table)])
    for row in table_rows(report.table):
        writer.writerow(
            [safe_text(row.label)]
            + ["" if c is None else str(c).replace(".", ",") for c in row.cells]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: TableReport) -> bytes:
    """An XLSX workbook; amounts are numbers in 1.000 kr. with a `#,##0` format."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Budget and financing")[:31]
    bold = Font(bold=True)
    sheet.append([_("Budget and financing")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([report.title])
    # Written as inline strings, never formulas: a title or label starting with "=" stays text.
    for cell in sheet[2]:
        cell.data_type = "s"
    sheet.append(header_row(report.table))
    for cell in sheet[3]:
        cell.font = bold
        cell.data_type = "s"
        if cell.column > 1:
            cell.alignment = Alignment(horizontal="right")
    for row in table_rows(report.table):
        sheet.append([row.label, *row.cells])
        cells = sheet[sheet.max_row]
        cells[0].data_type = "s"
        for cell in cells[1:]:
            cell.number_format = "#,##0" if _whole(cell.value) else "#,##0.0"
        if row.style != "line":
            for cell in cells:
                cell.font = bold
    sheet.column_dimensions["A"].width = 36
    for index in range(2, len(report.table.columns) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "B4"
    workbook.properties.title = report.title
    workbook.properties.creator = "Rummelig"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _whole(value: object) -> bool:
    return not isinstance(value, Decimal) or value == value.to_integral_value()


def to_pdf(report: TableReport) -> bytes:
    """A printable A4 PDF of the table, rendered by WeasyPrint with no network access."""
    from weasyprint import HTML

    from core.pdf import NoNetworkFetcher

    html = render_to_string(
        "grants/budget_table_pdf.html",
        {"report": report},
    )
    return HTML(string=html, url_fetcher=NoNetworkFetcher(), base_url=None).write_pdf()
