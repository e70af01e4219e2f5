"""A meeting's lifecycle for its step indicator: planned, agenda locked, agenda published,
held (the decisions recorded), minutes approved; and the next action for staff.

Pure: the meeting's status and how many of its items still lack a decision in, the steps out.
The rule that the minutes wait for a decision on every item is the service's
(`meetings.services.meeting_step`); here it only chooses which button comes first.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.steps import Action, Lifecycle, steps_at

# The statuses in order (`Meeting.Status`), one step each.
ORDER = ("planning", "locked", "published", "held", "minutes_approved")
# The step each status leads on to, by the code `meetings.services.STEPS` knows it by.
NEXT_STEP = {
    "planning": "lock",
    "locked": "publish",
    "published": "hold",
    "held": "approve_minutes",
}
RECORD_DECISIONS = "record_decisions"


def _titles() -> tuple[str, ...]:
    return (
        _("Agenda in planning"),
        _("Agenda locked"),
        _("Agenda published"),
        _("Meeting held, decisions recorded"),
        _("Minutes approved"),
    )


def _action(code: str, undecided: int) -> Action:
    if code == RECORD_DECISIONS:
        label = ngettext(
            "Record the decision (%(count)s item left)",
            "Record the decisions (%(count)s items left)",
            undecided,
        ) % {"count": undecided}
        return Action(code, label)
    labels = {
        "lock": _("Lock the agenda"),
        "publish": _("Publish the agenda"),
        "hold": _("Mark the meeting as held"),
        "approve_minutes": _("Approve the minutes"),
    }
    return Action(code, labels[code])


def meeting_lifecycle(*, status: str, items: int, undecided: int, manages: bool) -> Lifecycle:
    """The steps of a meeting in `status` with `items` agenda items, `undecided` of them without
    a decision; the next action for a user who `manages` meetings (staff), none for others.

    Once held, the decisions come first: "record the decisions" while any item lacks one,
    "approve the minutes" only when every item has one.
    """
    current = ORDER.index(status)
    notes: dict[int, str] = {}
    if status in ("held", "minutes_approved") and items:
        decided = items - undecided
        notes[3] = ngettext(
            "%(decided)s of %(count)s item decided",
            "%(decided)s of %(count)s items decided",
            items,
        ) % {"decided": decided, "count": items}
    steps = steps_at(_titles(), current, notes=notes)
    code = NEXT_STEP.get(status)
    if code == "approve_minutes" and undecided:
        code = RECORD_DECISIONS
    return Lifecycle(
        title=_("The meeting's steps"),
        steps=steps,
        next_action=_action(code, undecided) if code and manages else None,
    )
