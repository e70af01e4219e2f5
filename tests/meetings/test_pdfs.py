"""The agenda pack and the minutes, read back as a reader's viewer would (pypdf, pdftotext).

The validator's verdict and the structure tree are tested in tests/core/test_tagged_pdfs.py;
these tests read the pages: the XMP identification (pdfaid part 3, conformance A), the output
intent, every font embedded, the text of every item extractable, and the page numbers.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from pypdf import PdfReader

from core.pdf import html_to_pdf
from grants.cases.services import attachment_add
from meetings import services
from meetings.minutes import minutes_pdf
from meetings.models import ItemDecision, Meeting
from meetings.pack import agenda_pack
from tests.factories import StaffFactory
from tests.grants.cases.test_case_pdf import pdf_text, unembedded_fonts, xmp_values
from tests.meetings.factories import MeetingFactory, balanced_case

pytestmark = pytest.mark.django_db

TITLES = ["Grøn omstilling i Herning", "Robotter i Randers", "Turisme ved Limfjorden"]
AMOUNTS = [1_000_000, 2_500_000, 7_000_000]
# As the budget table prints them, in thousands.
FIGURES = ["1.000", "2.500", "7.000"]


def attachment_pdf(marker: str, pages: int) -> bytes:
    body = "".join(
        f'<p style="break-after: page">{marker} side {n}</p>' for n in range(1, pages + 1)
    )
    return html_to_pdf(f"<html><body>{body}</body></html>")


def agenda(closed: tuple[int, ...] = ()) -> Meeting:
    """Three cases; the first with two PDF attachments (2 and 1 pages) and a text file."""
    meeting = MeetingFactory.create(place="Regionshuset Viborg")
    staff = StaffFactory.create()
    for index, (title, amount) in enumerate(zip(TITLES, AMOUNTS, strict=True), start=1):
        case = balanced_case(title=title, amount=amount)
        if index == 1:
            for name, data in [
                ("Ansøgning", attachment_pdf("BILAGA", 2)),
                ("Budgetbilag", attachment_pdf("BILAGB", 1)),
            ]:
                attachment_add(
                    case=case,
                    title=name,
                    dated=None,
                    upload=SimpleUploadedFile(f"{name}.pdf", data),
                    by=staff,
                )
            attachment_add(
                case=case,
                title="Noter",
                dated=None,
                upload=SimpleUploadedFile("noter.txt", b"Bare tekst\n"),
                by=staff,
            )
        services.item_add(
            meeting=meeting, case=case, closed=index in closed, by=StaffFactory.create()
        )
    return meeting


def pages_of(text: str) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    return [" ".join(page.split()) for page in text.split("\f")]


def toc_page(toc: str, label: str) -> int:
    """The page number the table of contents gives on the line naming `label`."""
    line = next(line for line in toc.splitlines() if label in line)
    match = re.search(r"(\d+)\s*$", line)
    assert match, line
    return int(match.group(1))


def outline_entries(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page index, [(child title, page index)]) of the outline's top level."""
    entries: list[tuple[str, int, list[tuple[str, int]]]] = []

    def at(entry: Any) -> tuple[str, int]:
        page = reader.get_destination_page_number(entry)
        assert page is not None
        return str(entry.title), page

    for entry in reader.outline:
        if isinstance(entry, list):
            title, page, _ = entries[-1]
            entries[-1] = (title, page, [at(child) for child in entry])
        else:
            entries.append((*at(entry), []))
    return entries


def test_the_pack_holds_cover_contents_items_in_order_and_their_attachments(
    tmp_path: Path,
) -> None:
    meeting = agenda()
    # The agenda's order, not the cases' creation order.
    services.item_move(item=meeting.items.get(number=3), up=True, by=StaffFactory.create())
    order = [TITLES[0], TITLES[2], TITLES[1]]
    figures = [FIGURES[0], FIGURES[2], FIGURES[1]]
    ticks: list[tuple[int, int, str]] = []
    content = agenda_pack(meeting, closed=True, progress=lambda d, t, n: ticks.append((d, t, n)))
    assert [tick[0] for tick in ticks] == [1, 2, 3, 4]
    assert {tick[1] for tick in ticks} == {4}

    text = pdf_text(content, tmp_path)
    pages = pages_of(text)
    reader = PdfReader(io.BytesIO(content))
    assert len(text.split("\f")) - 1 == len(reader.pages)  # a form feed ends every page

    # The cover: forum, date, place.
    assert "Vækstforum" in pages[0]
    assert "12. marts 2027" in pages[0]
    assert "Regionshuset Viborg" in pages[0]

    # The table of contents: every item's page is the page where its case paper starts.
    toc = text.split("\f")[1]
    starts = []
    for title in order:
        number = toc_page(toc, title)
        starts.append(number)
        assert title in pages[number - 1], title
        if number - 2 >= 2:  # the page before, unless it is the contents
            assert title not in pages[number - 2], title
    assert starts == sorted(starts)
    # Each item carries its own figures, in the agenda's order.
    for title, figure, start, end in zip(
        order, figures, starts, [*starts[1:], len(reader.pages) + 1], strict=True
    ):
        item_text = " ".join(pages[start - 1 : end - 1])
        assert title in item_text
        assert figure in item_text, (title, figure)

    # The first case's PDF attachments follow its item, where the contents say.
    first_attachment = toc_page(toc, "Ansøgning")
    second_attachment = toc_page(toc, "Budgetbilag")
    assert "BILAGA side 1" in pages[first_attachment - 1]
    assert "BILAGA side 2" in pages[first_attachment]
    assert "BILAGB side 1" in pages[second_attachment - 1]
    assert starts[0] < first_attachment < second_attachment < starts[1]
    assert second_attachment == first_attachment + 2
    # The text file is listed, not appended.
    assert "Noter" in toc
    assert "Bare tekst" not in text

    # Numbered through the pack, "Side N af T", on every page but the attachments' own.
    total = len(reader.pages)
    attachment_pages = {first_attachment, first_attachment + 1, second_attachment}
    for number, page in enumerate(pages[:total], start=1):
        footer = gettext("Page %(page)s of %(pages)s") % {"page": number, "pages": total}
        if number in attachment_pages:
            assert gettext("Page %(page)s of %(pages)s").split()[0] not in page, number
        else:
            assert page.endswith(footer), (number, page[-40:])

    # The outline: one entry per item, at its first page; one per appended attachment under it.
    entries = outline_entries(reader)
    assert len(entries) == 3
    assert [page + 1 for _, page, _ in entries] == starts
    assert [title for title, _, _ in entries] == [
        gettext("Item %(number)s. %(title)s") % {"number": n, "title": t}
        for n, t in enumerate(order, start=1)
    ]
    assert [(title, page + 1) for title, page in entries[0][2]] == [
        (gettext("Attachment: %(title)s") % {"title": "Ansøgning"}, first_attachment),
        (gettext("Attachment: %(title)s") % {"title": "Budgetbilag"}, second_attachment),
    ]
    assert entries[1][2] == entries[2][2] == []


