"""Writes to meetings: the agenda while it is planned, the steps of a meeting, the decisions.

Each service is atomic, validates first and raises `ValidationError` with a translated message;
the meeting's row is locked while its agenda or status changes, so two staff members working on
one meeting at once cannot both pass a check the other's change would fail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit, undo
from grants.models import Case, GrantDecision, Recommendation
from grants.public import (
    RecommendationLine,
    case_set_meeting_date,
    decision_set_status,
    open_findings,
    recommendation_sentences,
)
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.notices import tell_step
from meetings.wording import item_recommendation

Status = Meeting.Status
Outcome = ItemDecision.Outcome

# Each step of a meeting, from the status it must be in to the one it moves to.
STEPS: dict[str, tuple[str, str]] = {
    "lock": (Status.PLANNING, Status.LOCKED),
    "publish": (Status.LOCKED, Status.PUBLISHED),
    "hold": (Status.PUBLISHED, Status.HELD),
    "approve_minutes": (Status.HELD, Status.MINUTES_APPROVED),
}
# The grant decisions' status an outcome leads to; postponed and noted change nothing.
OUTCOME_STATUS: dict[str, str] = {
    Outcome.APPROVED: GrantDecision.Status.APPROVED,
    Outcome.APPROVED_WITH_CHANGES: GrantDecision.Status.APPROVED,
    Outcome.REJECTED: GrantDecision.Status.REJECTED,
}
# A supplementary item can join the agenda after locking, until the meeting is held.
SUPPLEMENTABLE = (Status.LOCKED, Status.PUBLISHED)


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _status_label(meeting: Meeting) -> str:
    return str(meeting.get_status_display())


def _refuse_unless_planning(meeting: Meeting) -> None:
    if meeting.status != Status.PLANNING:
        raise ValidationError(
            _(
                "The agenda is locked (the meeting is %(status)s): items can no longer be "
                "added, moved or removed."
            )
            % {"status": _status_label(meeting)},
            code="agenda_locked",
        )


def case_recommendation(case: Case) -> str:
    """The case's recommendation as the agenda words it: "Regional Udvikling indstiller, at …"."""
    lines = [
        RecommendationLine(
            funds=r.funding_source.recommendation_phrase or r.funding_source.name,
            amount=r.amount,
            first_year=r.first_year,
            last_year=r.last_year,
            recipient=r.recipient.name if r.recipient else "",
        )
        for r in Recommendation.objects.filter(decision__cases=case)
        .select_related("funding_source", "recipient")
        .order_by("decision__first_year", "decision_id", "order", "pk")
    ]
    return item_recommendation(recommendation_sentences(lines))


def meeting_create(*, fields: Mapping[str, Any], by: AbstractBaseUser) -> Meeting:
    """A new meeting in planning."""
    meeting = Meeting(**fields, created_by_id=by.pk, status=Status.PLANNING)
    with transaction.atomic():
        audit.save(meeting, by=by)
    return meeting


def meeting_update(*, meeting: Meeting, fields: Mapping[str, Any], by: AbstractBaseUser) -> Meeting:
    """Change forum, date or place: until the meeting is held."""
    with transaction.atomic(), audit.authored_by(by):
        stored = _locked_meeting(meeting)
        if stored.status in (Status.HELD, Status.MINUTES_APPROVED):
            raise ValidationError(
                _("The meeting is %(status)s: its forum, date and place can no longer change.")
                % {"status": _status_label(stored)},
                code="held",
            )
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.full_clean()
        stored.save()
    return stored


def _refuse_open_findings(cases: Sequence[Case]) -> None:
    unresolved = [case.title for case in cases if open_findings(case)]
    if unresolved:
        raise ValidationError(
            _(
                "Resolve or acknowledge every consistency finding first. Open findings in: "
                "%(cases)s."
            )
            % {"cases": "; ".join(unresolved)},
            code="open_findings",
        )


