"""The agenda pack: one tagged PDF/A of a meeting's agenda, through the one PDF pipeline.

A cover with the forum, date and place and a table of contents, then for each item the case
presentation exactly as the case PDF lays it out (`grants.public.case_body_html`, the same
template, styles and table), followed by the case's PDF attachments; an outline (bookmarks)
with one entry per item and, under it, one per attachment.

The whole pack is one HTML document laid out once by WeasyPrint, so its pages are numbered
through the pack ("Side 7 af 40") and the table of contents takes each item's page from the
layout itself (CSS `target-counter`). Each page of an attachment is held in the layout by an
empty page with no header or footer; pypdf then draws the attachment's page onto it and writes
the outline, so the numbers after an attachment count its pages. WeasyPrint writes the pack as
one PDF (each font embedded once); each PDF is parsed once. An uploaded attachment is drawn as
it is: its pages are not tagged in the pack's structure, and when it is not PDF/A itself (fonts
not embedded, say), the pack is not strictly PDF/A or PDF/UA.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from weasyprint.document import Document

from core.pdf import documents_to_pdf, page_counter_content, render
from grants.models import CaseAttachment
from grants.public import AUTHOR, case_body_html, case_css, case_presentation
from meetings.models import AgendaItem, Meeting

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AttachmentPart:
    title: str
    pdf: bytes | None  # None: listed, not appended (not a PDF, or not a readable one)
    pages: int
    note: str = ""  # why it is not appended
    # `pdf` as parsed when its pages were counted, so that joining does not parse it again
    reader: PdfReader | None = field(default=None, repr=False, compare=False)
    anchor: str = ""  # the id of its pages in the pack's HTML: "<anchor>-1" is its first

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


@dataclass(frozen=True)
class ItemPart:
    number: int
    title: str
    project: str
    kind: str
    closed: bool
    attachments: tuple[AttachmentPart, ...]
    html: str = ""  # the case presentation as the case PDF's body holds it
    anchor: str = ""  # the id of its first page in the pack's HTML


@dataclass(frozen=True)
class MeetingFacts:
    forum: str
    date: date
    place: str


def parsed(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def anchored(parts: Sequence[ItemPart]) -> list[ItemPart]:
    """`parts` with the ids their pages have in the pack's HTML. Pure."""
    return [
        replace(
            part,
            anchor=f"item-{index}",
            attachments=tuple(
                replace(attachment, anchor=f"item-{index}-attachment-{number}")
                for number, attachment in enumerate(part.attachments, start=1)
            ),
        )
        for index, part in enumerate(parts, start=1)
    ]


def pack_title(facts: MeetingFacts) -> str:
    return _("Agenda: %(forum)s %(date)s") % {
        "forum": facts.forum,
        "date": date_format(facts.date),
    }


