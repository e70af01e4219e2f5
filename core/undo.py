"""Undo ("Fortryd") of a deletion, from the audit history.

Where the history keeps all of a deleted row (django-simple-history writes a record of the row
as it was when deleted) and nothing outside the database went with it (no stored file deleted
on commit), the message after the deletion offers a button that undoes it: `offer` puts the
address of the app's restore view into the message, `undo_url` reads it back for the page
(`base.html`, through the `undo_url` filter of `core_tags`), which draws the button as a small
POST form. The message's text stays plain text, escaped like any other.

The restore view finds the deletion with `deletion_or_404`, checks access through its parent
and calls the app's restore service, which checks what creating the row checks (the report is
still editable, the meeting still in planning, no other row has taken its name) and then saves
`row_of(record)` again under its old id with `core.audit`, so the history goes on where it
stopped: created, deleted, created again, each naming its author.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from core.refusals import refusal_messages

M = TypeVar("M", bound=models.Model)

# The first of a message's extra tags when the message offers undo; the second is the address.
TAG = "undo"


def offer(request: HttpRequest, message: str, url: str) -> None:
    """A success message with an undo button that POSTs to `url` (a path of this site)."""
    if not url.startswith("/") or url.startswith("//") or any(c.isspace() for c in url):
        raise ValueError(f"Not a path of this site: {url!r}")
    messages.success(request, message, extra_tags=f"{TAG} {url}")


def destroy(request: HttpRequest, write: Callable[[], object], *, done: str, url: str) -> None:
    """Run a deleting service's `write`: its refusal becomes the page's error messages, its
    success a message that offers to undo it at `url` (the restore view's path)."""
    try:
        write()
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        offer(request, done, url)


def undo_url(message: Message) -> str:
    """The address `message` offers undo at, or "" when it offers none."""
    tags = (message.extra_tags or "").split()
    if len(tags) == 2 and tags[0] == TAG and tags[1].startswith("/"):
        return tags[1] if not tags[1].startswith("//") else ""
    return ""


def deletion(model: type[models.Model], pk: int) -> Any | None:
    """The historical record of `model`'s row `pk` as it was deleted, if that deletion is the
    last thing its history records (the row is not back already)."""
    history = getattr(model, "history", None)
    if history is None:
        raise TypeError(f"{model.__name__} keeps no history to undo from")
    record = (
        history.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record if record is not None and record.history_type == "-" else None


def deletion_or_404(model: type[models.Model], pk: int) -> Any:
    """`deletion(model, pk)`, or 404 when there is none to undo."""
    record = deletion(model, pk)
    if record is None:
        raise Http404
    return record


def row_of(record: Any, model: type[M]) -> M:
    """The deleted row as `record` keeps it: unsaved, with its old id.

    Refused (ValidationError) when a row it points to has been deleted since: the row cannot
    come back without it, and its checks would not even run.
    """
    row = record.instance
    if not isinstance(row, model):
        raise TypeError(f"The record is of {type(row).__name__}, not {model.__name__}")
    gone = [
        str(field.verbose_name)
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and getattr(row, field.attname) is not None
        and not field.related_model._default_manager.filter(  # type: ignore[union-attr]
            pk=getattr(row, field.attname)
        ).exists()
    ]
    if gone:
        raise ValidationError(
            _("It cannot come back: what it belonged to has been deleted since (%(what)s).")
            % {"what": ", ".join(gone)},
            code="parent_gone",
        )
    return row
