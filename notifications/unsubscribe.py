"""The unsubscribe link of an e-mail: signed, so that it works without signing in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"


def token(user: AbstractBaseUser, event: str) -> str:
    return signing.dumps({"u": user.pk, "e": event}, salt=SALT, compress=True)


def read(value: str) -> tuple[int, str] | None:
    """The user id and event type a token names; None for a token not ours or altered."""
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, event = data.get("u"), data.get("e")
    if not isinstance(user_id, int) or not isinstance(event, str):
        return None
    return user_id, event


def absolute(path: str) -> str:
    """`path` on the site's public address (SITE_URL), for links in e-mails."""
    return settings.SITE_URL.rstrip("/") + path


def link(user: AbstractBaseUser, event: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[token(user, event)]))
