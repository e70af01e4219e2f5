"""How Rummelig names a person on pages and in documents: by name, never by login.

Every "by whom" (history, minutes, reviews, payments' proposer and authoriser, jobs) reads
`person_name`; templates use the `person` filter (`core.templatetags.people`). The login name is
shown only for an account that has no name, so that the row is never blank.
"""

from __future__ import annotations

from typing import Protocol


class Person(Protocol):
    def get_full_name(self) -> str: ...

    def get_username(self) -> str: ...


def name_of(first: str | None, last: str | None, username: str | None) -> str:
    """ "Karen Elsgaard" from the parts of a user row, or the login name when it has no name."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def person_name(user: Person | None, *, nobody: str = "–") -> str:
    """The user's full name, their login name when they have none, `nobody` without a user."""
    if user is None:
        return nobody
    return (user.get_full_name() or "").strip() or user.get_username() or nobody
