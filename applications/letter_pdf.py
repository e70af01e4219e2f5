"""The grant letter as an A4 PDF through the one PDF pipeline (`core.pdf`)."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.letter_content import LetterContent
from core.markup import render_markdown
from core.pdf import html_to_pdf, page_counter_content
from spending.models import ReportingDeadline

LETTERHEAD = "Region Midtjylland, Regional Udvikling"


def letter_title(content: LetterContent) -> str:
    return _("Grant commitment for %(project)s") % {"project": content.project}


def letter_html(content: LetterContent, *, number: int, written_at: datetime) -> str:
    """The HTML the letter's PDF is rendered from, in the active language."""
    kinds = dict(ReportingDeadline.Kind.choices)
    return render_to_string(
        "applications/letters/letter.html",
        {
            "content": content,
            "number": number,
            "title": letter_title(content),
            "author": LETTERHEAD,
            "written_on": timezone.localtime(written_at).date(),
            "programme_conditions": render_markdown(content.programme_conditions),
            "decision_conditions": render_markdown(content.decision_conditions),
            "deadlines": [(d, kinds.get(d.kind, d.kind)) for d in content.deadlines],
            "page_counter": page_counter_content(),
            "language": translation.get_language() or "da",
            "created": timezone.localtime(written_at).replace(microsecond=0).isoformat(),
        },
    )


def letter_pdf(content: LetterContent, *, number: int, written_at: datetime) -> bytes:
    """The letter as tagged PDF/A-3a and PDF/UA-1 bytes."""
    return html_to_pdf(letter_html(content, number=number, written_at=written_at))
