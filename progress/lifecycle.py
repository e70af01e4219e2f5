"""A reported value's lifecycle, for its step indicator: reported by the project, approved by
the region (or returned, with a reason: the project reports a new value), counted toward its
target. Pure: the status and what the user may do in, the steps and the next action out; the
services (`progress.services`) still guard every step.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.steps import Action, Lifecycle, steps_at

# `ReportedValue.Status` → its step; a returned value stays at the approval, marked.
STEP = {"submitted": 1, "returned": 1, "approved": 2}


def reported_lifecycle(
    *, status: str, may_decide: bool, reported_it: bool, may_report: bool
) -> Lifecycle:
    """The steps of a value in `status`; the next action for a user who `may_decide` (the
    region, unless they `reported_it`) or `may_report` (the project's secretariat)."""
    titles = (
        _("Reported by the project"),
        _("Approval by the region"),
        _("Counts toward the target"),
    )
    returned = status == "returned"
    steps = steps_at(
        titles,
        STEP[status],
        notes={1: _("Returned: report the value again")} if returned else None,
        error=returned,
    )
    action: Action | None = None
    waiting = ""
    if status == "submitted":
        if may_decide and not reported_it:
            action = Action("approve", _("Approve the value"))
        elif may_decide:
            waiting = _(
                "A value is approved or returned by someone other than the one who reported it."
            )
        else:
            waiting = _("The region approves or returns the value.")
    elif returned and may_report:
        action = Action("report_again", _("Report the value again"))
    return Lifecycle(title=_("The value's steps"), steps=steps, next_action=action, waiting=waiting)