def item_add(
    *,
    meeting: Meeting,
    case: Case,
    kind: str = AgendaItem.Kind.DECISION,
    closed: bool = False,
    supplementary: bool = False,
    by: AbstractBaseUser,
) -> AgendaItem:
    """Put `case` on the agenda, last. In planning, an ordinary item; once the agenda is locked
    (or published), only as a supplementary item (`supplementary`), and only when the case's
    consistency findings are all resolved or acknowledged."""
    with transaction.atomic(), audit.authored_by(by):
        meeting = _locked_meeting(meeting)
        if meeting.status == Status.PLANNING:
            if supplementary:
                raise ValidationError(
                    _("The agenda is not locked yet: add the case as an ordinary item."),
                    code="not_locked",
                )
        elif meeting.status in SUPPLEMENTABLE:
            if not supplementary:
                raise ValidationError(
                    _("The agenda is locked: a case can only be added as a supplementary item."),
                    code="agenda_locked",
                )
            _refuse_open_findings([case])
        else:
            raise ValidationError(
                _("The meeting is %(status)s: its agenda can no longer change.")
                % {"status": _status_label(meeting)},
                code="held",
            )
        if meeting.items.filter(case=case).exists():
            raise ValidationError(
                _("The case “%(title)s” is already on this agenda.") % {"title": case.title},
                code="duplicate",
            )
        last = meeting.items.order_by("-order").values_list("order", "number").first() or (0, 0)
        item = AgendaItem(
            meeting=meeting,
            case=case,
            kind=kind,
            closed=closed,
            supplementary=supplementary,
            order=last[0] + 1,
            number=last[1] + 1,
            recommendation=case_recommendation(case),
        )
        item.full_clean()
        item.save()
        meeting.save(update_fields=["updated_at"])
    return item


def _renumber(meeting: Meeting, items: Sequence[AgendaItem]) -> None:
    """Give `items` (the whole agenda, in its new order) the numbers 1, 2, … in that order."""
    for position, item in enumerate(items, start=1):
        if item.order != position or item.number != position:
            item.order = item.number = position
            item.save(update_fields=["order", "number"])
    meeting.save(update_fields=["updated_at"])


