"""One expenditure file imported into one report several times at once is imported once.

Each upload runs through the real page in its own thread with its own connection, as under a
real server (see tests/test_concurrent_writes.py for the shapes of race). An import locks the
report's row, so a second import of the file waits for the first and then finds its record;
where a write gets past that lock, the unique constraint on (report, fingerprint) refuses it,
with the same message. On SQLite a write transaction holds the database's write lock from its
start, which serialises the imports the same way.
"""

from __future__ import annotations

import datetime
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from openpyxl import Workbook

from core.sheets import fingerprint
from spending.imports import reader
from spending.imports.services import lines_import
from spending.models import ExpenditureImport, ExpenditureLine, SpendingReport
from tests.spending.world import World, build_world
from tests.test_concurrent_writes import (
    WAIT,
    Outcome,
    _until_waiting,
    crowd,
    held,
    logged_in,
    no_server_error,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 30


@dataclass
class Upload:
    world: World
    report: SpendingReport
    content: bytes

    def post(self) -> Callable[[], Response]:
        client = logged_in(self.world.secretariat)
        url = reverse("spending:line_import", args=[self.report.pk])

        def upload() -> Response:
            return client.post(url, {"file": SimpleUploadedFile("udgifter.xlsx", self.content)})

        return upload


@pytest.fixture
def upload() -> Upload:
    world = build_world()
    world.secretariat.first_name, world.secretariat.last_name = "Lene", "Holm"
    world.secretariat.save()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(reader.COLUMNS))
    for n in range(ROWS):
        spent = datetime.date(2017, 2, 1 + n % 28)
        sheet.append([spent, spent, "Virksomhedsindsats", "SAL", f"Udgift {n}", "", 1_000 + n])
    buffer = io.BytesIO()
    book.save(buffer)
    return Upload(world=world, report=world.report(), content=buffer.getvalue())


def _refused(outcome: Outcome) -> None:
    """The page the same file gets when it is sent again: nothing imported, and why."""
    assert outcome.status == 200
    assert outcome.response is not None
    alert = unescape(outcome.response.text.split('class="alert alert-error', 1)[1])
    assert "Denne fil blev importeret til regnskabet den" in alert
    assert "af Lene Holm (udgifter.xlsx, 30 rækker)" in alert


def _imported_once(upload: Upload) -> None:
    record = ExpenditureImport.objects.get()
    assert record.report_id == upload.report.pk
    assert ExpenditureLine.objects.count() == ROWS
    assert set(ExpenditureLine.objects.values_list("source_import", flat=True)) == {record.pk}
    assert ExpenditureLine.history.count() == ROWS


def test_an_import_that_loses_the_race_is_refused_naming_the_first(upload: Upload) -> None:
    first, second = held(upload.post(), upload.post())

    assert first.status == 302
    _refused(second)
    _imported_once(upload)


def test_one_file_imported_five_times_at_once_imports_once(upload: Upload) -> None:
    outcomes = crowd([upload.post() for _ in range(5)])

    no_server_error(outcomes)
    assert sorted(o.status or 0 for o in outcomes) == [200, 200, 200, 200, 302]
    for outcome in outcomes:
        if outcome.status == 200:
            _refused(outcome)
    _imported_once(upload)


def test_a_record_written_past_the_reports_lock_is_refused_with_the_same_message(
    upload: Upload,
) -> None:
    """A writer that skips the report's lock (a future path, a script): the constraint is the
    guarantee. On PostgreSQL the import waits at its insert for the other's transaction and
    then loses to the constraint; on SQLite it waits for the write lock and finds the record."""
    rows = reader.read_sheet(io.BytesIO(upload.content))
    sha = fingerprint(io.BytesIO(upload.content))
    inserted, commit = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def sneak_in() -> None:
        try:
            with transaction.atomic():
                ExpenditureImport.objects.create(
                    report_id=upload.report.pk,
                    fingerprint=sha,
                    filename="udgifter.xlsx",
                    row_count=ROWS,
                    imported_by=upload.world.secretariat,
                )
                inserted.set()
                assert commit.wait(WAIT)
        except BaseException as exc:  # pragma: no cover - reported below
            outcomes["sneak"] = exc
            inserted.set()
        finally:
            connection.close()

    def importing() -> None:
        try:
            outcomes["import"] = lines_import(
                report=upload.report,
                rows=rows,
                fingerprint=sha,
                filename="andet navn.xlsx",
                by=upload.world.admin,
            )
        except BaseException as exc:
            outcomes["import"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=sneak_in)
    one.start()
    assert inserted.wait(WAIT)
    assert "sneak" not in outcomes, outcomes["sneak"]
    two = threading.Thread(target=importing)
    two.start()
    try:
        _until_waiting(two)
    finally:
        commit.set()
        one.join(WAIT)
        two.join(WAIT)
    assert not one.is_alive() and not two.is_alive()
    refusal = outcomes["import"]
    assert isinstance(refusal, ValidationError), str(refusal)
    (message,) = refusal.messages
    assert "af Lene Holm (udgifter.xlsx, 30 rækker)" in message
    assert ExpenditureImport.objects.count() == 1
    assert not ExpenditureLine.objects.exists()
