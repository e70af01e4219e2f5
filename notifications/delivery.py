"""Send each e-mail once; retry a failing mail server with back-off; gather the daily digests.

Sending claims the e-mail first (pending → sending, in one UPDATE), so a task delivered twice,
or retried after a crash, finds it claimed and sends nothing. A mail server that refuses or
cannot be reached puts the e-mail back as pending with its next attempt later each time
(`backoff`), queued for then on the task backend; after `NOTIFICATION_EMAIL_ATTEMPTS` attempts
it is failed, and administrators see it (admin, "Notification e-mails", and the sweep's log).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from notifications.mail import compose
from notifications.models import Channel, Email, Notification

logger = logging.getLogger(__name__)

# An e-mail claimed this long ago and not marked sent was cut off mid-send (a worker died):
# whether the server took it cannot be known, and sending it again could send it twice.
INTERRUPTED_AFTER = timedelta(hours=1)


def queue_email(email_id: int, *, at: datetime | None = None) -> None:
    """Queue the sending of e-mail `email_id` (at `at`, or now) on the task backend."""
    try:
        task = send_email.using(queue_name=settings.JOBS_QUEUE, run_after=at)
        task.enqueue(email_id)
    except Exception:
        # The queue is down: the periodic sweep (`delivery.sweep`) queues it later. A write
        # that told someone must not fail because the message cannot be queued now.
        logger.exception("could not queue e-mail %s; the sweep will", email_id)


@task()
def send_email(email_id: int) -> str:
    """The task: send one e-mail once (`send`)."""
    return send(email_id)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 4, 16, 64 minutes, then 4 hours."""
    return timedelta(minutes=min(4 ** max(attempts - 1, 0), 240))


def _claim(email_id: int, now: datetime) -> bool:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return bool(
        Email.objects.filter(due, pk=email_id, state=Email.State.PENDING).update(
            state=Email.State.SENDING, attempts=F("attempts") + 1, next_attempt_at=now
        )
    )


def send(email_id: int, *, now: datetime | None = None) -> str:
    """Send e-mail `email_id` if it is due and not claimed; its state afterwards."""
    moment = now or timezone.now()
    if not _claim(email_id, moment):
        return "skipped"
    email = Email.objects.select_related("recipient").get(pk=email_id)
    try:
        compose(email).send(fail_silently=False)
    except Exception as failure:  # SMTP refusals, timeouts, DNS: all retried the same way
        return _failed(email, failure, moment)
    Email.objects.filter(pk=email.pk).update(
        state=Email.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return Email.State.SENT


def _failed(email: Email, failure: Exception, moment: datetime) -> str:
    error = f"{type(failure).__name__}: {failure}"[:2000]
    if email.attempts >= settings.NOTIFICATION_EMAIL_ATTEMPTS:
        logger.error("e-mail %s failed after %s attempts: %s", email.pk, email.attempts, error)
        Email.objects.filter(pk=email.pk).update(state=Email.State.FAILED, last_error=error)
        return Email.State.FAILED
    at = moment + backoff(email.attempts)
    logger.warning("e-mail %s failed (%s), again at %s: %s", email.pk, email.attempts, at, error)
    Email.objects.filter(pk=email.pk).update(
        state=Email.State.PENDING, next_attempt_at=at, last_error=error
    )
    queue_email(email.pk, at=at)
    return Email.State.PENDING


def retry(email: Email) -> None:
    """An administrator sends a failed e-mail again: pending, due now, attempts counted anew."""
    Email.objects.filter(pk=email.pk, state=Email.State.FAILED).update(
        state=Email.State.PENDING, attempts=0, next_attempt_at=None
    )
    transaction.on_commit(lambda: queue_email(email.pk))


def sweep(*, now: datetime | None = None) -> int:
    """Queue again what a lost task left pending, and fail what a dead worker left sending."""
    moment = now or timezone.now()
    late = moment - timedelta(minutes=10)
    stuck = Email.objects.filter(
        Q(next_attempt_at__lte=late) | Q(next_attempt_at__isnull=True, created_at__lte=late),
        state=Email.State.PENDING,
    ).values_list("pk", flat=True)
    queued = 0
    for email_id in stuck:
        queue_email(email_id)
        queued += 1
    Email.objects.filter(
        state=Email.State.SENDING, next_attempt_at__lte=moment - INTERRUPTED_AFTER
    ).update(
        state=Email.State.FAILED,
        last_error="Interrupted while sending; not sent again, so that it is not sent twice.",
    )
    return queued


def gather_digests(*, day: date | None = None) -> int:
    """Put each recipient's digest notifications not yet sent into one e-mail of `day`."""
    today = day or timezone.localdate()
    waiting = Notification.objects.filter(channel=Channel.DIGEST, email__isnull=True)
    made = 0
    for recipient_id in waiting.values_list("recipient_id", flat=True).distinct().order_by():
        with transaction.atomic():
            email, created = Email.objects.get_or_create(
                key=f"digest:{recipient_id}:{today.isoformat()}",
                defaults={"recipient_id": recipient_id, "kind": Email.Kind.DIGEST},
            )
            if not created and email.state != Email.State.PENDING:
                # Today's digest is out already; these go in tomorrow's.
                continue
            waiting.filter(recipient_id=recipient_id).update(email=email)
            transaction.on_commit(partial(queue_email, email.pk))
            made += int(created)
    return made