def pack_html(facts: MeetingFacts, parts: Sequence[ItemPart]) -> str:
    """The whole pack as one HTML document, for `parts` anchored (`anchored`)."""
    now = timezone.localtime().replace(microsecond=0).isoformat()
    return render_to_string(
        "meetings/agenda_pack.html",
        {
            "facts": facts,
            "title": pack_title(facts),
            "parts": parts,
            "author": AUTHOR,
            "case_css": case_css(),
            "page_counter": page_counter_content(),
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
    """One item: its case presentation as the case PDF's HTML, and its attachments."""
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
        attachments=attachments,
        html=case_body_html(case_presentation(item.case), id_prefix=f"item-{item.pk}-"),
    )


def page_indexes(document: Document) -> dict[str, int]:
    """The 0-based page where each id of the laid-out `document` starts (an element split
    across pages has its id on each)."""
    indexes: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            indexes.setdefault(anchor, index)
    return indexes


def draw_attachment_page(target: PageObject, page: PageObject) -> None:
    """Draw an attachment's `page` onto the empty page that holds its place, in its size."""
    target.mediabox = page.mediabox
    target.cropbox = page.cropbox
    if page.rotation:
        target.rotation = page.rotation
    target.merge_page(page, expand=False)


def is_tagged(reader: PdfReader) -> bool:
    root: Any = reader.trailer["/Root"]
    return "/StructTreeRoot" in root


def placeholder_elements(writer: PdfWriter) -> tuple[dict[int, DictionaryObject], ArrayObject]:
    """The structure element of each empty page that holds an attachment's place (by the
    page's object number), and the parent tree's numbers (key, array of elements, …)."""
    tree: Any = writer.root_object["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    elements = {}
    for kid in document["/K"]:
        element = kid.get_object()
        if element.get("/S") == "/Div" and not element.get("/K") and "/Pg" in element:
            elements[element.raw_get("/Pg").idnum] = element
    return elements, tree["/ParentTree"].get_object()["/Nums"]


def tag_attachment_page(
    target: PageObject, element: DictionaryObject, numbers: ArrayObject, label: str
) -> None:
    """Tag the whole of an untagged attachment's page as the content of the structure
    element its empty page had (in the pack's reading order), so that nothing on it is left
    outside the structure: one marked-content sequence, MCID 0."""
    content = target.get_contents()
    if content is None:
        return
    stream = ContentStream(None, None)
    stream.set_data(b"/Div <</MCID 0>> BDC\n" + content.get_data() + b"\nEMC\n")
    target.replace_contents(stream)
    element[NameObject("/K")] = ArrayObject([NumberObject(0)])
    element[NameObject("/T")] = TextStringObject(label)
    key = target["/StructParents"]
    for index in range(0, len(numbers), 2):
        if numbers[index] == key:
            numbers[index + 1] = ArrayObject([element.indirect_reference])


def assemble(document: Document, parts: Sequence[ItemPart]) -> bytes:
    """The laid-out pack written as one PDF/A, each attachment's pages drawn onto the pages
    that hold their place (tagged when the attachment is not), and the outline; `parts`
    anchored (`anchored`)."""
    pages = page_indexes(document)
    writer = PdfWriter(clone_from=parsed(documents_to_pdf([document], bookmarks=False)))
    elements, numbers = placeholder_elements(writer)
    for part in parts:
        entry = writer.add_outline_item(
            title=_("Item %(number)s. %(title)s") % {"number": part.number, "title": part.title},
            page_number=pages[part.anchor],
        )
        for attachment in part.attachments:
            if attachment.pdf is None:
                continue
            source = attachment.reader or parsed(attachment.pdf)
            title = _("Attachment: %(title)s") % {"title": attachment.title}
            tagged = is_tagged(source)
            for number, page in zip(attachment.page_numbers, source.pages, strict=True):
                target = writer.pages[pages[f"{attachment.anchor}-{number}"]]
                draw_attachment_page(target, page)
                reference = target.indirect_reference
                element = elements.get(reference.idnum) if reference is not None else None
                if not tagged and element is not None:
                    tag_attachment_page(target, element, numbers, f"{title}, {number}")
                target.compress_content_streams()
            writer.add_outline_item(
                title=title, page_number=pages[f"{attachment.anchor}-1"], parent=entry
            )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_pack(facts: MeetingFacts, parts: Sequence[ItemPart]) -> bytes:
    """The pack of `parts` (`render_item`), laid out once."""
    laid = anchored(parts)
    return assemble(render(pack_html(facts, laid)), laid)


def meeting_facts(meeting: Meeting) -> MeetingFacts:
    return MeetingFacts(meeting.forum.name, meeting.date, meeting.place)


def agenda_pack(
    meeting: Meeting,
    *,
    closed: bool,
    progress: Progress | None = None,
    items: Sequence[AgendaItem] | None = None,
) -> bytes:
    """The agenda pack of `meeting` (closed items only when `closed`); `progress(done, total,
    note)` after each item is read and once the pack is laid out and joined. `items`: those
    `pack_items` read already (the job records them)."""
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
