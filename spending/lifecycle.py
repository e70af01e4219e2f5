"""The lifecycles of a spending report and of a payment, for their step indicators.

A report: entered by the secretariat (a draft, or returned for changes: back to this step),
submitted for review, accepted. A payment: proposed, authorised by a second person (four
eyes), paid. Pure: the status and what the user may do in, the steps and the next action out;
the services (`spending.services`) still guard every step.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.steps import Action, Lifecycle, steps_at

# `SpendingReport.Status`, in the order of the steps (returned goes back to the first).
REPORT_STEP = {"draft": 0, "returned": 0, "submitted": 1, "accepted": 2}
# `Payment.Status`, in order.
PAYMENT_ORDER = ("proposed", "authorised", "paid")


def report_lifecycle(
    *,
    status: str,
    has_content: bool,
    may_enter: bool,
    may_review: bool,
    submitted_it: bool,
    may_pay: bool,
) -> Lifecycle:
    """The steps of a report in `status`; the next action for a user who `may_enter` (the
    secretariat), `may_review` or `may_pay` (the region), and who may have `submitted_it`.

    An entered report is submitted once it has lines or a status text (`has_content`); until
    then adding a line comes first. The one who submitted a report does not accept it.
    """
    titles = (_("Entered by the project"), _("Submitted for review"), _("Accepted"))
    returned = status == "returned"
    steps = steps_at(
        titles,
        REPORT_STEP[status],
        notes={0: _("Returned for changes")} if returned else None,
        error=returned,
    )
    action: Action | None = None
    waiting = ""
    if status in ("draft", "returned"):
        if may_enter:
            action = (
                Action("submit", _("Submit for review"))
                if has_content
                else Action("add_line", _("Add a line"))
            )
        else:
            waiting = _("The project's secretariat enters the report and submits it.")
    elif status == "submitted":
        if may_review and not submitted_it:
            action = Action("accept", _("Accept the report"))
        elif may_review:
            waiting = _("You submitted this report: another person must review and accept it.")
        else:
            waiting = _("The region reviews the report.")
    elif may_pay:
        action = Action("propose_payment", _("Propose a payment of this report"))
    return Lifecycle(
        title=_("The report's steps"), steps=steps, next_action=action, waiting=waiting
    )


def payment_lifecycle(*, status: str, manages: bool, proposed_it: bool) -> Lifecycle:
    """The steps of a payment in `status`; the next action for a user who `manages` payments
    (the region), unless the step is authorising and the user `proposed_it` (four eyes)."""
    titles = (_("Proposed"), _("Authorised by a second person"), _("Paid"))
    steps = steps_at(titles, PAYMENT_ORDER.index(status))
    action: Action | None = None
    waiting = ""
    if status == "proposed":
        if manages and not proposed_it:
            action = Action("authorise", _("Authorise the payment"))
        elif manages:
            waiting = _("You proposed this payment: another person must authorise it.")
        else:
            waiting = _("The region authorises the payment.")
    elif status == "authorised":
        if manages:
            action = Action("mark_paid", _("Mark as paid"))
        else:
            waiting = _("The region pays the payment.")
    return Lifecycle(
        title=_("The payment's steps"), steps=steps, next_action=action, waiting=waiting
    )
