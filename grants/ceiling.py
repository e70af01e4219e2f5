"""Every write that may change what a project's decisions grant runs inside `grant_change`.

What was granted is the grants' business; what has been paid against it is the business of the
rooms above (spending). They must not be able to disagree: a grid save lowering a funding
source's grant and an authorisation of a payment from it must not both pass at once. So every
such write, whatever its path (page, admin, history, meeting, import), takes the project's row
lock first (`lock_project`), the same lock the payment authorisation takes, and the rooms that
hold money against a grant watch the write from inside that lock. A watcher is registered once,
at start-up (`register`), as the background jobs' kinds are: grants knows no room above it.

A watcher is a context manager factory: it reads what it needs before the write, and when the
write is done (still inside the lock and the transaction) it refuses with a `ValidationError`,
which rolls the write back, or records what the write means for the money it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from grants.models import GrantDecision, Project


@dataclass(frozen=True)
class BodyDecision:
    """The deciding body itself lowered the grant (a meeting's rejection, say): not refused.

    `origin` says where it was decided, in words ("Vækstforum meeting 2.3.2027, item 4").
    """

    decision: GrantDecision
    origin: str


@dataclass(frozen=True)
class GrantChange:
    """A write about to change what `project`'s decisions grant, by `by`."""

    project: Project
    by: AbstractBaseUser
    # Set when the change is the deciding body's own decision rather than a correction.
    body: BodyDecision | None = None


Watcher = Callable[[GrantChange], AbstractContextManager[None]]

_watchers: list[Watcher] = []


def register(watcher: Watcher) -> None:
    """Watch every grant change from now on (called once, from an app's `ready`)."""
    if watcher not in _watchers:
        _watchers.append(watcher)


def watchers() -> tuple[Watcher, ...]:
    return tuple(_watchers)


def lock_project(project_id: int) -> Project:
    """The project's row, locked until the transaction ends: the lock of its money.

    Taken first by every grant change and every payment authorisation, before any decision's
    or payment's row, so that the two kinds of write wait for each other and never deadlock.
    """
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=project_id)
    )


@contextmanager
def grant_change(
    *, project_id: int, by: AbstractBaseUser, body: BodyDecision | None = None
) -> Iterator[Project]:
    """Lock the project and let every watcher see the write done inside the block.

    A watcher's refusal leaves the block with a `ValidationError`; the caller's transaction
    (opened here if there is none) saves nothing.
    """
    with transaction.atomic():
        project = lock_project(project_id)
        change = GrantChange(project=project, by=by, body=body)
        with ExitStack() as stack:
            for watcher in _watchers:
                stack.enter_context(watcher(change))
            yield project
