"""What the meeting page shows: the agenda as the user may see it, the actions open now, and
the latest agenda pack and minutes rendered, in a fixed number of queries however long the
agenda."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from accounts import guards
from grants.models import Case
from grants.public import open_finding_counts
from jobs.models import Job
from jobs.services import is_outdated
from meetings.background import AGENDA_PACK, MINUTES, may_start_kind
from meetings.forms import ItemAddForm
from meetings.lifecycle import meeting_lifecycle
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.services import SUPPLEMENTABLE


@dataclass(frozen=True)
class Row:
    """An agenda item with its case's open consistency findings (staff only; else 0)."""

    item: AgendaItem
    open_findings: int


@dataclass(frozen=True)
class Document:
    """A PDF the user may render: its kind, with closed items or not, and the latest job."""

    kind: str
    closed: bool
    may_start: bool
    job: Job | None
    outdated: bool


def _documents(request: HttpRequest, meeting: Meeting, staff: bool) -> list[Document]:
    variants = [(AGENDA_PACK, False), (MINUTES, False)]
    if staff:
        variants = [(AGENDA_PACK, True), (AGENDA_PACK, False), (MINUTES, True), (MINUTES, False)]
    # Both kinds are shared and their `may_see` is `may_start_kind`: asked once per variant,
    # not once per job, so the page's queries do not grow with the jobs run.
    seen = {
        (kind, closed)
        for kind, closed in variants
        if may_start_kind(kind, request.user, meeting, closed=closed)
    }
    latest: dict[tuple[str, bool], Job] = {}
    job: Job | None
    for job in (
        Job.objects.visible_to(request.user)
        .filter(kind__in=[AGENDA_PACK, MINUTES], params__meeting=meeting.pk)
        .order_by("-created_at", "-pk")[:50]
    ):
        key = (job.kind, bool(job.params.get("closed")))
        if key in seen and key not in latest:
            latest[key] = job
    documents = []
    for kind, closed in variants:
        job = latest.get((kind, closed))
        documents.append(
            Document(
                kind=kind,
                closed=closed,
                may_start=(kind, closed) in seen,
                job=job,
                outdated=job is not None and is_outdated(job),
            )
        )
    return documents


def _decided(item: AgendaItem) -> bool:
    try:
        return item.decision is not None
    except ItemDecision.DoesNotExist:
        return False


def detail_context(
    request: HttpRequest, meeting: Meeting, add_form: ItemAddForm | None = None
) -> dict[str, Any]:
    user = request.user
    staff = guards.has_perm(user, "meetings.change_meeting", meeting)
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("case__project", "decision")
        .order_by("order", "pk")
    )
    # Forum members read the decisions once the minutes are approved.
    shows_decisions = staff or meeting.status == Meeting.Status.MINUTES_APPROVED
    findings = open_finding_counts([item.case for item in items]) if staff else {}
    undecided = [item for item in items if not _decided(item)] if staff else []
    can_add = staff and (
        meeting.status == Meeting.Status.PLANNING or meeting.status in SUPPLEMENTABLE
    )
    if can_add and add_form is None:
        on_agenda = [item.case_id for item in items]
        add_form = ItemAddForm(
            cases=Case.objects.visible_to(user)
            .exclude(pk__in=on_agenda)
            .select_related("project")
            .order_by("title", "pk"),
            initial={"supplementary": meeting.status != Meeting.Status.PLANNING},
        )
    return {
        "meeting": meeting,
        "staff": staff,
        "rows": [Row(item, findings.get(item.case_id, 0)) for item in items],
        "shows_decisions": shows_decisions,
        "planning": meeting.status == Meeting.Status.PLANNING,
        "recording": staff and meeting.status == Meeting.Status.HELD,
        "lifecycle": meeting_lifecycle(
            status=meeting.status,
            items=len(items) if staff else 0,
            undecided=len(undecided),
            manages=staff,
        ),
        "first_undecided": undecided[0] if undecided else None,
        "add_form": add_form if can_add else None,
        "documents": _documents(request, meeting, staff),
    }
