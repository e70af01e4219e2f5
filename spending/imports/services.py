"""Writing an import: every row checked, then all of them added to the report, or none.

A file is taken once per report. Its fingerprint (the SHA-256 of its bytes) is kept as an
`ExpenditureImport`, and the same file again is refused, naming when and by whom it was
imported, unless the user chose to replace that import's lines. Imports into one report run
one after the other: each locks the report's row (on SQLite the transaction holds the write
lock from its start), so the second sees the first one's record and is refused. The unique
constraint on (report, fingerprint) is the guarantee where a write gets past the lock; its
refusal gets the same message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core import audit
from core.people import person_name
from grants.models import EffortArea
from spending.imports.cells import lookups_for, model_errors, parse_row
from spending.imports.reader import LineRowsError, RowError, SheetRow
from spending.models import CostCategory, ExpenditureImport, ExpenditureLine, SpendingReport
from spending.services import files
from spending.services.reports import locked_report, require_editable

# The audit history's reason for every line an import writes, and for those a replacing
# import deletes.
IMPORT_CHANGE_REASON = "expenditure import"
REPLACE_CHANGE_REASON = "expenditure import replaced"

# Checked once per line through the lookups of the report's own project and programme, so
# not again by a query per line (`ForeignKey.validate`).
_LOOKED_UP = ["report", "effort_area", "cost_category", "source_import"]


@dataclass(frozen=True)
class ImportResult:
    """The import's record, how many lines it added, and how many of an earlier one it
    replaced (0 when the file was new to the report)."""

    record: ExpenditureImport
    created: int
    replaced: int


def lines_import(
    *,
    report: SpendingReport,
    rows: Sequence[SheetRow],
    fingerprint: str,
    filename: str,
    by: AbstractBaseUser,
    replace: bool = False,
) -> ImportResult:
    """Add one line per row to an editable report; on any problem, none.

    Raises `LineRowsError` listing every bad row, or `ValidationError` when the import is
    refused as a whole: the report is frozen, or the file (`fingerprint`) was imported into it
    before and `replace` is false. With `replace`, the earlier import's lines are deleted and
    the rows added in their place, in the same transaction.
    """
    with transaction.atomic():
        current = locked_report(report)
        require_editable(current)
        earlier = _earlier_import(current, fingerprint)
        if earlier is not None and not replace:
            raise _already_imported(earlier)
        lines = _checked_lines(current, rows)
        replaced = 0
        if earlier is None:
            record = ExpenditureImport(report=current, fingerprint=fingerprint)
        else:
            record = earlier
            replaced = _delete_lines(record, by)
        record.filename = filename
        record.row_count = len(lines)
        record.imported_by_id = by.pk
        record.imported_at = timezone.now()
        try:
            audit.save(record, by=by)
        except ValidationError:
            # Another import of the file got past the report's lock (the constraint refused
            # this one, or its check saw the other's record): the message it would have had,
            # had it come second.
            if (winner := _earlier_import(current, fingerprint)) is not None:
                raise _already_imported(winner) from None
            raise
        for line in lines:
            line.source_import = record
        audit.bulk_create(lines, ExpenditureLine, by=by, reason=IMPORT_CHANGE_REASON)
    return ImportResult(record=record, created=len(lines), replaced=replaced)


def _earlier_import(report: SpendingReport, fingerprint: str) -> ExpenditureImport | None:
    return (
        ExpenditureImport.objects.select_related("imported_by")
        .filter(report=report, fingerprint=fingerprint)
        .first()
    )


def _already_imported(earlier: ExpenditureImport) -> ValidationError:
    user = earlier.imported_by
    return ValidationError(
        _(
            "This file was imported into the report on %(when)s by %(who)s (%(name)s, "
            "%(rows)s rows). Nothing was imported. To put the file's rows in place of the lines "
            "of that import, tick “Replace the earlier import of this file” and upload it again."
        )
        % {
            "when": date_format(timezone.localtime(earlier.imported_at), "DATETIME_FORMAT"),
            "who": person_name(user),
            "name": earlier.filename,
            "rows": number_format(earlier.row_count, force_grouping=True),
        },
        code="already_imported",
    )


def _checked_lines(report: SpendingReport, rows: Sequence[SheetRow]) -> list[ExpenditureLine]:
    """One unsaved line per row, each checked by the model's rules; or `LineRowsError`."""
    lookups = lookups_for(
        list(EffortArea.objects.filter(project_id=report.project_id)),
        list(CostCategory.objects.filter(programme_id=report.project.programme_id)),
    )
    errors: list[RowError] = []
    lines: list[ExpenditureLine] = []
    for row in rows:
        values, row_errors = parse_row(row, lookups)
        if row_errors:
            errors.extend(row_errors)
            continue
        line = ExpenditureLine(report=report, **values)
        try:
            # `clean` says field by field what the check constraints hold (a query each per
            # line if validated here): the database checks them again when the lines are saved.
            line.full_clean(exclude=_LOOKED_UP, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.extend(model_errors(row.number, exc))
            continue
        lines.append(line)
    if errors:
        raise LineRowsError(errors)
    return lines


def _delete_lines(record: ExpenditureImport, by: AbstractBaseUser) -> int:
    """Delete the lines `record` added (changed since or not), each with a history record
    naming `by`; their attachments' files once the transaction is committed."""
    lines = list(ExpenditureLine.objects.filter(source_import=record))
    audit.bulk_delete(lines, ExpenditureLine, by=by, reason=REPLACE_CHANGE_REASON)
    for line in lines:
        files.remove_later(line.attachment.name or "", line.attachment)
    return len(lines)
