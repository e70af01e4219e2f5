"""What progress tells: a value reported for approval, and the answer to it.

A value the secretariat reports asks regional staff who follow the project to approve or return
it (by e-mail by default); the answer tells the project's secretariat, and settles the first.
Each is told inside the service's write (`progress.services`), to those who may see the value.
The notifications name the project, the indicator's code and the period, never a person.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMINISTRATOR, REGIONAL_STAFF, SECRETARIAT
from grants.public import audience
from notifications import events, services
from notifications.models import Channel
from progress.models import ReportedValue

SUBMITTED = "progress.value_submitted"
RETURNED = "progress.value_returned"
APPROVED = "progress.value_approved"

GROUP = _("Reported values")


def register_events() -> None:
    events.register(
        events.EventType(
            code=SUBMITTED,
            group=GROUP,
            label=_("A reported value awaits approval"),
            title=_("{project}: value for {indicator}, {start}–{end}, awaits approval"),
            defaults={REGIONAL_STAFF: Channel.EMAIL},
            asks=True,
            roles=frozenset({REGIONAL_STAFF, ADMINISTRATOR}),
        )
    )
    events.register(
        events.EventType(
            code=RETURNED,
            group=GROUP,
            label=_("A reported value was returned"),
            title=_("{project}: value for {indicator}, {start}–{end}, was returned"),
            # It asks the project to look at the reason and report again.
            defaults={SECRETARIAT: Channel.EMAIL},
            roles=frozenset({SECRETARIAT}),
        )
    )
    events.register(
        events.EventType(
            code=APPROVED,
            group=GROUP,
            label=_("A reported value was approved"),
            title=_("{project}: value for {indicator}, {start}–{end}, was approved"),
            roles=frozenset({SECRETARIAT}),
        )
    )


def _params(reported: ReportedValue) -> dict[str, object]:
    target = reported.target
    return {
        "project": target.decision.project.name,
        "indicator": target.indicator.code,
        "start": reported.period_start,
        "end": reported.period_end,
    }


def value_submitted(reported: ReportedValue, *, by: AbstractBaseUser) -> None:
    """Ask the staff who follow the project to approve or return `reported`."""
    project = reported.target.decision.project
    services.notify(
        SUBMITTED,
        key=str(reported.pk),
        recipients=audience.following(project),
        target=reported,
        url=reported.get_absolute_url(),
        params=_params(reported),
        # Only who may approve it is asked to; that is narrower than who may read it.
        permission="progress.decide_reportedvalue",
        exclude=[by],
    )


def value_decided(reported: ReportedValue, *, by: AbstractBaseUser) -> None:
    """Tell the project's secretariat that `reported` was approved or returned."""
    event = APPROVED if reported.status == ReportedValue.Status.APPROVED else RETURNED
    services.settle(reported, [SUBMITTED])
    services.notify(
        event,
        key=str(reported.pk),
        recipients=audience.secretariat(reported.target.decision.project_id),
        target=reported,
        url=reported.get_absolute_url(),
        params=_params(reported),
        permission="progress.view_reportedvalue",
        exclude=[by],
    )
