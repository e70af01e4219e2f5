"""Event types: what a room tells its users about, registered once from its `AppConfig.ready()`.

The notifications room knows no domain. A room (spending, progress, …) describes each of its
events as an `EventType`: a code, the group and label the preferences page shows, the title a
notification carries (a format string over the event's details, translated when shown, so each
recipient reads it in their own language), and the channel each role gets by default. The room
then tells an event with `notifications.services.notify`, naming the recipients by role and
scope, which it knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True, slots=True)
class EventType:
    code: str
    group: str | Promise
    label: str | Promise
    # Over the details the room passes to `notify`, e.g. "{project}: report {period} submitted".
    title: str | Promise
    # The channel (`notifications.models.Channel` value) each role gets unless an administrator
    # or the user says otherwise; a role not named gets it in the app only.
    defaults: Mapping[str, str] = field(default_factory=dict)
    # Whether the notification asks for a step (review, authorise, approve) and so leaves the
    # bell's count once the step is done (`services.settle`), or only tells.
    asks: bool = False
    # The roles that can receive it at all: the preferences page offers it only to them.
    roles: frozenset[str] = frozenset()


_TYPES: dict[str, EventType] = {}


def register(event_type: EventType) -> EventType:
    _TYPES[event_type.code] = event_type
    return event_type


def get(code: str) -> EventType | None:
    return _TYPES.get(code)


def event_types() -> list[EventType]:
    """Every registered type, by group and code."""
    return sorted(_TYPES.values(), key=lambda kind: (str(kind.group), kind.code))


def offered_to(roles: frozenset[str]) -> list[EventType]:
    """The types a user holding `roles` can receive (all of them for no role restriction)."""
    return [kind for kind in event_types() if not kind.roles or kind.roles & roles]
