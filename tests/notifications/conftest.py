"""Test event types for the notification pages, registered as a room registers its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from accounts.roles import REGIONAL_STAFF, SECRETARIAT
from notifications import events, services
from notifications.models import Channel, Notification

SUBMITTED = "tests.report_submitted"
PAID = "tests.payment_paid"
STAFF_ONLY = "tests.staff_only"


@pytest.fixture
def kinds() -> Iterator[list[events.EventType]]:
    registered = [
        events.register(
            events.EventType(
                code=SUBMITTED,
                group="Spending reports",
                label="Spending report submitted",
                title="{project}: spending report for {period} submitted",
                defaults={REGIONAL_STAFF: Channel.EMAIL},
                asks=True,
            )
        ),
        events.register(
            events.EventType(
                code=PAID,
                group="Payments",
                label="Payment paid",
                title="{project}: {amount} paid",
                defaults={SECRETARIAT: Channel.DIGEST},
            )
        ),
        events.register(
            events.EventType(
                code=STAFF_ONLY,
                group="Payments",
                label="Payment proposed",
                title="{project}: payment proposed",
                roles=frozenset({REGIONAL_STAFF}),
            )
        ),
    ]
    yield registered
    for kind in registered:
        events._TYPES.pop(kind.code, None)


def tell(
    user: AbstractBaseUser, event: str = SUBMITTED, *, key: str = "1", url: str = "/"
) -> Notification:
    """Tell `event` to `user` (in the app only, whatever their channel) and return it."""
    params = {"project": "Rummelig imidt", "period": "2027-1", "amount": {"kr": 1_200}}
    with transaction.atomic():
        services.notify(event, key=key, recipients=[user], url=url, params=params)
    notification = Notification.objects.get(event=event, key=key, recipient_id=user.pk)
    return notification
