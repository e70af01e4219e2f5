"""A user's own choices: the channel of each event type, and the language of their e-mails.

Written with the author named in the audit history (the user, or for an unsubscribe link the
user the signed link names). The preferences page stores a `Preference` only where the user's
choice differs from the default their role gets (`defaults_of`), and removes
one that has come back to the default: saving the page unchanged then pins nothing, and an
administrator's later change of a role's default still reaches everyone who never chose
otherwise. An unsubscribe from an e-mail is an explicit "no e-mail", kept as a row whatever
the default is, so that a later default of e-mail does not start the mails again.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from core import audit
from notifications import events
from notifications.models import Channel, MailSettings, Preference, RoleDefault
from notifications.preferences import role_of


def defaults_of(user: AbstractBaseUser, codes: list[str]) -> dict[str, str]:
    """The channel `user`'s role gets of each event type in `codes` (one query)."""
    role = role_of(user)
    set_by_admin = dict(
        RoleDefault.objects.filter(role=role or "", event__in=codes).values_list("event", "channel")
    )
    chosen: dict[str, str] = {}
    for code in codes:
        kind = events.get(code)
        own_default = str(kind.defaults.get(role or "", Channel.APP)) if kind else Channel.APP
        chosen[code] = set_by_admin.get(code, own_default)
    return chosen


@transaction.atomic
def save_preferences(
    user: AbstractBaseUser,
    channels: Mapping[str, str],
    *,
    language: str | None,
    by: AbstractBaseUser,
) -> int:
    """Store `user`'s channel of each event type in `channels`; the number of rows changed."""
    defaults = defaults_of(user, list(channels))
    own = {pref.event: pref for pref in Preference.objects.filter(user_id=user.pk)}
    changed = 0
    for code, channel in channels.items():
        if events.get(code) is None or channel not in Channel.values:
            continue
        current = own.get(code)
        if channel == defaults[code]:
            if current is not None:
                audit.delete(current, by=by)
                changed += 1
            continue
        if current is None:
            audit.save(Preference(user_id=user.pk, event=code, channel=channel), by=by)
            changed += 1
        elif current.channel != channel:
            current.channel = channel
            audit.save(current, by=by)
            changed += 1
    if language is not None:
        changed += save_language(user, language, by=by)
    return changed


def save_language(user: AbstractBaseUser, language: str, *, by: AbstractBaseUser) -> int:
    """Set the language of `user`'s e-mails; 1 if it changed."""
    if language not in dict(settings.LANGUAGES):
        return 0
    current = MailSettings.objects.filter(user_id=user.pk).first()
    if current is None:
        if language == settings.LANGUAGE_CODE:
            return 0
        audit.save(MailSettings(user_id=user.pk, language=language), by=by)
        return 1
    if current.language == language:
        return 0
    current.language = language
    audit.save(current, by=by)
    return 1


@transaction.atomic
def unsubscribe(user: AbstractBaseUser, event: str) -> bool:
    """Stop e-mails of `event` to `user`: in the app only from now on. True if it changed."""
    current = Preference.objects.select_for_update().filter(user_id=user.pk, event=event).first()
    if current is None:
        audit.save(Preference(user_id=user.pk, event=event, channel=Channel.APP), by=user)
        return True
    if current.channel in (Channel.APP, Channel.OFF):
        return False
    current.channel = Channel.APP
    audit.save(current, by=user)
    return True
