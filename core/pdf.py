"""The one PDF pipeline: HTML to A4 PDF by WeasyPrint, with no network, tagged PDF/A-3a and
PDF/UA-1.

Nothing is fetched while rendering: the fonts are the system's (embedded in the PDF), the styles
are inline, and every URL a document names is refused by `NoNetworkFetcher`.

Every PDF is tagged: WeasyPrint writes the structure tree from the HTML (headings, paragraphs,
lists, tables with their header cells, figures with their `alt`), the document's `lang`, and
marks the page margins' running text (page numbers) as artifacts. WeasyPrint writes one variant
at a time; PDF/A-3a is written by WeasyPrint and the PDF/UA-1 identification added to the same
XMP packet (`_finish`), with the extension schema PDF/A asks for a property it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pydyf  # type: ignore[import-untyped]
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

# PDF/A-3a (archival and tagged: fonts embedded, an sRGB output intent, XMP metadata, a
# structure tree, Unicode text) together with PDF/UA-1 (accessible: the same tags, a title
# shown as the window's title, a document language).
PDFA_VARIANT = "pdf/a-3a"
PDFUA_PART = 1
PDF_CONTENT_TYPE = "application/pdf"

# The PDF/UA identification, and the PDF/A extension schema that declares it (PDF/A admits in
# XMP only the properties of its predefined schemas and those an extension schema describes).
PDFUA_XMP = (
    b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>%d</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""
    % PDFUA_PART
)


class NetworkRefused(ValueError):
    """A resource the PDF would have fetched; WeasyPrint warns and leaves it out."""


class NoNetworkFetcher(URLFetcher):
    """A URL fetcher that fetches nothing (no http, no file, no data) and remembers what it was
    asked for."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.refused.append(url)
        raise NetworkRefused(f"Rummelig's PDFs fetch nothing: {url}")


def css_string(text: str) -> str:
    """`text` as a CSS string literal that cannot end the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


def page_counter_content() -> SafeString:
    """The CSS `content` of a page footer: "Side " counter(page) " af " counter(pages)."""
    text = _("Page %(page)s of %(pages)s")
    parts: list[str] = []
    for part in re.split(r"(%\(pages?\)s)", text):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            parts.append(css_string(part))
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above


def _finish(document: Document, pdf: pydyf.PDF) -> None:
    """Add the PDF/UA identification to WeasyPrint's XMP packet, and leave the packet
    uncompressed (PDF/A-2 and -3 forbid a Filter on the metadata stream)."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    packet = b"".join(
        part if isinstance(part, bytes) else part.encode() for part in metadata.stream
    )
    end = packet.rindex(b"</rdf:RDF>")
    metadata.stream = [packet[:end] + PDFUA_XMP + packet[end:]]
    metadata.compress = False


def render(html: str, *, fetcher: NoNetworkFetcher | None = None) -> Document:
    """`html` laid out as pages without network access, not yet written (`documents_to_pdf`).

    The document keeps its fonts alive: hold it until its pages are written.
    """
    page = HTML(string=html, base_url=None, url_fetcher=fetcher or NoNetworkFetcher())
    document: Document = page.render(pdf_variant=PDFA_VARIANT)
    return document


def documents_to_pdf(documents: Sequence[Document], *, bookmarks: bool = True) -> bytes:
    """The pages of `documents` (`render`), in order, as one tagged PDF/A-3a and PDF/UA-1.

    The metadata (title, author, language, dates) is the first document's, and each font is
    embedded once for all. `bookmarks=False` leaves out the outline of the documents' headings,
    for a caller that writes its own (the documents' pages lose theirs).
    """
    pages = [page for document in documents for page in document.pages]
    if not bookmarks:
        for page in pages:
            page.bookmarks = []
    pdf: bytes | None = (
        documents[0].copy(pages).write_pdf(pdf_variant=PDFA_VARIANT, finisher=_finish)
    )
    assert pdf is not None
    return pdf


def html_to_pdf(html: str, *, fetcher: NoNetworkFetcher | None = None) -> bytes:
    """Render `html` to tagged PDF/A-3a and PDF/UA-1 bytes without network access."""
    return documents_to_pdf([render(html, fetcher=fetcher)])
