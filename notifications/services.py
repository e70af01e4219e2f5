"""Tell an event, settle it when its step is done, mark notifications read.

`notify` is called by the room whose write made the event, inside that write's transaction: the
notifications are stored with the write or not at all, and the e-mails that carry them are
queued only once it has committed (`transaction.on_commit`), so a request never waits for a
mail server and a rolled-back write tells nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts import guards
from notifications import events, wording
from notifications.delivery import queue_email
from notifications.models import Channel, Email, Notification
from notifications.preferences import channel_for


def _target_of(target: models.Model | None) -> tuple[ContentType | None, int | None]:
    if target is None:
        return None, None
    return ContentType.objects.get_for_model(target), int(target.pk)


def _may_see(
    user: AbstractBaseUser,
    target: models.Model | None,
    permission: str | None,
    may_see: Callable[[AbstractBaseUser], bool] | None,
) -> bool:
    if not user.is_active:
        return False
    if permission is not None and not guards.has_perm(user, permission, target):
        return False
    return may_see is None or may_see(user)


def notify(
    event: str,
    *,
    key: str,
    recipients: Iterable[AbstractBaseUser],
    target: models.Model | None = None,
    url: str = "",
    params: Mapping[str, object] | None = None,
    permission: str | None = None,
    may_see: Callable[[AbstractBaseUser], bool] | None = None,
    exclude: Iterable[AbstractBaseUser | None] = (),
) -> list[Notification]:
    """Tell `event` (occurrence `key`) to each recipient who may see `target`.

    A recipient is left out when inactive, excluded (the one who did it), without `permission`
    on `target` (django-rules), or refused by `may_see`; and when their channel for the event
    is off. Telling the same occurrence again stores and sends nothing new.
    """
    kind = events.get(event)
    if kind is None:
        raise ValueError(f"unknown event type {event!r}")
    excluded = {user.pk for user in exclude if user is not None}
    target_type, target_id = _target_of(target)
    details = {name: wording.stored(value) for name, value in (params or {}).items()}
    told: list[Notification] = []
    seen: set[object] = set()
    for user in recipients:
        if user.pk in seen or user.pk in excluded:
            continue
        seen.add(user.pk)
        if not _may_see(user, target, permission, may_see):
            continue
        channel = channel_for(user, event)
        if channel == Channel.OFF:
            continue
        notification = _store(user, event, key, channel, target_type, target_id, url, details)
        if notification is not None:
            told.append(notification)
    return told


def _store(
    user: AbstractBaseUser,
    event: str,
    key: str,
    channel: str,
    target_type: ContentType | None,
    target_id: int | None,
    url: str,
    details: dict[str, wording.Detail],
) -> Notification | None:
    """The new notification (and its e-mail), or None when this occurrence was told before."""
    if not getattr(user, "email", ""):
        # No address: the app is the only way to reach them.
        channel = Channel.APP
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient_id=user.pk,
                event=event,
                key=key[:200],
                channel=channel,
                target_type=target_type,
                target_id=target_id,
                url=url,
                params=details,
            )
    except IntegrityError:
        return None
    if channel == Channel.EMAIL:
        email = Email.objects.create(
            recipient_id=user.pk, kind=Email.Kind.IMMEDIATE, key=f"n:{notification.pk}"
        )
        Notification.objects.filter(pk=notification.pk).update(email=email)
        notification.email = email
        transaction.on_commit(lambda: queue_email(email.pk))
    return notification


def settle(target: models.Model, events_done: Iterable[str]) -> int:
    """The step the notifications of `events_done` on `target` asked for is done."""
    target_type, target_id = _target_of(target)
    return Notification.objects.filter(
        target_type=target_type,
        target_id=target_id,
        event__in=list(events_done),
        settled_at__isnull=True,
    ).update(settled_at=timezone.now())


def mark_read(user: AbstractBaseUser, ids: Iterable[int]) -> int:
    return Notification.objects.filter(
        recipient_id=user.pk, pk__in=list(ids), read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(
    user: AbstractBaseUser, among: models.QuerySet[Notification] | None = None
) -> int:
    """Mark every unread notification of `user` read (of `among`, the filtered list, if given)."""
    notifications = among if among is not None else Notification.objects.all()
    return notifications.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def waiting_count(user: AbstractBaseUser) -> int:
    """What the bell shows: unread notifications whose step is not yet done."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk).waiting().count()
