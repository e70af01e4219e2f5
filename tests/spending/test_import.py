"""Importing expenditure lines from Excel: all or nothing, every problem by row and column."""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager as ContextManager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone
from openpyxl import Workbook, load_workbook

from core import sheets
from spending.imports import reader
from spending.models import ExpenditureImport, ExpenditureLine, SpendingReport
from spending.services import reports as report_services
from tests.spending.world import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
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


def _upload(  # type: ignore[no-untyped-def]
    client: Client,
    report: SpendingReport,
    content: bytes,
    name: str = "lines.xlsx",
    replace: str | None = None,
):
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content)}
    if replace is not None:
        data["replace"] = replace
    return client.post(reverse("spending:line_import", args=[report.pk]), data)


def _rows(count: int, first: int = 1) -> list[list[object]]:
    """`count` good rows, each its own amount."""
    return [[*GOOD[:4], f"Udgift {n}", f"F-{n}", 1_000 + n] for n in range(first, first + count)]


def _refusal_codes(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.code for e in response.context["form"].non_field_errors().as_data()}


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


# --- One file, one import per report ------------------------------------------------------


def test_an_import_keeps_the_files_fingerprint_name_rows_and_author(
    world: World, client_of: Client
) -> None:
    report = world.report()
    content = _xlsx(_rows(3))
    _upload(client_of, report, content, name="regnskab marts.xlsx")
    record = ExpenditureImport.objects.get()
    assert (record.report, record.fingerprint, record.filename, record.row_count) == (
        report,
        hashlib.sha256(content).hexdigest(),
        "regnskab marts.xlsx",
        3,
    )
    assert record.imported_by == world.secretariat
    assert set(report.lines.values_list("source_import", flat=True)) == {record.pk}
    assert record.history.get().history_user == world.secretariat


def test_the_same_file_again_is_refused_naming_when_and_by_whom(
    world: World, client_of: Client
) -> None:
    world.secretariat.first_name, world.secretariat.last_name = "Lene", "Holm"
    world.secretariat.save()
    report = world.report()
    content = _xlsx(_rows(3))
    assert _upload(client_of, report, content).status_code == 302
    imported_at = ExpenditureImport.objects.get().imported_at

    # Under another name it is still the same file.
    response = _upload(client_of, report, content, name="kopi.xlsx")

    assert response.status_code == 200
    assert _refusal_codes(response) == {"already_imported"}
    (message,) = response.context["form"].non_field_errors()
    assert "Lene Holm" in message and "lines.xlsx" in message
    assert formats.date_format(timezone.localtime(imported_at), "DATETIME_FORMAT") in message
    assert "Lene Holm" in response.text
    earlier = response.text.split('id="earlier-imports"', 1)[1].split("</table>", 1)[0]
    assert "lines.xlsx" in earlier and "Lene Holm" in earlier
    assert report.lines.count() == 3
    assert ExpenditureImport.objects.count() == 1


def test_the_same_file_into_another_report_is_imported(world: World, client_of: Client) -> None:
    content = _xlsx(_rows(2))
    first = world.report()
    second = world.report(period_start=datetime.date(2017, 1, 2))
    assert _upload(client_of, first, content).status_code == 302
    assert _upload(client_of, second, content).status_code == 302
    assert (first.lines.count(), second.lines.count()) == (2, 2)


def test_another_file_into_the_same_report_is_added(world: World, client_of: Client) -> None:
    report = world.report()
    assert _upload(client_of, report, _xlsx(_rows(2))).status_code == 302
    assert _upload(client_of, report, _xlsx(_rows(2, first=3))).status_code == 302
    assert report.lines.count() == 4
    assert report.imports.count() == 2


def test_replacing_puts_the_files_rows_in_place_of_its_earlier_lines(
    world: World, client_of: Client
) -> None:
    report = world.report()
    content = _xlsx(_rows(3))
    _upload(client_of, report, content)
    earlier = list(report.lines.order_by("pk"))
    # A line changed since the import goes with it; a line entered by hand stays.
    report_services.line_update(
        line=earlier[0], by=world.secretariat, fields={"description": "Rettet"}
    )
    by_hand = world.line(report)
    admin = Client()
    admin.force_login(world.admin)

    response = _upload(admin, report, content, name="igen.xlsx", replace="on")

    assert response.status_code == 302
    record = ExpenditureImport.objects.get()
    lines = set(report.lines.values_list("pk", flat=True))
    assert by_hand.pk in lines  # type: ignore[attr-defined]
    assert not lines & {line.pk for line in earlier}
    assert record.lines.count() == 3
    assert (record.filename, record.imported_by) == ("igen.xlsx", world.admin)
    deleted = ExpenditureLine.history.filter(history_type="-")
    assert sorted(deleted.values_list("id", flat=True)) == [line.pk for line in earlier]
    assert {(h.history_user, h.history_change_reason) for h in deleted} == {
        (world.admin, "expenditure import replaced")
    }
    assert [h.history_user for h in record.history.order_by("history_date")] == [
        world.secretariat,
        world.admin,
    ]
    page = admin.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "3 udgiftslinjer blev importeret. De 3 linjer fra den tidligere import af filen blev "
        "slettet."
    ]