def test_the_pack_is_pdfa_with_embedded_fonts_and_its_metadata(tmp_path: Path) -> None:
    content = agenda_pack(agenda(), closed=True)
    assert xmp_values(content) == {"part": "3", "conformance": "A"}
    reader = PdfReader(io.BytesIO(content))
    root: Any = reader.trailer["/Root"]
    assert "/OutputIntents" in root
    assert reader.trailer.get("/ID")
    assert unembedded_fonts(content) == []
    metadata = reader.metadata
    assert metadata is not None
    assert "Vækstforum" in (metadata.title or "")
    assert metadata.author == "Region Midtjylland, Regional Udvikling"
    # Every item's text is extractable.
    text = " ".join(pdf_text(content, tmp_path).split())
    for title in TITLES:
        assert title in text


def test_the_published_pack_leaves_the_closed_items_out(tmp_path: Path) -> None:
    meeting = agenda(closed=(2,))
    text = pdf_text(agenda_pack(meeting, closed=False), tmp_path)
    assert TITLES[0] in text and TITLES[2] in text
    assert TITLES[1] not in text
    full = pdf_text(agenda_pack(meeting, closed=True), tmp_path)
    assert TITLES[1] in full


def test_the_minutes_hold_each_decision_in_order(tmp_path: Path) -> None:
    meeting = agenda(closed=(3,))
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    staff = StaffFactory.create()
    for item, outcome, note in zip(
        meeting.items.order_by("order"),
        [ItemDecision.Outcome.APPROVED, ItemDecision.Outcome.POSTPONED, ItemDecision.Outcome.NOTED],
        ["Godkendt uden bemærkninger", "Udsat til næste møde", "Lukket drøftelse"],
        strict=True,
    ):
        services.decision_record(
            item=item, outcome=outcome, text=note, decided_on=meeting.date, by=staff
        )
    content = minutes_pdf(meeting, closed=False)
    assert xmp_values(content) == {"part": "3", "conformance": "A"}
    assert unembedded_fonts(content) == []
    text = " ".join(pdf_text(content, tmp_path).split())
    first, second = text.index(TITLES[0]), text.index(TITLES[1])
    assert first < text.index("Godkendt uden bemærkninger") < second
    assert second < text.index("Udsat til næste møde")
    assert TITLES[2] not in text and "Lukket drøftelse" not in text
    assert "Regional Udvikling indstiller" in text


def test_the_pack_parses_each_pdf_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parsing a PDF costs about as much as joining it: the front matter and the case papers are
    # written as one PDF and parsed once, each attachment once (the reader that counted its
    # pages is the one its pages are inserted from).
    meeting = agenda()
    parses: list[object] = []
    init = PdfReader.__init__

    def counting(self: PdfReader, stream: Any, *args: Any, **kwargs: Any) -> None:
        parses.append(stream)
        init(self, stream, *args, **kwargs)

    monkeypatch.setattr(PdfReader, "__init__", counting)  # pypdf's own readers count too
    agenda_pack(meeting, closed=True)
    assert len(parses) == 1 + 2


def _embedded_fonts(reader: PdfReader) -> list[str]:
    """The base name of each distinct font descriptor the pages use, without subset prefix."""
    descriptors: dict[int, str] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for font in (ref.get_object() for ref in fonts.values()):
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                reference = (
                    part.get_object().raw_get("/FontDescriptor")
                    if "/FontDescriptor" in part
                    else None
                )
                if reference is not None:
                    name = str(reference.get_object()["/FontName"])
                    descriptors[reference.idnum] = name.split("+", 1)[-1]
    return list(descriptors.values())


def test_the_pack_embeds_each_font_once_for_all_its_cases() -> None:
    # Written as one PDF, not joined from a PDF per case, which carried a copy of each font per
    # case.
    meeting = MeetingFactory.create()
    for title, amount in zip(TITLES, AMOUNTS, strict=True):
        services.item_add(
            meeting=meeting,
            case=balanced_case(title=title, amount=amount),
            by=StaffFactory.create(),
        )
    fonts = _embedded_fonts(PdfReader(io.BytesIO(agenda_pack(meeting, closed=True))))
    assert fonts
    assert sorted(fonts) == sorted(set(fonts))
