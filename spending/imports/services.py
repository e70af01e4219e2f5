"""Writing an import: every row checked, then all of them added to the report, or none."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from grants.models import EffortArea
from spending.imports.cells import lookups_for, model_errors, parse_row
from spending.imports.reader import LineRowsError, RowError, SheetRow
from spending.models import CostCategory, ExpenditureLine, SpendingReport
from spending.services.reports import locked_report, require_editable

# The audit history's reason for every line an import writes.
IMPORT_CHANGE_REASON = "expenditure import"


def lines_import(
    *, report: SpendingReport, rows: Sequence[SheetRow], by: AbstractBaseUser
) -> list[ExpenditureLine]:
    """Add one line per row to an editable report; on any problem, none (`LineRowsError`)."""
    with transaction.atomic():
        current = locked_report(report)
        require_editable(current)
        lookups = lookups_for(
            list(EffortArea.objects.filter(project_id=current.project_id)),
            list(CostCategory.objects.filter(programme_id=current.project.programme_id)),
        )
        errors: list[RowError] = []
        lines: list[ExpenditureLine] = []
        for row in rows:
            values, row_errors = parse_row(row, lookups)
            if row_errors:
                errors.extend(row_errors)
                continue
            line = ExpenditureLine(report=current, **values)
            try:
                line.full_clean()
            except ValidationError as exc:
                errors.extend(model_errors(row.number, exc))
                continue
            lines.append(line)
        if errors:
            raise LineRowsError(errors)
        created: list[ExpenditureLine] = bulk_create_with_history(
            lines,
            ExpenditureLine,
            default_user=by,
            default_change_reason=IMPORT_CHANGE_REASON,
        )
        return created
