"""Every kind of PDF Rummelig writes is tagged PDF/A-3a and PDF/UA-1: a structure tree with
headings in order, tables with header cells, lists as lists and figures with alternative text,
one document language, the title shown as the window's title, and the validator's approval."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from core.pdf import html_to_pdf
from demo.case_paper import stand_in_pdf
from grants.cases.pdf import case_pdf
from grants.cases.presentation import case_presentation
from grants.cases.services import attachment_add
from grants.exports import to_pdf as budget_pdf
from grants.models import Case, Project
from grants.queries import case_report
from meetings import services
from meetings.minutes import minutes_pdf
from meetings.models import ItemDecision, Meeting
from meetings.pack import agenda_pack
from spending.exports import to_pdf as money_pdf
from spending.figures import project_money
from tests.factories import StaffFactory
from tests.meetings.factories import MeetingFactory, balanced_case
from tests.pdf_checks import conformance, failures, structure

NO_FAILURES: dict[str, list[str]] = {"3a": [], "ua1": []}


def assert_tagged(content: bytes, language: str = "da") -> None:
    """What every Rummelig PDF holds, whatever its kind."""
    assert conformance(content) == {"pdfa": "3A", "pdfua": "1"}
    found = structure(content)
    assert found.lang == language
    assert found.marked
    assert found.display_doc_title
    assert found.tags[0] != "NonStruct"
    headings = [int(tag[1]) for tag in found.headings]
    assert headings and headings[0] == 1
    # No level is skipped on the way down (going back up is allowed).
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings)), headings
    assert failures(content) == NO_FAILURES


def assert_tables(content: bytes) -> None:
    tags = structure(content).tags
    for tag in ("Table", "TR", "TH", "TD"):
        assert tag in tags, tag


def test_the_pipeline_tags_headings_lists_tables_and_figures_with_their_alt() -> None:
    content = html_to_pdf(
        '<!DOCTYPE html><html lang="da"><head><title>Prøve</title></head><body>'
        "<h1>Overskrift</h1><h2>Afsnit</h2><p>Tekst</p><ul><li>en</li><li>to</li></ul>"
        '<table><thead><tr><th scope="col">Post</th><th scope="col">Beløb</th></tr></thead>'
        '<tbody><tr><th scope="row">Løn</th><td>1.000</td></tr></tbody></table>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" role="img">'
        '<title>Søjle for 2026</title><rect width="40" height="20" fill="#333"/></svg>'
        "</body></html>"
    )
    assert_tagged(content)
    assert_tables(content)
    found = structure(content)
    assert found.headings == ["H1", "H2"]
    assert {"L", "LI", "LBody", "P", "Figure"} <= set(found.tags)
    assert found.alts["Figure"] == ["Søjle for 2026"]


def test_a_pdf_without_tags_fails_the_validator() -> None:
    # The validator does look: a PDF/A-3b from WeasyPrint's own defaults is neither 3a nor UA.
    plain = HTML(string="<html><body><p>x</p></body></html>").write_pdf(pdf_variant="pdf/a-3b")
    found = failures(plain)
    assert found["3a"] and found["ua1"]
    assert structure(plain).tags == []


@pytest.mark.django_db
def test_the_case_pdf_is_tagged_with_sections_tables_and_lists(seed: Project) -> None:
    with translation.override("da"):
        content = case_pdf(case_presentation(Case.objects.get()))
    assert_tagged(content)
    assert_tables(content)
    found = structure(content)
    assert found.headings.count("H1") == 1
    assert found.headings.count("H2") == 7  # summary … references
    assert {"L", "LI"} <= set(found.tags)


@pytest.mark.django_db
def test_the_case_pdf_in_english_says_so(seed: Project) -> None:
    with translation.override("en"):
        content = case_pdf(case_presentation(Case.objects.get()))
    assert_tagged(content, language="en")


@pytest.mark.django_db
def test_the_budget_table_pdf_is_a_tagged_table(seed: Project) -> None:
    with translation.override("da"):
        content = budget_pdf(case_report(Case.objects.get()))
    assert_tagged(content)
    assert_tables(content)


@pytest.mark.django_db
def test_the_money_overview_pdf_is_tagged(seed: Project) -> None:
    with translation.override("da"):
        content = money_pdf(project_money(seed, today=date(2027, 1, 1)), warnings=True)
    assert_tagged(content)
    assert_tables(content)


def _meeting() -> Meeting:
    meeting = MeetingFactory.create(place="Regionshuset Viborg")
    for title in ("Grøn omstilling i Herning", "Robotter i Randers"):
        services.item_add(
            meeting=meeting, case=balanced_case(title=title), by=StaffFactory.create()
        )
    return meeting


@pytest.mark.django_db
def test_the_agenda_pack_is_tagged_with_its_contents_and_every_case() -> None:
    with translation.override("da"):
        content = agenda_pack(_meeting(), closed=True)
    assert_tagged(content)
    assert_tables(content)
    found = structure(content)
    # The cover's heading and the contents', then each case's title and sections.
    assert found.headings[:3] == ["H1", "H2", "H1"]
    assert found.headings.count("H1") == 1 + 2
    assert {"L", "LI"} <= set(found.tags)


@pytest.mark.django_db
def test_an_untagged_attachment_is_tagged_where_the_pack_holds_its_page() -> None:
    meeting = MeetingFactory.create()
    case = balanced_case(title="Sag med bilag")
    untagged = HTML(string="<html><body><p>BILAG side 1</p></body></html>").write_pdf()
    assert structure(untagged).tags == []
    staff = StaffFactory.create()
    attachment_add(
        case=case,
        title="Ansøgning",
        dated=None,
        upload=SimpleUploadedFile("ansoegning.pdf", untagged),
        by=staff,
    )
    services.item_add(meeting=meeting, case=case, by=staff)
    with translation.override("da"):
        content = agenda_pack(meeting, closed=True)
    assert_tagged(content)
    # The attachment's page is the last element of the pack, its text inside it.
    root: Any = PdfReader(io.BytesIO(content)).trailer["/Root"]
    last = root["/StructTreeRoot"]["/K"][0]
    element = last.get_object()["/K"][-1].get_object()
    assert element["/S"] == "/Div"
    assert element["/K"] == [0]
    assert element["/T"] == "Bilag: Ansøgning, 1"


@pytest.mark.django_db
def test_the_minutes_are_tagged_with_an_item_heading_each() -> None:
    meeting = _meeting()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    for item in meeting.items.all():
        services.decision_record(
            item=item,
            outcome=ItemDecision.Outcome.APPROVED,
            text="Godkendt",
            decided_on=meeting.date,
            by=StaffFactory.create(),
        )
    with translation.override("da"):
        content = minutes_pdf(meeting, closed=True)
    assert_tagged(content)
    assert structure(content).headings.count("H2") == 2


def test_the_demos_stand_in_attachment_is_tagged() -> None:
    assert_tagged(stand_in_pdf("Ansøgning", date(2026, 12, 7)))
