"""What the spending room tells its users of reports and payments (issue 27).

Each event type is registered once, from `SpendingConfig.ready` (`register_events`); each
service whose write makes an event calls its function here inside that write's transaction,
so a write rolled back tells nobody. A notification carries the project's name, the report's
period and the payment's amount, never a person's data, and reaches only those who may see its
report or payment (the object's view permission, checked per recipient by `notify`). The
reporting deadlines' reminders are the periodic work of `spending.reminders`.

| event               | told to                                        | settled by               |
|---------------------|------------------------------------------------|--------------------------|
| report submitted    | the staff following the project                | accepted, returned       |
| report returned     | the project's secretariat                      | submitted again          |
| report accepted     | the project's secretariat                      | —                        |
| payment proposed    | who may authorise it, never the proposer       | authorised, withdrawn    |
| payment authorised  | the proposer and the project's secretariat     | —                        |
| payment paid        | the proposer and the project's secretariat     | —                        |
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMINISTRATOR, REGIONAL_STAFF, SECRETARIAT
from grants.public import audience
from notifications import events, wording
from notifications.models import Channel
from notifications.services import notify, settle
from spending import reminders
from spending.models import Payment, SpendingReport

REPORT_SUBMITTED = "spending.report_submitted"
REPORT_RETURNED = "spending.report_returned"
REPORT_ACCEPTED = "spending.report_accepted"
PAYMENT_PROPOSED = "spending.payment_proposed"
PAYMENT_AUTHORISED = "spending.payment_authorised"
PAYMENT_PAID = "spending.payment_paid"

# The permissions that say who may see a report or a payment (spending/rules.py), and who may
# authorise a payment.
VIEW_REPORTS = "spending.view_reports"
VIEW_PAYMENTS = "spending.view_payments"
MANAGE_PAYMENTS = "spending.manage_payments"

STAFF = frozenset({REGIONAL_STAFF, ADMINISTRATOR})
PROJECT = frozenset({SECRETARIAT, ADMINISTRATOR})
EVERYONE = STAFF | PROJECT


def register_events() -> None:
    reports, payments = _("Spending reports"), _("Payments")
    for kind in (
        events.EventType(
            code=REPORT_SUBMITTED,
            group=reports,
            label=_("Spending report submitted"),
            title=_("{project}: spending report for {period} submitted"),
            defaults={REGIONAL_STAFF: Channel.EMAIL},
            asks=True,
            roles=frozenset({REGIONAL_STAFF}),
        ),
        events.EventType(
            code=REPORT_RETURNED,
            group=reports,
            label=_("Spending report returned for changes"),
            title=_("{project}: spending report for {period} returned for changes"),
            defaults={SECRETARIAT: Channel.EMAIL},
            asks=True,
            roles=PROJECT,
        ),
        events.EventType(
            code=REPORT_ACCEPTED,
            group=reports,
            label=_("Spending report accepted"),
            title=_("{project}: spending report for {period} accepted"),
            defaults={SECRETARIAT: Channel.EMAIL},
            roles=PROJECT,
        ),
        events.EventType(
            code=PAYMENT_PROPOSED,
            group=payments,
            label=_("Payment proposed for authorisation"),
            title=_("{project}: payment of {amount} proposed for authorisation"),
            defaults={REGIONAL_STAFF: Channel.EMAIL},
            asks=True,
            roles=STAFF,
        ),
        events.EventType(
            code=PAYMENT_AUTHORISED,
            group=payments,
            label=_("Payment authorised"),
            title=_("{project}: payment of {amount} authorised"),
            defaults={REGIONAL_STAFF: Channel.EMAIL, SECRETARIAT: Channel.EMAIL},
            roles=EVERYONE,
        ),
        events.EventType(
            code=PAYMENT_PAID,
            group=payments,
            label=_("Payment paid out"),
            title=_("{project}: {amount} paid out on {paid_on}"),
            defaults={SECRETARIAT: Channel.EMAIL},
            roles=EVERYONE,
        ),
    ):
        events.register(kind)


def _moment(report: SpendingReport, at: object) -> str:
    return f"{report.pk}:{at:%Y%m%d%H%M%S%f}" if at is not None else str(report.pk)


def _tell_report(
    event: str,
    report: SpendingReport,
    *,
    key: str,
    recipients: Iterable[AbstractBaseUser],
    by: AbstractBaseUser,
) -> None:
    notify(
        event,
        key=key,
        recipients=recipients,
        target=report,
        url=report.get_absolute_url(),
        params={"project": report.project.name, "period": report.period_label},
        permission=VIEW_REPORTS,
        exclude=[by],
    )


def report_submitted(report: SpendingReport, *, by: AbstractBaseUser) -> None:
    """`report` is handed in: its reviewers hear of it; its deadline is met, its return done."""
    settle(report, [REPORT_RETURNED])
    if report.deadline is not None:
        reminders.settle_reminders(report.deadline)
    _tell_report(
        REPORT_SUBMITTED,
        report,
        key=_moment(report, report.submitted_at),
        recipients=audience.following(report.project),
        by=by,
    )


def report_reviewed(report: SpendingReport, *, by: AbstractBaseUser) -> None:
    """`report` is accepted or returned: its secretariat hears of it; the review is done."""
    settle(report, [REPORT_SUBMITTED])
    event = REPORT_ACCEPTED if report.status == SpendingReport.Status.ACCEPTED else REPORT_RETURNED
    _tell_report(
        event,
        report,
        key=_moment(report, report.reviewed_at),
        recipients=audience.secretariat(report.project_id),
        by=by,
    )


def _payment_params(payment: Payment) -> dict[str, object]:
    params: dict[str, object] = {
        "project": payment.project.name,
        "amount": wording.kroner(payment.amount),
    }
    if payment.status == Payment.Status.PAID:
        params["paid_on"] = payment.dated
    return params


def payment_proposed(payment: Payment, *, by: AbstractBaseUser) -> None:
    """Those who may authorise `payment` hear of it; the one who proposed it cannot."""
    may_authorise = [*audience.regional_staff(), *audience.with_role(ADMINISTRATOR)]
    notify(
        PAYMENT_PROPOSED,
        key=str(payment.pk),
        recipients=may_authorise,
        target=payment,
        url=payment.get_absolute_url(),
        params=_payment_params(payment),
        permission=MANAGE_PAYMENTS,
        exclude=[by],
    )


def payment_withdrawn(payment: Payment) -> None:
    """`payment` (still proposed, about to be deleted) needs no one's authorisation now."""
    settle(payment, [PAYMENT_PROPOSED])


def payment_moved_on(payment: Payment, *, by: AbstractBaseUser) -> None:
    """`payment` is authorised or paid: its proposer and the project's secretariat hear of it."""
    if payment.status == Payment.Status.AUTHORISED:
        settle(payment, [PAYMENT_PROPOSED])
        event = PAYMENT_AUTHORISED
    else:
        event = PAYMENT_PAID
    notify(
        event,
        key=str(payment.pk),
        recipients=[payment.proposed_by, *audience.secretariat(payment.project_id)],
        target=payment,
        url=payment.get_absolute_url(),
        params=_payment_params(payment),
        permission=VIEW_PAYMENTS,
        exclude=[by],
    )
