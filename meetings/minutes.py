"""The minutes (referat) of a meeting: the decision on each item, as one PDF/A."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.pdf import html_to_pdf, page_counter_content
from grants.public import AUTHOR
from meetings.models import AgendaItem, Meeting
from meetings.pack import Progress, meeting_facts


def minutes_items(meeting: Meeting, *, closed: bool) -> list[AgendaItem]:
    """The items with their decisions, in agenda order: the closed ones only when `closed`."""
    items = meeting.items.select_related("case__project", "decision").order_by("order", "pk")
    if not closed:
        items = items.filter(closed=False)
    return list(items)


def minutes_html(meeting: Meeting, items: list[AgendaItem]) -> str:
    facts = meeting_facts(meeting)
    return render_to_string(
        "meetings/minutes_pdf.html",
        {
            "facts": facts,
            "meeting": meeting,
            "title": _("Minutes: %(forum)s %(date)s")
            % {"forum": facts.forum, "date": date_format(facts.date)},
            "items": items,
            "author": AUTHOR,
            "page_counter": page_counter_content(),
            "language": translation.get_language() or "da",
            "created": timezone.localtime().replace(microsecond=0).isoformat(),
        },
    )


def minutes_pdf(
    meeting: Meeting,
    *,
    closed: bool,
    progress: Progress | None = None,
    items: list[AgendaItem] | None = None,
) -> bytes:
    """The minutes of `meeting` as tagged PDF/A-3a and PDF/UA-1 bytes. `items`: those
    `minutes_items` read already (the job records them)."""
    if items is None:
        items = minutes_items(meeting, closed=closed)
    if progress is not None:
        progress(0, 1, _("Minutes"))
    pdf = html_to_pdf(minutes_html(meeting, items))
    if progress is not None:
        progress(1, 1, _("Minutes"))
    return pdf
