"""The one audited write: every change is saved with its author named in the audit history.

Every writer (a service called from a page, the admin, an import, a command, a background job)
names who writes, once, with `authored_by(user)` or through `save`/`delete`/`bulk_create`/
`bulk_update` here, which take `by` explicitly. The author is held in a context variable for
the duration of the write, and every historical record django-simple-history creates in that
time names them (`_name_author`, connected in `core.apps`): the row itself, the rows its save
cascades to, its many-to-many links. Nothing else names an author: no request middleware, no
attribute set on an instance. A write made outside `authored_by` records no author, which the
history walk in the tests refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils import timezone
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.integrity import conflicts_refused

if TYPE_CHECKING:
    # Only for the annotations: `core.apps` imports this module before the auth models load.
    from django.contrib.auth.base_user import AbstractBaseUser

M = TypeVar("M", bound=models.Model)

_author: ContextVar[AbstractBaseUser | None] = ContextVar("rummelig_author", default=None)
_reason: ContextVar[str] = ContextVar("rummelig_change_reason", default="")


@contextmanager
def authored_by(user: AbstractBaseUser, *, reason: str = "") -> Iterator[None]:
    """Name `user` (and `reason`, if any) in every historical record written in the block."""
    author = _author.set(user)
    because = _reason.set(reason) if reason else None
    try:
        yield
    finally:
        if because is not None:
            _reason.reset(because)
        _author.reset(author)


def current_author() -> AbstractBaseUser | None:
    """Who writes now, if a writer has said so."""
    return _author.get()


def save(
    obj: M,
    *,
    by: AbstractBaseUser,
    exclude: Iterable[str] | None = None,
    update_fields: Sequence[str] | None = None,
    reason: str = "",
) -> M:
    """Validate and save `obj` by `by`; a clash with a row saved meanwhile gets its message."""
    with authored_by(by, reason=reason):
        obj.full_clean(exclude=list(exclude) if exclude is not None else None)
        with conflicts_refused(obj.validate_unique, obj.validate_constraints):
            obj.save(update_fields=update_fields)
    return obj


def save_checked(
    obj: M, *, by: AbstractBaseUser, update_fields: Sequence[str] | None = None, reason: str = ""
) -> M:
    """Save `obj` by `by` once its writer has validated it (e.g. with a partial `full_clean`)."""
    with authored_by(by, reason=reason):
        obj.save(update_fields=update_fields)
    return obj


def delete(obj: models.Model, *, by: AbstractBaseUser, reason: str = "") -> None:
    """Delete `obj` by `by` (and what its delete cascades to, each with a record)."""
    with authored_by(by, reason=reason):
        obj.delete()


def bulk_create(
    objs: Sequence[M], model: type[M], *, by: AbstractBaseUser, reason: str = ""
) -> list[M]:
    """Insert `objs` in bulk with one historical record each, naming `by`."""
    created: list[M] = bulk_create_with_history(
        objs, model, default_user=by, default_change_reason=reason or None
    )
    return created


def bulk_update(
    objs: Sequence[M],
    model: type[M],
    fields: Sequence[str],
    *,
    by: AbstractBaseUser,
    reason: str = "",
) -> None:
    """Update `fields` of `objs` in bulk with one historical record each, naming `by`."""
    bulk_update_with_history(
        objs, model, list(fields), default_user=by, default_change_reason=reason or None
    )


def bulk_delete(
    objs: Sequence[M], model: type[M], *, by: AbstractBaseUser, reason: str = ""
) -> int:
    """Delete `objs` in two statements, each row with a "deleted" historical record naming `by`.

    For many rows that nothing refers to (no cascade, no delete signal but the history's):
    `QuerySet.delete()` would write the history one INSERT per row.
    """
    objs = list(objs)
    if not objs:
        return 0
    history = getattr(model, model._meta.simple_history_manager_attribute).model  # type: ignore[attr-defined]
    now = timezone.now()
    history.objects.bulk_create(
        history(
            history_date=now,
            history_user_id=by.pk,
            history_change_reason=reason or None,
            history_type="-",
            **{field.attname: getattr(obj, field.attname) for field in history.tracked_fields},
        )
        for obj in objs
    )
    rows = model._default_manager.filter(pk__in=[obj.pk for obj in objs])
    return int(rows._raw_delete(rows.db))


def _name_author(sender: type[models.Model], history_instance: Any, **kwargs: Any) -> None:
    """Receiver of simple-history's `pre_create_historical_record`: the writer named above."""
    author = _author.get()
    if author is not None:
        history_instance.history_user = author
    reason = _reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason


def connect() -> None:
    """Name the author in every historical record from now on (called once, at start-up)."""
    pre_create_historical_record.connect(_name_author, dispatch_uid="core.audit.name_author")