def item_move(*, item: AgendaItem, up: bool, by: AbstractBaseUser) -> AgendaItem:
    """Move `item` one place up (or down) the agenda, in planning; at either end, refused."""
    with transaction.atomic(), audit.authored_by(by):
        meeting = _locked_meeting(item.meeting)
        _refuse_unless_planning(meeting)
        items = list(meeting.items.order_by("order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if up else index + 1
        if not 0 <= target < len(items):
            raise ValidationError(
                _("The item is already first on the agenda.")
                if up
                else _("The item is already last on the agenda."),
                code="at_end",
            )
        items[index], items[target] = items[target], items[index]
        _renumber(meeting, items)
    return items[target]


def item_remove(*, item: AgendaItem, by: AbstractBaseUser) -> None:
    """Take `item` off the agenda, in planning; the items after it move up one number."""
    with transaction.atomic(), audit.authored_by(by):
        meeting = _locked_meeting(item.meeting)
        _refuse_unless_planning(meeting)
        AgendaItem.objects.get(pk=item.pk).delete()
        _renumber(meeting, list(meeting.items.order_by("order", "pk")))


def item_restore(*, item_id: int, by: AbstractBaseUser) -> AgendaItem:
    """Undo taking item `item_id` off its agenda: back at its old number, the items from there
    on one number down. Checked as adding it is: the meeting still in planning, its case not on
    the agenda again meanwhile."""
    with transaction.atomic():
        record = undo.deletion(AgendaItem, item_id)
        if record is None:
            raise ValidationError(_("There is no removed item to restore."), code="not_deleted")
        item = undo.row_of(record, AgendaItem)
        meeting = _locked_meeting(item.meeting)
        _refuse_unless_planning(meeting)
        if AgendaItem.objects.filter(pk=item_id).exists():
            raise ValidationError(_("The item is already back."), code="not_deleted")
        if meeting.items.filter(case_id=item.case_id).exists():
            raise ValidationError(
                _("The case “%(title)s” is already on this agenda.") % {"title": item.case.title},
                code="duplicate",
            )
        items = list(meeting.items.order_by("order", "pk"))
        place = min(max(item.order, 1), len(items) + 1) - 1
        # Saved after the others, at the end, then numbered into its old place with them.
        item.order = item.number = len(items) + 1
        audit.save(item, by=by, reason=_("removal undone"))
        with audit.authored_by(by):
            _renumber(meeting, [*items[:place], item, *items[place:]])
    return item


def meeting_step(*, meeting: Meeting, step: str, by: AbstractBaseUser) -> Meeting:
    """Move the meeting one step on: "lock", "publish", "hold" or "approve_minutes".

    Locking needs at least one item and every item's case free of open consistency findings,
    and takes each item's recommendation from its case as it is then; approving the minutes
    needs a decision on every item.
    """
    if step not in STEPS:
        raise ValidationError(_("Unknown step."), code="unknown_step")
    before, after = STEPS[step]
    with transaction.atomic(), audit.authored_by(by):
        meeting = _locked_meeting(meeting)
        if meeting.status != before:
            raise ValidationError(
                _("The meeting is %(status)s, so this step cannot be taken now.")
                % {"status": _status_label(meeting)},
                code="wrong_status",
            )
        items = list(meeting.items.select_related("case").order_by("order", "pk"))
        if step == "lock":
            if not items:
                raise ValidationError(
                    _("An agenda with no items cannot be locked."), code="empty_agenda"
                )
            _refuse_open_findings([item.case for item in items])
            for item in items:
                text = case_recommendation(item.case)
                if text != item.recommendation:
                    item.recommendation = text
                    item.save(update_fields=["recommendation"])
        if step == "approve_minutes":
            decided = set(
                ItemDecision.objects.filter(item__meeting=meeting).values_list("item_id", flat=True)
            )
            undecided = [str(item.number) for item in items if item.pk not in decided]
            if undecided:
                raise ValidationError(
                    _("Record a decision on every item first. Items without one: %(items)s.")
                    % {"items": ", ".join(undecided)},
                    code="undecided",
                )
        meeting.status = after
        meeting.full_clean()
        meeting.save()
        tell_step(meeting, step, by=by)
    return meeting


def decision_reason(item: AgendaItem) -> str:
    """The history's reason for a grant decision's new status: the meeting and its item."""
    meeting = item.meeting
    return _("%(forum)s meeting %(date)s, item %(number)s") % {
        "forum": meeting.forum.name,
        "date": date_format(meeting.date, "SHORT_DATE_FORMAT"),
        "number": item.number,
    }


def decision_record(
    *,
    item: AgendaItem,
    outcome: str,
    text: str,
    decided_on: date,
    by: AbstractBaseUser,
) -> ItemDecision:
    """Record what the meeting decided on `item`, once it is held (again, to correct it, until
    the minutes are approved).

    An approving outcome approves, a rejection rejects, the case's grant decisions that this
    forum decides and that are not approved yet, through `grants.services.decision_set_status`
    with the meeting as the reason in their history, and dates them by the decision's date;
    the case is dated by the meeting (its meeting date). Postponed and noted change none. An
    item for information can only be noted. All or nothing: a grant decision that cannot be
    approved (unbalanced, no amounts) refuses the whole record. Where the outcome lowers a
    grant below what is already authorised or paid from it, the outcome stands and the
    difference is recorded as a claim for repayment.
    """
    if outcome not in Outcome.values:
        raise ValidationError(
            {"outcome": ValidationError(_("Choose an outcome."), code="invalid_outcome")}
        )
    if item.kind == AgendaItem.Kind.INFORMATION and outcome != Outcome.NOTED:
        raise ValidationError(
            {
                "outcome": ValidationError(
                    _("An item for information can only be noted."), code="information"
                )
            }
        )
    with transaction.atomic(), audit.authored_by(by):
        meeting = _locked_meeting(item.meeting)
        if meeting.status != Status.HELD:
            raise ValidationError(
                _("Decisions are recorded once the meeting is held, until its minutes are "
                  "approved; the meeting is %(status)s.")
                % {"status": _status_label(meeting)},
                code="wrong_status",
            )  # fmt: skip
        item = AgendaItem.objects.select_related("case", "meeting").get(pk=item.pk)
        record = ItemDecision.objects.filter(item=item).first() or ItemDecision(item=item)
        earlier = OUTCOME_STATUS.get(record.outcome) if record.pk else None
        if earlier is not None and earlier != OUTCOME_STATUS.get(outcome):
            message = _(
                "The earlier record of this item already set the case's grant decisions to "
                "%(status)s: correct it only to an outcome with the same effect, or ask an "
                "administrator to reopen the grant decisions."
            ) % {"status": GrantDecision.Status(earlier).label}
            raise ValidationError(
                {"outcome": ValidationError(message, code="outcome_changes_effect")}
            )
        record.outcome = outcome
        record.text = text.strip()
        record.decided_on = decided_on
        record.recorded_by_id = by.pk
        record.full_clean()
        record.save()
        status = OUTCOME_STATUS.get(outcome)
        if status is not None:
            reason = decision_reason(item)
            for decision in item.case.decisions.filter(deciding_body_id=meeting.forum_id).exclude(
                status=GrantDecision.Status.APPROVED
            ):
                if decision.status != status or decision.decided_on != record.decided_on:
                    # The forum's own decision: where it lowers a grant below what is paid,
                    # it stands, and a claim for repayment is recorded (grants.ceiling).
                    decision_set_status(
                        decision=decision,
                        status=status,
                        by=by,
                        reason=reason,
                        decided_on=record.decided_on,
                        by_deciding_body=True,
                    )
            case_set_meeting_date(case=item.case, meeting_date=meeting.date, by=by, reason=reason)
    return record
