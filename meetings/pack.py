"""The agenda pack: one PDF/A of a meeting's agenda, through the one PDF pipeline.

A cover with the forum, date and place and a table of contents, then for each item the case
presentation exactly as the case PDF lays it out (`grants.cases.pdf.case_document`, the same
template and table), followed by the case's PDF attachments; an outline (bookmarks) with one
entry per item and, under it, one per attachment. The table of contents is laid out once the
parts' page counts are known, so its page numbers are those of the pack (again until its own
length is stable).

The front matter and the case presentations are written by WeasyPrint as one PDF/A-3b
(`core.pdf.documents_to_pdf`: XMP metadata and output intent of the front matter, each font
embedded once), not as a PDF per case joined afterwards: joining thirty PDFs copied thirty sets
of fonts and cost a tenth more than the cases' own rendering. pypdf then inserts the attachments
after their items and writes the outline; the pack keeps the catalogue. Each PDF is parsed once.
An uploaded attachment is appended as it is: when it is not PDF/A itself (fonts not embedded,
say), the pack is not strictly PDF/A.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from weasyprint.document import Document

from core.pdf import documents_to_pdf, render
from grants.models import CaseAttachment
from grants.public import AUTHOR, case_document, case_presentation
from meetings.models import AgendaItem, Meeting

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
# The table of contents is rendered until its length no longer moves the pages after it.
MAX_FRONT_RENDERS = 4


@dataclass(frozen=True)
class AttachmentPart:
    title: str
    pdf: bytes | None  # None: listed, not appended (not a PDF, or not a readable one)
    pages: int
    note: str = ""  # why it is not appended
    first_page: int = 0  # in the pack, 1-based; 0 until laid out
    # `pdf` as parsed when its pages were counted, so that joining does not parse it again
    reader: PdfReader | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ItemPart:
    number: int
    title: str
    project: str
    kind: str
    closed: bool
    pages: int
    attachments: tuple[AttachmentPart, ...]
    first_page: int = 0
    # the case presentation laid out (None in the layout's own tests)
    document: Document | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class MeetingFacts:
    forum: str
    date: date
    place: str


def parsed(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def lay_out(front_pages: int, parts: Sequence[ItemPart]) -> list[ItemPart]:
    """`parts` with the first page of each item and attachment, after `front_pages`. Pure."""
    page = front_pages + 1
    laid: list[ItemPart] = []
    for part in parts:
        start = page
        page += part.pages
        attachments = []
        for attachment in part.attachments:
            if attachment.pdf is None:
                attachments.append(replace(attachment, first_page=0))
                continue
            attachments.append(replace(attachment, first_page=page))
            page += attachment.pages
        laid.append(replace(part, first_page=start, attachments=tuple(attachments)))
    return laid


def pack_title(facts: MeetingFacts) -> str:
    return _("Agenda: %(forum)s %(date)s") % {
        "forum": facts.forum,
        "date": date_format(facts.date),
    }


def front_html(facts: MeetingFacts, parts: Sequence[ItemPart]) -> str:
    """The cover and table of contents, for `parts` laid out (`lay_out`)."""
    now = timezone.localtime().replace(microsecond=0).isoformat()
    return render_to_string(
        "meetings/agenda_pack_front.html",
        {
            "facts": facts,
            "title": pack_title(facts),
            "parts": parts,
            "author": AUTHOR,
            "language": translation.get_language() or "da",
            "created": now,
        },
    )


def _attachment_part(attachment: CaseAttachment) -> AttachmentPart:
    if attachment.content_type != "application/pdf":
        return AttachmentPart(attachment.title, None, 0, _("not a PDF: not appended"))
    try:
        with attachment.file.open("rb") as stored:
            data = stored.read()
        reader = parsed(data)
        if reader.is_encrypted:
            return AttachmentPart(attachment.title, None, 0, _("encrypted: not appended"))
        pages = len(reader.pages)
    except (OSError, PyPdfError, ValueError) as exc:
        logger.warning("Attachment %s is not appended: %s", attachment.pk, exc)
        return AttachmentPart(attachment.title, None, 0, _("not readable: not appended"))
    if not pages:
        return AttachmentPart(attachment.title, None, 0, _("empty: not appended"))
    return AttachmentPart(attachment.title, data, pages, reader=reader)


def pack_items(meeting: Meeting, *, closed: bool) -> list[AgendaItem]:
    """The items the pack holds, in agenda order: with the closed ones only when `closed`."""
    items = meeting.items.select_related("case__project").order_by("order", "pk")
    if not closed:
        items = items.filter(closed=False)
    return list(items)


def render_item(item: AgendaItem) -> ItemPart:
    """One item: its case presentation laid out as the case PDF's pages, and its attachments."""
    document = case_document(case_presentation(item.case), pdfa=True)
    attachments = tuple(
        _attachment_part(attachment)
        for attachment in CaseAttachment.objects.filter(case_id=item.case_id).order_by(
            "order", "pk"
        )
    )
    return ItemPart(
        number=item.number,
        title=item.case.title,
        project=item.case.project.name,
        kind=str(item.get_kind_display()),
        closed=item.closed,
        pages=len(document.pages),
        attachments=attachments,
        document=document,
    )


