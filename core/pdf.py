"""The one PDF pipeline: HTML to A4 PDF by WeasyPrint, with no network, optionally PDF/A.

Nothing is fetched while rendering: the fonts are the system's (embedded in the PDF), the styles
are inline, and every URL a document names is refused by `NoNetworkFetcher`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

# PDF/A-3b: archival, fonts embedded, an sRGB output intent, XMP metadata; level B because
# WeasyPrint's structure tags are not complete enough to claim level A.
PDFA_VARIANT = "pdf/a-3b"
PDF_CONTENT_TYPE = "application/pdf"


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


def _options(pdfa: bool) -> dict[str, Any]:
    return {"pdf_variant": PDFA_VARIANT} if pdfa else {}


def render(html: str, *, pdfa: bool = False, fetcher: NoNetworkFetcher | None = None) -> Document:
    """`html` laid out as pages without network access, not yet written (`documents_to_pdf`).

    The document keeps its fonts alive: hold it until its pages are written.
    """
    page = HTML(string=html, base_url=None, url_fetcher=fetcher or NoNetworkFetcher())
    document: Document = page.render(**_options(pdfa))
    return document


def documents_to_pdf(
    documents: Sequence[Document], *, pdfa: bool = False, bookmarks: bool = True
) -> bytes:
    """The pages of `documents` (`render`), in order, as one PDF; PDF/A-3b when `pdfa`.

    The metadata (title, author, language, dates) is the first document's, and each font is
    embedded once for all. `bookmarks=False` leaves out the outline of the documents' headings,
    for a caller that writes its own (the documents' pages lose theirs).
    """
    pages = [page for document in documents for page in document.pages]
    if not bookmarks:
        for page in pages:
            page.bookmarks = []
    pdf: bytes | None = documents[0].copy(pages).write_pdf(**_options(pdfa))
    assert pdf is not None
    return pdf


def html_to_pdf(html: str, *, pdfa: bool = False, fetcher: NoNetworkFetcher | None = None) -> bytes:
    """Render `html` to PDF bytes without network access; PDF/A-3b when `pdfa`."""
    return documents_to_pdf([render(html, pdfa=pdfa, fetcher=fetcher)], pdfa=pdfa)
