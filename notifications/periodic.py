"""The notifications room's periodic work: the daily digests, and the sweep of lost e-mails."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jobs.schedule import Periodic, register
from notifications import delivery


def register_periodic() -> None:
    register(
        Periodic(
            name="notifications.digests",
            label=_("Send the daily digests"),
            when=lambda: {"hour": settings.DIGEST_HOUR, "minute": 0},
            run=delivery.gather_digests,
        )
    )
    register(
        Periodic(
            name="notifications.sweep",
            label=_("Queue e-mails a lost task left waiting"),
            when=lambda: {"minute": "*/10"},
            run=delivery.sweep,
            grace_seconds=5 * 60,
        )
    )