def test_replacing_deletes_the_attachments_of_the_deleted_lines_once_committed(
    world: World,
    client_of: Client,
    django_capture_on_commit_callbacks: Callable[..., ContextManager[list[Callable[[], None]]]],
) -> None:
    report = world.report()
    content = _xlsx(_rows(1))
    _upload(client_of, report, content)
    line = report.lines.get()
    receipt = SimpleUploadedFile("kvittering.pdf", PDF, "application/pdf")
    report_services.line_update(line=line, by=world.secretariat, fields={}, attachment=receipt)
    line.refresh_from_db()
    storage, name = line.attachment.storage, line.attachment.name
    assert name and storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(client_of, report, content, replace="on").status_code == 302

    assert not storage.exists(name)


def test_a_replacement_with_a_bad_row_keeps_the_earlier_lines(
    world: World, client_of: Client
) -> None:
    report = world.report()
    content = _xlsx(_rows(2))
    _upload(client_of, report, content)
    earlier = set(report.lines.values_list("pk", flat=True))
    # The same file no longer fits: its effort area has been retired since.
    world.area.retired = True
    world.area.save()

    response = _upload(client_of, report, content, replace="on")

    assert response.status_code == 200
    assert {(e.row, e.column) for e in response.context["row_errors"]} == {
        (2, "effort_area"),
        (3, "effort_area"),
    }
    assert set(report.lines.values_list("pk", flat=True)) == earlier
    assert not ExpenditureLine.history.filter(history_type="-").exists()
    assert ExpenditureImport.objects.get().row_count == 2


def test_replace_ticked_for_a_new_file_simply_imports_it(world: World, client_of: Client) -> None:
    report = world.report()
    assert _upload(client_of, report, _xlsx(_rows(2)), replace="on").status_code == 302
    assert report.lines.count() == 2


def test_the_replace_box_is_empty_until_ticked(world: World, client_of: Client) -> None:
    report = world.report()
    page = client_of.get(reverse("spending:line_import", args=[report.pk]))
    box = page.text.split('id="id_replace"', 1)[0].rsplit("<input", 1)[1]
    assert 'type="checkbox"' in box and "checked" not in box
    assert 'id="id_replace_helptext"' in page.text


@pytest.mark.parametrize("value", ["0", "false", "off", "yes", "on on", "x" * 5_000, "\x00"])
def test_a_replace_value_other_than_ticked_is_refused_and_nothing_replaced(
    world: World, client_of: Client, value: str
) -> None:
    report = world.report()
    content = _xlsx(_rows(2))
    _upload(client_of, report, content)
    earlier = set(report.lines.values_list("pk", flat=True))

    response = _upload(client_of, report, content, replace=value)

    assert response.status_code == 200
    assert "replace" in response.context["form"].errors
    assert 'id="id_replace_error"' in response.text
    assert set(report.lines.values_list("pk", flat=True)) == earlier


# --- The domain's rules, row by row ---------------------------------------------------------


def test_an_amount_of_0_and_a_payment_before_the_expense_are_refused_by_row_and_column(
    world: World, client_of: Client
) -> None:
    report = world.report()
    rows = [
        GOOD,
        [*GOOD[:6], 0],
        ["2017-02-10", "2017-02-09", *GOOD[2:]],
        ["2017-02-10", "2017-02-10", *GOOD[2:]],
    ]
    response = _upload(client_of, report, _xlsx(rows))
    assert response.status_code == 200
    problems = {(e.row, e.column): e.message for e in response.context["row_errors"]}
    assert set(problems) == {(3, "amount"), (4, "paid_on")}
    assert "0 kr." in problems[(3, "amount")]
    assert "10.02.2017" in problems[(4, "paid_on")]
    assert not ExpenditureLine.objects.exists()
    assert not ExpenditureImport.objects.exists()


# --- Speed: no query per row ------------------------------------------------------------------


def _queries(client: Client, report: SpendingReport, content: bytes, replace: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _upload(client, report, content, replace=replace or None)
    assert response.status_code == 302
    return len(queries)


def test_an_imports_queries_stay_flat_as_its_rows_grow(world: World, client_of: Client) -> None:
    # Both within one batch of inserts: SQLite takes about 50 lines per statement.
    few, many = _xlsx(_rows(2)), _xlsx(_rows(40))
    small = _queries(client_of, world.report(), few)
    large = _queries(client_of, world.report(period_start=datetime.date(2017, 1, 2)), many)
    assert small == large
    assert large <= 25


def test_a_replacements_queries_stay_flat_as_its_rows_grow(world: World, client_of: Client) -> None:
    counts = []
    for rows, day in ((2, 1), (40, 2)):
        report = world.report(period_start=datetime.date(2017, 1, day))
        content = _xlsx(_rows(rows))
        _upload(client_of, report, content)
        counts.append(_queries(client_of, report, content, replace="on"))
    assert counts[0] == counts[1]
    assert counts[1] <= 30
