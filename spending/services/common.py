"""What every spending service does to save: validate, name the author, catch the race."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from core.integrity import conflicts_refused

M = TypeVar("M", bound=models.Model)


def by(obj: models.Model, user: AbstractBaseUser) -> None:
    """Name `user` as the author of `obj`'s next historical record."""
    obj._history_user = user  # type: ignore[attr-defined]


def save(obj: M, user: AbstractBaseUser, *, exclude: list[str] | None = None) -> M:
    """Validate and save `obj` by `user`; a clash with a row saved meanwhile gets its message."""
    obj.full_clean(exclude=exclude)
    by(obj, user)
    with conflicts_refused(obj.validate_unique, obj.validate_constraints):
        obj.save()
    return obj


def delete(obj: models.Model, user: AbstractBaseUser) -> None:
    by(obj, user)
    obj.delete()
