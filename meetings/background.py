"""The meetings' background jobs: the agenda pack and the minutes, rendered by a worker.

Registered from `MeetingsConfig.ready()` with the jobs room; params are `{"meeting": id,
"closed": 0 or 1}` (1: with the closed items, for the region only).

Each file records what it holds (`document_manifest`): the meeting's status then, and its items
with which of them were closed. The forum reads a file only while every item in it is still an
open item of a published meeting: an item made closed (or taken off) after the file was made
withholds it, however the meeting stands now. Minutes made before they were approved stay the
region's. Staff read every file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.guards import AnyUser
from accounts.predicates import is_forum_member, manages_grants
from core.filenames import download_name
from core.forms import parse_id
from core.pdf import PDF_CONTENT_TYPE
from grants.public import cases_fingerprint
from jobs.registry import (
    JobContext,
    JobFailed,
    JobKind,
    JobResult,
    Manifest,
    Params,
    manifest_ids,
    register,
)
from meetings.minutes import minutes_items, minutes_pdf
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.pack import agenda_pack, pack_items

AGENDA_PACK = "agenda_pack"
MINUTES = "minutes"
# The meeting's statuses in which each document exists for the region, and for the forum.
STAFF_STATUSES = {
    AGENDA_PACK: tuple(Meeting.Status.values),
    MINUTES: (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED),
}
FORUM_STATUSES = {
    AGENDA_PACK: Meeting.PUBLISHED_STATUSES,
    MINUTES: (Meeting.Status.MINUTES_APPROVED,),
}


def clean_params(raw: Mapping[str, str]) -> dict[str, int | str]:
    """`meeting` an id, `closed` "1" (with closed items) or "0"/absent (without)."""
    meeting = parse_id(str(raw.get("meeting", "")).strip())
    closed = str(raw.get("closed", "0")).strip() or "0"
    if meeting is None or closed not in ("0", "1"):
        raise ValidationError(_("The job is missing what to work on."), code="params")
    return {"meeting": meeting, "closed": int(closed)}


def _meeting(params: Params) -> Meeting | None:
    pk = params.get("meeting")
    return (
        Meeting.objects.select_related("forum").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )


def _access(code: str) -> Callable[[AnyUser, Params], bool]:
    def may(user: AnyUser, params: Params) -> bool:
        meeting = _meeting(params)
        if meeting is None:
            return False
        return may_start_kind(code, user, meeting, closed=bool(params.get("closed")))

    return may


def may_start_kind(code: str, user: AnyUser, meeting: Meeting, *, closed: bool) -> bool:
    """Whether `user` may render the document `code` of `meeting` (with closed items or not)."""
    if manages_grants.test(user):
        return meeting.status in STAFF_STATUSES[code]
    if is_forum_member.test(user):
        return not closed and meeting.status in FORUM_STATUSES[code]
    return False


def document_manifest(meeting: Meeting, items: Sequence[AgendaItem]) -> dict[str, object]:
    """What a pack or minutes of `meeting` made of `items` holds: recorded with the job."""
    return {
        "meeting": meeting.pk,
        "status": meeting.status,
        "items": [item.pk for item in items],
        "closed": [item.pk for item in items if item.closed],
        "cases": [item.case_id for item in items],
    }


def _result_access(code: str) -> Callable[[AnyUser, Params, Manifest], bool]:
    def may(user: AnyUser, params: Params, manifest: Manifest) -> bool:
        if manages_grants.test(user):
            return True
        if not is_forum_member.test(user):
            return False
        meeting = params.get("meeting")
        items = manifest_ids(manifest, "items")
        closed = manifest_ids(manifest, "closed")
        if not isinstance(meeting, int) or items is None or closed is None or closed:
            return False
        # Minutes made before they were approved hold decisions the forum never reads: they
        # could still be corrected. A pack made before publishing holds what was published.
        if code == MINUTES and manifest.get("status") not in FORUM_STATUSES[MINUTES]:
            return False
        still_open = (
            AgendaItem.objects.visible_to(user).filter(meeting_id=meeting, pk__in=items).count()
        )
        return still_open == len(items)

    return may


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def agenda_fingerprint(params: Params) -> str:
    """What the pack shows: the meeting, its items in their order, and everything their cases'
    presentations print (decisions, figures, attachments, acknowledged findings…)."""
    meeting = _meeting(params)
    if meeting is None:
        return ""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("order", "pk")
        .values_list(
            "pk", "number", "order", "case_id", "kind", "closed", "supplementary", "recommendation"
        )
    )
    cases = cases_fingerprint(item[3] for item in items)
    return _digest(meeting.forum.name, meeting.date, meeting.place, items, cases)


def minutes_fingerprint(params: Params) -> str:
    """What the minutes show: the agenda, the decisions and whether they are approved."""
    meeting = _meeting(params)
    if meeting is None:
        return ""
    decisions = list(
        ItemDecision.objects.filter(item__meeting=meeting)
        .order_by("item_id")
        .values_list("item_id", "outcome", "text", "decided_on")
    )
    return _digest(agenda_fingerprint(params), meeting.status, decisions)


def _describe(label: str | Promise) -> Callable[[Params], str]:
    """What a job makes, in full: the document, which variant of it (with the closed items, or
    as published) and the meeting with its date, so that "my jobs" tells the variants apart."""

    def describe(params: Params) -> str:
        variant = (
            _("with the closed items")
            if params.get("closed")
            else _("as published (without the closed items)")
        )
        meeting = _meeting(params)
        if meeting is None:
            return f"{label} {variant}"
        return f"{label} {variant}, {meeting}"

    return describe


def _filename(prefix: str, meeting: Meeting, *, closed: bool) -> str:
    """ "dagsorden-vækstforum-2027-03-03.pdf"; the variant with closed items says so."""
    variant = _("with closed items") if closed else ""
    return download_name(prefix, meeting.forum.name, variant, day=meeting.date, ext="pdf")


def run_agenda_pack(context: JobContext) -> JobResult:
    meeting = _meeting(context.params)
    if meeting is None:
        raise JobFailed(_("The meeting no longer exists."))
    closed = bool(context.params.get("closed"))
    items = pack_items(meeting, closed=closed)
    pdf = agenda_pack(meeting, closed=closed, progress=context.progress, items=items)
    name = _filename(_("agenda"), meeting, closed=closed)
    return JobResult(name, PDF_CONTENT_TYPE, pdf, document_manifest(meeting, items))


def run_minutes(context: JobContext) -> JobResult:
    meeting = _meeting(context.params)
    if meeting is None:
        raise JobFailed(_("The meeting no longer exists."))
    closed = bool(context.params.get("closed"))
    items = minutes_items(meeting, closed=closed)
    pdf = minutes_pdf(meeting, closed=closed, progress=context.progress, items=items)
    name = _filename(_("minutes"), meeting, closed=closed)
    return JobResult(name, PDF_CONTENT_TYPE, pdf, document_manifest(meeting, items))


def register_kinds() -> None:
    register(
        JobKind(
            code=AGENDA_PACK,
            label=gettext_lazy("Agenda pack"),
            run=run_agenda_pack,
            may_start=_access(AGENDA_PACK),
            may_see=_access(AGENDA_PACK),
            may_see_result=_result_access(AGENDA_PACK),
            fingerprint=agenda_fingerprint,
            describe=_describe(gettext_lazy("Agenda pack")),
            param_names=("meeting", "closed"),
            clean=clean_params,
            shared=True,
        )
    )
    register(
        JobKind(
            code=MINUTES,
            label=gettext_lazy("Minutes"),
            run=run_minutes,
            may_start=_access(MINUTES),
            may_see=_access(MINUTES),
            may_see_result=_result_access(MINUTES),
            fingerprint=minutes_fingerprint,
            describe=_describe(gettext_lazy("Minutes")),
            param_names=("meeting", "closed"),
            clean=clean_params,
            shared=True,
        )
    )
