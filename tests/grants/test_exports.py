"""The seed case's table in every format, cell by cell against the case paper."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.pdf import page_counter_content
from core.xlsx import safe_text
from grants.exports import pdf_html, to_csv, to_pdf, to_xlsx
from grants.models import Case, Project
from grants.queries import case_report, decision_report, project_report
from tests.factories import BudgetLineFactory, DecisionFactory, EffortAreaFactory
from tests.seed import seed_table

pytestmark = pytest.mark.django_db

# The case paper prints the financing total without a label.
SEED_LABELS = {"": "Finansiering i alt"}


def _xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_of_the_seed_case_equals_the_case_papers_table_cell_by_cell(seed: Project) -> None:
    header, expected = seed_table()
    with translation.override("da"):
        content = to_xlsx(case_report(Case.objects.get()))

    rows = _xlsx_rows(content)
    assert rows[0] == ["Budget og finansiering", None, None, None, None]
    assert rows[2] == header
    body = rows[3:]
    assert len(body) == len(expected)
    for (label, values), row in zip(expected, body, strict=True):
        assert row[0] == SEED_LABELS.get(label, label)
        assert row[1:] == values, label
        assert all(isinstance(v, int | None) for v in row[1:]), "numbers must be numbers"


def test_xlsx_amounts_carry_a_thousands_format(seed: Project) -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx(case_report(Case.objects.get())))).active
    assert sheet is not None
    assert sheet["D5"].value == 4000
    assert sheet["D5"].number_format == "#,##0"
    assert sheet["A8"].font.b  # "Budget i alt" is bold, as a total


def test_xlsx_opens_in_libreoffice_with_the_same_cells(seed: Project, tmp_path: Path) -> None:
    if shutil.which("libreoffice") is None:
        message = "XLSX check needs LibreOffice: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    header, expected = seed_table()
    path = tmp_path / "seed.xlsx"
    with translation.override("da"):
        path.write_bytes(to_xlsx(case_report(Case.objects.get())))
    # 59 = ";" between fields, 34 = '"' around text, 76 = UTF-8.
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "seed.csv").read_text("utf-8")), delimiter=";"))
    assert rows[2] == header
    for (label, values), row in zip(expected, rows[3:], strict=True):
        assert row[0] == SEED_LABELS.get(label, label)
        shown = [cell.replace(",", "").replace(".", "") for cell in row[1:]]
        assert shown == ["" if v is None else str(v) for v in values]


def test_csv_of_the_seed_case_has_the_same_cells(seed: Project) -> None:
    header, expected = seed_table()
    with translation.override("da"):
        content = to_csv(case_report(Case.objects.get())).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))

    assert rows[1] == header
    for (label, values), row in zip(expected, rows[2:], strict=True):
        assert row[0] == SEED_LABELS.get(label, label)
        assert row[1:] == ["" if v is None else str(v) for v in values]


def test_pdf_of_the_seed_case_shows_every_figure_in_danish_format(seed: Project) -> None:
    _, expected = seed_table()
    with translation.override("da"):
        content = to_pdf(case_report(Case.objects.get()))

    assert content.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for label, values in expected:
        if label:
            assert label in text
        for value in values:
            if value is not None:
                assert f"{value:,}".replace(",", ".") in text


def test_pdf_footer_counts_pages_through_the_escaped_counter(seed: Project) -> None:
    with translation.override("da"):
        html = pdf_html(case_report(Case.objects.get()))
        counter = page_counter_content()
    assert f"content: {counter};" in html
    assert counter == '"Side " counter(page) " af " counter(pages)'


def test_project_table_shows_the_original_grant_as_an_unsplit_period(seed: Project) -> None:
    with translation.override("da"):
        rows = _xlsx_rows(to_xlsx(project_report(seed)))
    assert rows[2][:2] == ["1.000 kr.", "2016–2018 (ikke fordelt på år)"]
    esf = next(r for r in rows if r[0] == "EU's Socialfond")
    rem = next(r for r in rows if r[0] == "Region Midtjylland REM midler")
    assert esf[1] == Decimal("19500") or esf[1] == 19500
    assert rem[1] == 10000
    total = next(r for r in rows if r[0] == "Total")
    assert total == ["Total", None, 0, 0, 0, 0]


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_written_as_text(evil: str) -> None:
    assert safe_text(evil).startswith("'")
    decision = DecisionFactory.create()
    BudgetLineFactory.create(
        decision=decision, effort_area=EffortAreaFactory.create(project=decision.project, name=evil)
    )
    report = decision_report(decision)
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    assert sheet is not None
    cell = next(c for c in sheet["A"] if c.value and str(c.value).endswith(evil[1:]))
    assert cell.data_type == "s"
    assert cell.value == evil
    rows = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows if row[0].endswith(evil)] == [f"'{evil}"]


def test_download_views_send_files_with_names(staff_client: Client, seed: Project) -> None:
    case = Case.objects.get()
    response = staff_client.get(
        reverse("grants:budget_table_export", args=["case", case.pk, "xlsx"])
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="budget-og-finansiering-')
    assert _xlsx_rows(response.content)[2] == seed_table()[0]
    pdf = staff_client.get(reverse("grants:budget_table_export", args=["case", case.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"


def test_printable_table_page_matches_the_seed(staff_client: Client, seed: Project) -> None:
    case = Case.objects.get()
    html = staff_client.get(reverse("grants:budget_table", args=["case", case.pk])).content.decode()
    for needle in [
        "Budget i alt",
        '<td class="amount">12.000</td>',
        '<td class="amount">-12.000</td>',
    ]:
        assert needle in html
