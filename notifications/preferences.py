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


def channel_for(user: AbstractBaseUser, event: str) -> str:
    """The channel `user` hears `event` on (in the app only for a type no longer registered)."""
    kind = events.get(event)
    if kind is None:
        return Channel.APP
    return channels_of(user, [kind])[event]


def channels_of(user: AbstractBaseUser, kinds: Iterable[events.EventType]) -> dict[str, str]:
    """The channel of each type for `user`, in three queries (the preferences page)."""
    kinds = list(kinds)
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
