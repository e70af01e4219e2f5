"""Importing expenditure lines from Excel: all or nothing, every problem by row and column."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import sheets
from spending.imports import reader
from spending.models import ExpenditureLine, SpendingReport
from spending.services import reports as report_services
from tests.spending.world import World

pytestmark = pytest.mark.django_db

GOOD: list[object] = [
    "2017-02-01",
    "2017-02-10",
    "Virksomhedsindsats",
    "SAL",
    "Løn februar",
    "F-1",
    40_000,
]


def _xlsx(rows: Sequence[Sequence[object]], header: Sequence[str] = reader.COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: Client, report: SpendingReport, content: bytes, name: str = "lines.xlsx"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("spending:line_import", args=[report.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def client_of(world: World) -> Client:
    client = Client()
    client.force_login(world.secretariat)
    return client


def test_a_good_sheet_adds_every_row_recorded_as_an_import(world: World, client_of: Client) -> None:
    report = world.report()
    rows = [
        GOOD,
        [
            datetime.datetime(2017, 3, 1),
            "01.03.2017",
            "borgerindsats",
            "Eksterne ydelser",
            "Kursus",
            "",
            "12.000",
        ],
    ]
    response = _upload(client_of, report, _xlsx(rows))
    assert response.status_code == 302
    lines = list(report.lines.order_by("spent_on"))
    assert [(line.amount, line.effort_area, line.cost_category) for line in lines] == [
        (40_000, world.area, world.salary),
        (12_000, world.other_area, world.external),
    ]
    record = lines[0].history.get()
    assert (record.history_user, record.history_change_reason) == (
        world.secretariat,
        "expenditure import",
    )


def test_bad_values_are_listed_by_row_and_column_and_nothing_is_saved(
    world: World, client_of: Client
) -> None:
    report = world.report()
    rows: list[list[object]] = [
        GOOD,
        ["1. februar", "2017-02-10", "Ukendt indsats", "FLAT18", "", "F-2", "12.000,50"],
        ["2016-12-31", "2017-02-10", "Virksomhedsindsats", "SAL", "Udenfor perioden", "", -5],
        ["2017-02-01", "2017-02-10", "Virksomhedsindsats", "NOPE", "x" * 301, "", 1],
    ]
    response = _upload(client_of, report, _xlsx(rows))
    assert response.status_code == 200
    problems = [(e.row, e.column) for e in response.context["row_errors"]]
    assert problems == [
        (3, "spent_on"),
        (3, "effort_area"),
        (3, "cost_category"),
        (3, "description"),
        (3, "amount"),
        (4, "amount"),
        (5, "cost_category"),
        (5, "description"),
    ]
    codes = {(e.row, e.column): e.code for e in response.context["row_errors"]}
    assert codes[(3, "cost_category")] == "flat_rate"
    assert codes[(3, "amount")] == "decimals"  # 12.000,50: øre
    assert codes[(4, "amount")] == "negative"
    assert 'id="import-errors"' in response.text
    assert not ExpenditureLine.objects.exists()


def test_a_date_outside_the_period_is_refused_by_the_model_rule(
    world: World, client_of: Client
) -> None:
    report = world.report()
    row = ["2016-12-31", "2017-02-10", "Virksomhedsindsats", "SAL", "For tidligt", "", 100]
    response = _upload(client_of, report, _xlsx([row]))
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [(2, "spent_on")]
    assert not ExpenditureLine.objects.exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"spent_on;amount\n2017-01-01;100\n", "not_excel"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old_excel"),
        (b"PK\x03\x04 not really a zip", "not_excel"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_as_a_whole(
    world: World, client_of: Client, content: bytes, code: str
) -> None:
    report = world.report()
    response = _upload(client_of, report, content, name="lines.xlsx")
    assert response.status_code == 200
    assert code in {e.code for e in response.context["form"].errors.as_data()["file"]}
    assert not ExpenditureLine.objects.exists()


def test_missing_and_unknown_columns_are_named(world: World, client_of: Client) -> None:
    report = world.report()
    header = [c for c in reader.COLUMNS if c != "amount"] + ["beløb"]
    response = _upload(client_of, report, _xlsx([GOOD], header=header))
    text = " ".join(str(e) for e in response.context["form"].errors["file"])
    assert "amount" in text and "beløb" in text
    assert not ExpenditureLine.objects.exists()


def test_a_sheet_without_rows_is_refused(world: World, client_of: Client) -> None:
    report = world.report()
    response = _upload(client_of, report, _xlsx([]))
    assert "no_rows" in {e.code for e in response.context["form"].errors.as_data()["file"]}


def test_more_rows_than_the_limit_are_refused(
    world: World, client_of: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    report = world.report()
    response = _upload(client_of, report, _xlsx([GOOD] * 4))
    assert "too_many_rows" in {e.code for e in response.context["form"].errors.as_data()["file"]}
    assert not ExpenditureLine.objects.exists()


def test_a_file_above_the_size_limit_is_refused_before_reading(
    world: World, client_of: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_UPLOAD_BYTES", 100)
    report = world.report()
    response = _upload(client_of, report, _xlsx([GOOD]))
    assert "too_large" in {e.code for e in response.context["form"].errors.as_data()["file"]}


def test_a_zip_bomb_is_refused(
    world: World, client_of: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_UNPACKED_BYTES", 1_000)
    report = world.report()
    response = _upload(client_of, report, _xlsx([GOOD] * 50))
    assert "too_large" in {e.code for e in response.context["form"].errors.as_data()["file"]}


def test_a_submitted_report_takes_no_import(world: World, client_of: Client) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    response = _upload(client_of, report, _xlsx([GOOD]))
    assert response.status_code == 200
    assert "frozen" in {e.code for e in response.context["form"].non_field_errors().as_data()}
    assert report.lines.count() == 1


def test_the_template_lists_the_areas_and_categories(world: World, client_of: Client) -> None:
    report = world.report()
    response = client_of.get(reverse("spending:line_import_template", args=[report.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    first, help_sheet = book.worksheets
    assert [cell.value for cell in first[1]] == list(reader.COLUMNS)
    texts = {str(cell.value) for row in help_sheet.iter_rows() for cell in row if cell.value}
    assert {"Virksomhedsindsats", "SAL", "FLAT18"} <= texts
    assert zipfile.is_zipfile(io.BytesIO(response.content))
