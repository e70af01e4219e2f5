"""What the confirmation page of each step of a meeting, and of taking an item off its agenda,
says will happen and what depends on it (`core.confirm`)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.roles import FORUM_MEMBER
from core import confirm
from grants.public import open_finding_counts
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.services import STEPS

Status = Meeting.Status

# Each step's page heading and button.
TITLES = {
    "lock": gettext_lazy("Lock the agenda"),
    "publish": gettext_lazy("Publish the agenda"),
    "hold": gettext_lazy("Mark the meeting as held"),
    "approve_minutes": gettext_lazy("Approve the minutes"),
}
BUTTONS = {
    "lock": gettext_lazy("Yes, lock the agenda"),
    "publish": gettext_lazy("Yes, publish the agenda"),
    "hold": gettext_lazy("Yes, the meeting was held"),
    "approve_minutes": gettext_lazy("Yes, approve the minutes"),
}


def _trail(meeting: Meeting) -> list[tuple[str, str]]:
    return [
        (reverse("meetings:meeting_list"), _("Meetings")),
        (meeting.get_absolute_url(), str(meeting)),
    ]


def _forum_readers() -> int:
    """The active users who read published agendas: the forum members."""
    return User.objects.filter(groups__name=FORUM_MEMBER, is_active=True).distinct().count()


def step_confirmation(meeting: Meeting, step: str) -> confirm.Confirmation:
    """The confirmation of moving `meeting` on by `step` ("lock", "publish", …)."""
    items = list(meeting.items.select_related("case").order_by("order", "pk"))
    before, _after = STEPS[step]
    refusal: list[str] = []
    if meeting.status != before:
        refusal.append(
            _("The meeting is %(status)s, so this step cannot be taken now.")
            % {"status": meeting.get_status_display()}
        )
    names = {"meeting": str(meeting), "count": len(items)}
    if step == "lock":
        question = ngettext(
            "Lock the agenda of %(meeting)s with its %(count)s item?",
            "Lock the agenda of %(meeting)s with its %(count)s items?",
            len(items),
        )
        consequences = [
            _("Each item's recommendation is taken from its case as it is now."),
            _(
                "Items can no longer be added, moved or removed; a case can only join the agenda "
                "as a supplementary item."
            ),
            _("The agenda cannot be unlocked."),
        ]
        if not items:
            refusal.append(_("An agenda with no items cannot be locked."))
        unresolved = open_finding_counts([item.case for item in items])
        open_cases = [item.case.title for item in items if unresolved.get(item.case_id)]
        if open_cases:
            refusal.append(
                _(
                    "Resolve or acknowledge every consistency finding first. Open findings in: "
                    "%(cases)s."
                )
                % {"cases": "; ".join(open_cases)}
            )
    elif step == "publish":
        closed = sum(1 for item in items if item.closed)
        readers = _forum_readers()
        question = _("Publish the agenda of %(meeting)s to the forum?")
        consequences = [
            ngettext(
                "The agenda and its open items become visible to the %(count)s forum member "
                "in Rummelig.",
                "The agenda and its open items become visible to the %(count)s forum members "
                "in Rummelig.",
                readers,
            )
            % {"count": readers},
            ngettext(
                "%(count)s closed item stays hidden from them.",
                "%(count)s closed items stay hidden from them.",
                closed,
            )
            % {"count": closed},
            _("A published agenda cannot be withdrawn."),
        ]
    elif step == "hold":
        question = _("Mark %(meeting)s as held?")
        consequences = [
            _("The agenda can then no longer change, not even by supplementary items."),
            _("Next, record the meeting's decision on each item."),
        ]
    else:
        decided = set(
            ItemDecision.objects.filter(item__meeting=meeting).values_list("item_id", flat=True)
        )
        undecided = [str(item.number) for item in items if item.pk not in decided]
        question = _("Approve the minutes of %(meeting)s?")
        consequences = [
            ngettext(
                "The decision on its %(count)s item can then no longer be corrected.",
                "The decisions on its %(count)s items can then no longer be corrected.",
                len(items),
            )
            % {"count": len(items)},
        ]
        if undecided:
            refusal.append(
                _("Record a decision on every item first. Items without one: %(items)s.")
                % {"items": ", ".join(undecided)}
            )
    return confirm.Confirmation(
        title=str(TITLES[step]),
        question=question % names,
        consequences=consequences,
        refusal=refusal,
        button=str(BUTTONS[step]),
        danger=False,
        cancel_url=meeting.get_absolute_url(),
        trail=_trail(meeting),
    )


def item_remove_confirmation(item: AgendaItem) -> confirm.Confirmation:
    """The confirmation of taking `item` off its meeting's agenda."""
    meeting = item.meeting
    later = meeting.items.filter(order__gt=item.order).count()
    consequences = []
    if later:
        consequences.append(
            ngettext(
                "The %(count)s item after it moves up one number.",
                "The %(count)s items after it move up one number.",
                later,
            )
            % {"count": later}
        )
    consequences += [
        _("The case itself is not changed."),
        _("Right after the removal, you can undo it."),
    ]
    refusal = []
    if meeting.status != Status.PLANNING:
        refusal.append(
            _(
                "The agenda is locked (the meeting is %(status)s): items can no longer be "
                "added, moved or removed."
            )
            % {"status": meeting.get_status_display()}
        )
    return confirm.Confirmation(
        title=_("Remove the item from the agenda"),
        question=_("Take item %(number)s, “%(case)s”, off the agenda of %(meeting)s?")
        % {"number": item.number, "case": item.case.title, "meeting": str(meeting)},
        consequences=consequences,
        refusal=refusal,
        button=_("Yes, remove the item"),
        cancel_url=meeting.get_absolute_url(),
        trail=_trail(meeting),
    )
