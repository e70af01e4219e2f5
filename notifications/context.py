"""Context processor: the bell's count of waiting notifications, worked out only when used.

Every page's header shows the bell to a signed-in user; the count costs one query, made when
the template reads `notifications_waiting` (never for an anonymous visitor, never for a page
that does not show the header).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from notifications.services import waiting_count


class _Count:
    """The count as the template reads it: a number, and whether there is any."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._value: int | None = None

    @property
    def value(self) -> int:
        if self._value is None:
            user = self.request.user
            self._value = waiting_count(user) if user.is_authenticated else 0
        return self._value

    def __int__(self) -> int:
        return self.value

    def __str__(self) -> str:
        return str(self.value)

    def __bool__(self) -> bool:
        return self.value > 0


def notifications(request: HttpRequest) -> Mapping[str, Any]:
    return {"notifications_waiting": _Count(request)}
