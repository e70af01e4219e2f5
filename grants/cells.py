"""Writing a decision's cells: the budget and financing lines and the period totals of a grid
save, with their audit history. Called by `grants.services.decision_save_lines` only, inside
its transaction and locks, after its checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser

from core import audit
from grants.models import BudgetLine, FinancingLine, FinancingTotal, GrantDecision
from grants.table_cache import figures_changed

Line = TypeVar("Line", BudgetLine, FinancingLine)

# (effort area or funding source id, year) -> whole kroner, or None to clear the cell.
CellValues = Mapping[tuple[int, int], int | None]
# Funding source id -> whole kroner over the period, or None to clear it.
TotalValues = Mapping[int, int | None]


def sync_lines(
    *,
    model: type[Line],
    decision: GrantDecision,
    key_field: str,
    values: CellValues,
    by: AbstractBaseUser,
) -> None:
    existing = {
        (getattr(line, f"{key_field}_id"), line.year): line
        for line in model.objects.filter(decision=decision)
    }
    to_create: list[Line] = []
    to_update: list[Line] = []
    to_delete: list[int] = []
    for (key, year), amount in values.items():
        line = existing.get((key, year))
        if amount is None:
            if line is not None:
                to_delete.append(line.pk)
        elif line is None:
            new = model(decision=decision, year=year, amount=amount, **{f"{key_field}_id": key})
            new.full_clean(
                exclude=["decision", key_field], validate_unique=False, validate_constraints=False
            )
            to_create.append(new)
        elif line.amount != amount:
            line.amount = amount
            to_update.append(line)
    # Bulk updates and inserts send no signals: their historical records are written alongside
    # (`core.audit.bulk_*`); a queryset's delete sends one per row, each naming `by`.
    with audit.authored_by(by):
        model.objects.filter(pk__in=to_delete).delete()
    if to_update:
        audit.bulk_update(to_update, model, ["amount"], by=by)
    if to_create:
        audit.bulk_create(to_create, model, by=by)
    if to_update or to_create:
        # Bulk writes send no signals: the rendered tables are told here (grants.table_cache).
        figures_changed(decision.project_id)


def sync_totals(*, decision: GrantDecision, values: TotalValues, by: AbstractBaseUser) -> None:
    """The period totals of a decision known only by totals, one by one (there are few)."""
    existing = {t.funding_source_id: t for t in FinancingTotal.objects.filter(decision=decision)}
    for source_id, amount in values.items():
        total = existing.get(source_id)
        if amount is None:
            if total is not None:
                audit.delete(total, by=by)
            continue
        if total is None:
            total = FinancingTotal(decision=decision, funding_source_id=source_id, amount=amount)
        elif total.amount == amount:
            continue
        total.amount = amount
        total.full_clean(exclude=["decision", "funding_source"], validate_unique=False)
        audit.save_checked(total, by=by)


def has_amounts(decision: GrantDecision) -> bool:
    return any(
        model.objects.filter(decision=decision).exists()
        for model in (BudgetLine, FinancingLine, FinancingTotal)
    )