def assemble(front: Document, parts: Sequence[ItemPart]) -> bytes:
    """The front matter and the items' pages written as one PDF/A, then each item's
    attachments inserted after it and the outline; `parts` laid out (`lay_out`) after `front`."""
    documents = [front]
    for part in parts:
        if part.document is None:
            raise ValueError(f"item {part.number} has not been rendered")
        documents.append(part.document)
    writer = PdfWriter(clone_from=parsed(documents_to_pdf(documents, pdfa=True, bookmarks=False)))
    for part in parts:
        entry = writer.add_outline_item(
            title=_("Item %(number)s. %(title)s") % {"number": part.number, "title": part.title},
            page_number=part.first_page - 1,
        )
        for attachment in part.attachments:
            if attachment.pdf is None:
                continue
            # inserted in the pack's order, so each lands on the page the layout gave it
            source = attachment.reader or parsed(attachment.pdf)
            writer.merge(attachment.first_page - 1, source, import_outline=False)
            writer.add_outline_item(
                title=_("Attachment: %(title)s") % {"title": attachment.title},
                page_number=attachment.first_page - 1,
                parent=entry,
            )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# About this many rows of the table of contents fit on a page (a first guess: the layout below
# renders again until the count is right, so a wrong guess costs a render, not a wrong page).
TOC_ROWS_PER_PAGE = 22


def front_pages_guess(parts: Sequence[ItemPart]) -> int:
    """The cover and the pages the table of contents will likely take. Pure."""
    rows = sum(1 + len(part.attachments) for part in parts)
    return 1 + max(1, -(-rows // TOC_ROWS_PER_PAGE))


def build_pack(facts: MeetingFacts, parts: Sequence[ItemPart]) -> bytes:
    """The pack of rendered `parts`: the front matter is laid out until its length is stable."""
    front_pages = front_pages_guess(parts)
    for _attempt in range(MAX_FRONT_RENDERS):
        laid = lay_out(front_pages, parts)
        front = render(front_html(facts, laid), pdfa=True)
        rendered = len(front.pages)
        if rendered == front_pages:
            return assemble(front, laid)
        front_pages = rendered
    raise RuntimeError("The table of contents did not settle on a length")  # pragma: no cover


def meeting_facts(meeting: Meeting) -> MeetingFacts:
    return MeetingFacts(str(meeting.get_forum_display()), meeting.date, meeting.place)


def agenda_pack(
    meeting: Meeting,
    *,
    closed: bool,
    progress: Progress | None = None,
    items: Sequence[AgendaItem] | None = None,
) -> bytes:
    """The agenda pack of `meeting` (closed items only when `closed`); `progress(done, total,
    note)` after each item. `items`: those `pack_items` read already (the job records them)."""
    if items is None:
        items = pack_items(meeting, closed=closed)
    total = len(items) + 1
    parts = []
    for done, item in enumerate(items, start=1):
        parts.append(render_item(item))
        if progress is not None:
            progress(done, total, item.case.title)
    pdf = build_pack(meeting_facts(meeting), parts)
    if progress is not None:
        progress(total, total, _("Agenda pack joined"))
    return pdf
