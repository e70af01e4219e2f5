"""The budget-and-financing table as CSV, XLSX and PDF.

Every format renders the same `BudgetReport`, laid out as `budget_rows()` gives it, so the
formats cannot disagree with each other or with the page.
"""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import xlsx
from core.pdf import html_to_pdf, page_counter_content
from core.xlsx import safe_text
from grants.layout import budget_rows, header_row
from grants.queries import BudgetReport


def to_csv(report: BudgetReport) -> bytes:
    """Semicolon-separated, UTF-8 with BOM, as Danish Excel opens it; decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(report.title)])
    writer.writerow([safe_text(h) for h in header_row(report.table)])
    for row in budget_rows(report.table):
        writer.writerow(
            [safe_text(row.label)]
            + ["" if c is None else str(c).replace(".", ",") for c in row.cells]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def budget_book(report: BudgetReport) -> xlsx.Book:
    """The table as a workbook: amounts are numbers in 1.000 kr., whole ones as `#,##0`."""
    columns = [
        xlsx.Column(title, width=36 if index == 0 else 14, align_right=index > 0)
        for index, title in enumerate(header_row(report.table))
    ]
    sheet = xlsx.Sheet(
        title=_("Budget and financing"),
        columns=columns,
        above=[xlsx.Row([_("Budget and financing")], "heading"), [report.title]],
        rows=(
            xlsx.Row([row.label, *row.cells], "plain" if row.style == "line" else "bold")
            for row in budget_rows(report.table)
        ),
        freeze_columns=1,
        # The labels are the case paper's, compared cell by cell: kept exactly, as inline
        # strings, so a label that starts with "=" is still text.
        quote_formulas=False,
    )
    return xlsx.Book(title=report.title, sheets=[sheet])


def to_xlsx(report: BudgetReport) -> bytes:
    """An XLSX workbook of the table (see `budget_book`)."""
    return xlsx.to_bytes(budget_book(report))


def pdf_html(report: BudgetReport) -> str:
    """The HTML the PDF is rendered from; the footer's page counter escaped for CSS."""
    return render_to_string(
        "grants/budget_table_pdf.html", {"report": report, "page_counter": page_counter_content()}
    )


def to_pdf(report: BudgetReport) -> bytes:
    """A printable A4 PDF of the table, through the one PDF pipeline (no network access)."""
    return html_to_pdf(pdf_html(report))
