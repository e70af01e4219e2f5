"""`manage.py export_case ID -o FILE [--pdfa]`: the case presentation from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from grants.models import Case, Project
from tests.factories import CaseFactory
from tests.grants.cases.test_case_pdf import pdf_text, xmp_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("grants.cases.presentation.open_findings", lambda case: [])


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_case", *args, stdout=out)
    return out.getvalue()


def test_list_prints_each_case_id_first(seed: Project) -> None:
    case = Case.objects.get()
    other = CaseFactory.create(case_number="1-30-76-45-17")
    lines = _run("--list").splitlines()
    assert [line.split("\t")[0] for line in lines] == [str(case.pk), str(other.pk)]
    assert lines[0].endswith(case.title)
    assert "1-30-76-45-17" in lines[1]


def test_it_writes_the_seed_case_as_pdf(seed: Project, tmp_path: Path) -> None:
    case = Case.objects.get()
    target = tmp_path / "sag.pdf"
    output = _run(str(case.pk), "-o", str(target))

    content = target.read_bytes()
    assert content.startswith(b"%PDF-")
    assert str(target) in output
    assert xmp_values(content) == {"part": "3", "conformance": "A"}
    assert "Bevillingen udmøntes med 6 mio. kr. i 2018" in " ".join(
        pdf_text(content, tmp_path).split()
    )


def test_pdfa_is_still_accepted_and_writes_pdfa(tmp_path: Path) -> None:
    case = CaseFactory.create(title="Lille sag")
    target = tmp_path / "sag.pdf"
    _run(str(case.pk), "-o", str(target), "--pdfa")

    content = target.read_bytes()
    assert xmp_values(content) == {"part": "3", "conformance": "A"}
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert metadata is not None
    assert metadata.title == "Lille sag"


@pytest.mark.parametrize("bad_id", ["999", "abc", "case-1", "-1"])
def test_an_unknown_id_is_an_error_and_writes_nothing(bad_id: str, tmp_path: Path) -> None:
    CaseFactory.create()
    target = tmp_path / "sag.pdf"
    with pytest.raises(CommandError, match="--list"):
        _run(bad_id, "-o", str(target))
    assert not target.exists()


def test_an_id_without_a_file_is_an_error(db: None) -> None:
    case = CaseFactory.create()
    with pytest.raises(CommandError, match="-o FILE"):
        _run(str(case.pk))


def test_a_file_that_cannot_be_written_is_an_error(tmp_path: Path) -> None:
    case = CaseFactory.create()
    target = tmp_path / "no" / "such" / "folder" / "sag.pdf"
    with pytest.raises(CommandError, match="Cannot write"):
        _run(str(case.pk), "-o", str(target))
    assert not target.exists()
