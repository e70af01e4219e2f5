"""The case presentation as an A4 PDF through the one PDF pipeline (`core.pdf`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint.document import Document

from core.pdf import documents_to_pdf, page_counter_content, render
from grants.cases.presentation import CasePresentation


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


def case_document(presentation: CasePresentation, *, pdfa: bool = False) -> Document:
    """The case presentation laid out as A4 pages: what `case_pdf` writes, and what the agenda
    pack joins with its other items."""
    return render(case_html(presentation), pdfa=pdfa)


def case_pdf(presentation: CasePresentation, *, pdfa: bool = False) -> bytes:
    """The case presentation as A4 PDF bytes; PDF/A-3b when `pdfa`."""
    return documents_to_pdf([case_document(presentation, pdfa=pdfa)], pdfa=pdfa)
