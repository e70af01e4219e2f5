"""The notification tasks, on whichever backend TASKS configures (database or Redis)."""

from __future__ import annotations

from django_tasks import task

from notifications import delivery


@task()
def send_email(email_id: int) -> str:
    """Send one e-mail once (`notifications.delivery.send`)."""
    return delivery.send(email_id)
