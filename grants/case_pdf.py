"""The case presentation as an A4 PDF, rendered by WeasyPrint; optionally PDF/A for the archive.

Nothing is fetched while rendering: the fonts are the system's (embedded in the PDF), the styles
are inline, and every URL the document names is refused by `NoNetworkFetcher`.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from grants.presentation import CasePresentation

# PDF/A-3b: archival, fonts embedded, an sRGB output intent, XMP metadata; level B because
# WeasyPrint's structure tags are not complete enough to claim level A.
PDFA_VARIANT = "pdf/a-3b"


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


def _css_string(text: str) -> str:
    """`text` as a CSS string literal that cannot end the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


def page_counter_content() -> SafeString:
    """The CSS `content` of the page footer: "Side " counter(page) " af " counter(pages)."""
    text = _("Page %(page)s of %(pages)s")
    parts: list[str] = []
    for part in re.split(r"(%\(pages?\)s)", text):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            parts.append(_css_string(part))
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above


def case_html(presentation: CasePresentation) -> str:
    """The HTML the PDF is rendered from (also what the tests read for the header)."""
    return render_to_string(
        "grants/case_pdf.html",
        {
            "doc": presentation,
            "for_pdf": True,
            "page_counter": page_counter_content(),
            "language": translation.get_language() or "da",
            "created": timezone.localtime().replace(microsecond=0).isoformat(),
            "modified": timezone.localtime(presentation.updated_at)
            .replace(microsecond=0)
            .isoformat(),
        },
    )


def html_to_pdf(html: str, *, pdfa: bool = False, fetcher: NoNetworkFetcher | None = None) -> bytes:
    """Render `html` to PDF bytes without network access."""
    document = HTML(string=html, base_url=None, url_fetcher=fetcher or NoNetworkFetcher())
    options: dict[str, Any] = {"pdf_variant": PDFA_VARIANT} if pdfa else {}
    pdf = document.write_pdf(**options)
    assert pdf is not None
    return pdf


def case_pdf(presentation: CasePresentation, *, pdfa: bool = False) -> bytes:
    """The case presentation as A4 PDF bytes; PDF/A-3b when `pdfa`."""
    return html_to_pdf(case_html(presentation), pdfa=pdfa)
