"""A notification's words: its title in the reader's language, from the details kept as data.

Details are kept as plain JSON (text, whole numbers, dates as {"date": ISO}, kroner as
{"kr": n}) and formatted when shown, in the language active then (the page's, or the
recipient's for an e-mail), so a Danish reader sees "31.03.2027" and "1.200.000 kr.".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from notifications import events

Detail = str | int | dict[str, Any]


def stored(value: object) -> Detail:
    """`value` as the JSON a notification keeps."""
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, dict) and set(value) <= {"kr", "date"}:
        return dict(value)  # already kept as data (`kroner`)
    return str(value)


def kroner(amount: int) -> dict[str, int]:
    return {"kr": int(amount)}


def shown(value: Detail) -> str:
    if isinstance(value, dict):
        if "date" in value:
            return str(formats.date_format(date.fromisoformat(value["date"]), "SHORT_DATE_FORMAT"))
        if "kr" in value:
            amount = formats.number_format(value["kr"], decimal_pos=0, force_grouping=True)
            return _("%(amount)s kr.") % {"amount": amount}
    return str(value)


def title(event: str, params: Mapping[str, Detail]) -> str:
    """The notification's title; the event's code when its type is no longer registered."""
    kind = events.get(event)
    if kind is None:
        return event
    details = {name: shown(value) for name, value in params.items()}
    try:
        return str(kind.title).format(**details)
    except (KeyError, IndexError, ValueError):
        # A translation that names a detail the event does not carry reads as the label.
        return str(kind.label)


def label(event: str) -> str:
    kind = events.get(event)
    return str(kind.label) if kind else event
