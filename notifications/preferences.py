"""Which channel a user hears an event type on: their choice, else the role's default.

The user's own `Preference` wins; else the administrators' `RoleDefault` of the first of the
user's roles (in `ROLE_ORDER`) that has one; else the event type's default for that role; else
in the app only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser

from accounts import roles
from notifications import events
from notifications.models import Channel, Preference, RoleDefault

# Of a user's roles, the one whose defaults apply: the most engaged with the work first.
ROLE_ORDER = (
    roles.ADMINISTRATOR,
    roles.REGIONAL_STAFF,
    roles.SECRETARIAT,
    roles.APPLICANT,
    roles.FORUM_MEMBER,
)


def role_of(user: AbstractBaseUser) -> str | None:
    held = roles.group_names(user)
    return next((code for code in ROLE_ORDER if code in held), None)


def default_channel(role: str | None, event: str) -> str:
    """The default for `role` of `event`: the administrators' setting, else the type's own."""
    if role is None:
        return Channel.APP
    chosen = RoleDefault.objects.filter(role=role, event=event).values_list("channel", flat=True)
    for channel in chosen:
        return str(channel)
    kind = events.get(event)
    return str(kind.defaults.get(role, Channel.APP)) if kind else Channel.APP


def channel_for(user: AbstractBaseUser, event: str) -> str:
    own = Preference.objects.filter(user_id=user.pk, event=event).values_list("channel", flat=True)
    for channel in own:
        return str(channel)
    return default_channel(role_of(user), event)


def channels_of(user: AbstractBaseUser, kinds: Iterable[events.EventType]) -> dict[str, str]:
    """The channel of each type for `user`, in three queries (the preferences page)."""
    codes = [kind.code for kind in kinds]
    own = dict(
        Preference.objects.filter(user_id=user.pk, event__in=codes).values_list("event", "channel")
    )
    role = role_of(user)
    set_by_admin = dict(
        RoleDefault.objects.filter(role=role or "", event__in=codes).values_list("event", "channel")
    )
    chosen: dict[str, str] = {}
    for kind in kinds:
        if kind.code in own:
            chosen[kind.code] = own[kind.code]
        elif kind.code in set_by_admin:
            chosen[kind.code] = set_by_admin[kind.code]
        else:
            chosen[kind.code] = str(kind.defaults.get(role or "", Channel.APP))
    return chosen
