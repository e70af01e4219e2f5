"""A write that loses a race to a database constraint is refused with the form's own message.

A service checks that a value is free (a participant's reference, a CVR number) before it saves,
but on PostgreSQL two requests can both pass that check and both insert: the database's
constraint lets one through and refuses the other with an `IntegrityError`. Run the write in
`conflicts_refused(check, ...)`: the write is undone to a savepoint, the same checks run again
(now they see the row that won) and their `ValidationError` is raised instead, so the form shows
the message it would have shown had the requests come one after the other. A clash that no
check explains is a bug and stays an `IntegrityError`.

On SQLite a write transaction holds the database's write lock from its start (`transaction_mode`
IMMEDIATE in the settings), so a check made inside the transaction is already final there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

# Raises ValidationError, with the message the form shows, when the conflict is there.
Check = Callable[[], object]


@contextmanager
def conflicts_refused(*checks: Check) -> Iterator[None]:
    """Run the block in a savepoint; an `IntegrityError` that a check explains is its message.

    Every check runs, so each field in conflict gets its message. The outer transaction stays
    usable: the caller's atomic block undoes the rest of the write when the error passes it.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        errors: dict[str, list[ValidationError]] = {}
        for check in checks:
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors) from exc
        raise
