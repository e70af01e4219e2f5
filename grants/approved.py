"""An approved decision stays as it was approved, in the database too.

Its figures (budget lines, financing lines, period totals), its status and what the figures
mean (kind, period, split by year, the decision it revises) change only through a budget
revision, which is a decision of its own, or when an administrator reopens the decision with a
reason (`grants.services.decision_reopen`). The services refuse every other change with a
message; on PostgreSQL, triggers (migration `approved_decisions_locked`) refuse it too,
whatever writes it: a raw `update()`, a shell, a script. The one service allowed past them
says so for its own transaction only, with `unlocked()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils.translation import gettext_lazy

# What a page says when it refuses to change an approved decision.
LOCKED = gettext_lazy(
    "The decision is approved, so its figures are locked: change them through a budget "
    "revision, or ask an administrator to reopen the decision."
)

# The fields of a decision locked with its figures once it is approved (besides its status).
LOCKED_FIELDS = ("kind", "revises", "first_year", "last_year", "split_by_year")

# The transaction-local setting the triggers read; the migration names the same.
UNLOCK_SETTING = "rummelig.approved_unlocked"


@contextmanager
def unlocked() -> Iterator[None]:
    """Let the writes inside the block past the database's lock on approved decisions.

    Only inside this block, in this transaction: the setting is transaction-local, and it is
    switched off again when the block ends (a failed block's savepoint undoes it with the rest).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [UNLOCK_SETTING])
        yield
        cursor.execute("SELECT set_config(%s, 'off', true)", [UNLOCK_SETTING])
