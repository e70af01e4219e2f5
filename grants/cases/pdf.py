"""The case presentation as an A4 PDF through the one PDF pipeline (`core.pdf`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
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


def case_css() -> SafeString:
    """The case PDF's styles (its pages, header, fonts, tables), for a document that holds
    case presentations among other pages (the agenda pack)."""
    return mark_safe(render_to_string("grants/_case_pdf.css"))  # noqa: S308 - our own template


def case_body_html(presentation: CasePresentation, *, id_prefix: str = "") -> SafeString:
    """The case presentation as the case PDF's body holds it: its running page header and
    the document, for the agenda pack to lay out among its other pages (`id_prefix` keeps its
    ids apart from the other cases')."""
    context = {"doc": presentation, "for_pdf": True, "id_prefix": id_prefix}
    # rendered by the template engine, which escapes what it puts in
    return mark_safe(render_to_string("grants/_case_pdf_body.html", context))  # noqa: S308


def case_document(presentation: CasePresentation) -> Document:
    """The case presentation laid out as A4 pages: what `case_pdf` writes."""
    return render(case_html(presentation))


def case_pdf(presentation: CasePresentation) -> bytes:
    """The case presentation as A4 PDF bytes: tagged PDF/A-3a and PDF/UA-1."""
    return documents_to_pdf([case_document(presentation)])
