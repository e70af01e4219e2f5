"""The filters of the notifications page: state, event group or type, and period.

The event types are registered by the rooms (`notifications.events`), so the choices are read
when the filter is made, not when this module is imported. A value that is no choice (an old
link, a typed address) is left out of the filtering and never fails the page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from notifications import events
from notifications.models import Notification

WAITING, UNREAD, READ = "waiting", "unread", "read"
STATES = [
    (WAITING, _("Waiting (unread, step not done)")),
    (UNREAD, _("Unread")),
    (READ, _("Read")),
]
PERIODS = {"7": 7, "30": 30, "365": 365}
PERIOD_CHOICES = [
    ("7", _("The last 7 days")),
    ("30", _("The last 30 days")),
    ("365", _("The last year")),
]


def group_key(kind: events.EventType) -> str:
    """The group's name in the source language: the same link filters in every language."""
    with translation.override(None):
        return str(kind.group)


def _groups() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for kind in events.event_types():
        seen.setdefault(group_key(kind), str(kind.group))
    return sorted(seen.items(), key=lambda pair: pair[1])


def _event_choices() -> list[tuple[str, Any]]:
    """The event types, grouped under their group's name (an `<optgroup>` each)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for kind in events.event_types():
        grouped.setdefault(str(kind.group), []).append((kind.code, str(kind.label)))
    return [(group, sorted(kinds, key=lambda pair: pair[1])) for group, kinds in grouped.items()]


class NotificationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=STATES, label=_("State"), empty_label=_("All"), method="by_state"
    )
    group = django_filters.ChoiceFilter(
        choices=[], label=_("Group"), empty_label=_("All"), method="by_group"
    )
    event = django_filters.ChoiceFilter(
        choices=[], label=_("Event"), empty_label=_("All"), method="by_event"
    )
    period = django_filters.ChoiceFilter(
        choices=PERIOD_CHOICES, label=_("Period"), empty_label=_("Any time"), method="by_period"
    )

    class Meta:
        model = Notification
        fields = ["state", "group", "event", "period"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["group"].extra["choices"] = _groups()
        self.filters["event"].extra["choices"] = _event_choices()

    def by_state(self, queryset: QuerySet[Notification], name: str, value: str) -> Any:
        if value == WAITING:
            return queryset.waiting()  # type: ignore[attr-defined]
        if value == UNREAD:
            return queryset.filter(read_at__isnull=True)
        if value == READ:
            return queryset.filter(read_at__isnull=False)
        return queryset

    def by_group(self, queryset: QuerySet[Notification], name: str, value: str) -> Any:
        codes = [kind.code for kind in events.event_types() if group_key(kind) == value]
        return queryset.filter(event__in=codes)

    def by_event(self, queryset: QuerySet[Notification], name: str, value: str) -> Any:
        return queryset.filter(event=value)

    def by_period(self, queryset: QuerySet[Notification], name: str, value: str) -> Any:
        days = PERIODS.get(value)
        if days is None:
            return queryset
        return queryset.filter(created_at__gte=timezone.now() - timedelta(days=days))
