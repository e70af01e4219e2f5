"""The case presentation as an A4 PDF through the one PDF pipeline (`core.pdf`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import html_to_pdf, page_counter_content
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


def case_pdf(presentation: CasePresentation, *, pdfa: bool = False) -> bytes:
    """The case presentation as A4 PDF bytes; PDF/A-3b when `pdfa`."""
    return html_to_pdf(case_html(presentation), pdfa=pdfa)
