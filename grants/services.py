"""Writes to grants that touch several rows: each is atomic and validates first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from grants.models import (
    BudgetLine,
    FinancingLine,
    GrantDecision,
    Project,
    Target,
    TargetChange,
)

Line = TypeVar("Line", BudgetLine, FinancingLine)

# (effort area or funding source id, year) -> whole kroner, or None to clear the cell.
CellValues = Mapping[tuple[int, int], int | None]


def _sync_lines(
    *,
    model: type[Line],
    decision: GrantDecision,
    key_field: str,
    values: CellValues,
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
    # The audit history (django-simple-history) sees a queryset's delete through its signals,
    # but bulk updates and inserts send none: their historical records are written alongside.
    model.objects.filter(pk__in=to_delete).delete()
    if to_update:
        bulk_update_with_history(to_update, model, ["amount"])
    if to_create:
        bulk_create_with_history(to_create, model)


def decision_create(*, project: Project, fields: Mapping[str, Any]) -> GrantDecision:
    """Create a decision of `project` from its form's `fields` (no lines yet)."""
    decision = GrantDecision(project=project, **fields)
    with transaction.atomic():
        decision.full_clean()
        decision.save()
    return decision


def decision_update(*, decision: GrantDecision, fields: Mapping[str, Any]) -> GrantDecision:
    """Save `fields` of `decision`, and only those.

    Not the version: writing back the one loaded with the page could undo a grid save made
    meanwhile, and with it that save's protection. An approved decision must stay approvable.
    """
    for name, value in fields.items():
        setattr(decision, name, value)
    with transaction.atomic():
        decision.full_clean()
        decision.save(update_fields=list(fields))
        if decision.status == GrantDecision.Status.APPROVED:
            decision.check_approvable()
    return decision


def decision_save_lines(
    *,
    decision: GrantDecision,
    budget: CellValues,
    financing: CellValues,
    expected_version: int | None = None,
) -> GrantDecision:
    """Save a decision's budget grid: all cells or none. Returns the saved decision.

    Cells not named in `budget`/`financing` are left as they are; a `None` clears a cell.
    An approved decision must stay balanced in every year, so such a save is refused.
    With `expected_version` (the version the grid was shown with), a save made after someone
    else saved the decision is refused (code "stale"); `None` skips that check.
    """
    for cells in (budget, financing):
        for (_key, year), amount in cells.items():
            if amount is not None and amount < 0:
                raise ValidationError(_("Amounts cannot be negative."), code="negative")
            if amount is not None and year not in decision.years:
                raise ValidationError(
                    _("%(year)s lies outside the decision's period.") % {"year": year},
                    code="year_outside_period",
                )
    with transaction.atomic():
        decision = _lock(decision, expected_version)
        _sync_lines(model=BudgetLine, decision=decision, key_field="effort_area", values=budget)
        _sync_lines(
            model=FinancingLine, decision=decision, key_field="funding_source", values=financing
        )
        if decision.status == GrantDecision.Status.APPROVED:
            decision.check_approvable()
        _bump_version(decision)
    return decision


def _lock(decision: GrantDecision, expected_version: int | None) -> GrantDecision:
    """The decision's row, locked until the transaction ends; refused when it has moved on.

    Comparing under the lock means two saves from pages showing the same version cannot both
    pass: the second waits for the first to commit and then sees the new version.
    """
    locked = GrantDecision.objects.select_for_update().get(pk=decision.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this decision after you opened it, so nothing was saved. "
                "Reload the page to see the current figures."
            ),
            code="stale",
        )
    return locked


def _bump_version(decision: GrantDecision, *changed: str) -> None:
    """Save `changed` fields with the next version: the one place the version moves on."""
    decision.version += 1
    decision.save(update_fields=[*changed, "version"])


def is_stale(error: ValidationError) -> bool:
    """Whether `error` is the refusal of a save made from an out-of-date page."""
    return getattr(error, "code", None) == "stale"


def decision_set_status(
    *, decision: GrantDecision, status: str, expected_version: int | None = None
) -> GrantDecision:
    """Move a decision to `status`; approval requires balance in every year.

    With `expected_version`, refused (code "stale") when the decision was saved by someone
    else since that version was shown; `None` skips that check.
    """
    if status not in GrantDecision.Status.values:
        raise ValidationError(_("Unknown status."), code="invalid_status")
    with transaction.atomic():
        decision = _lock(decision, expected_version)
        decision.status = status
        # Approving is checked by the model's `clean` (amounts, balance), as on every path.
        decision.full_clean()
        _bump_version(decision, "status")
    return decision


def target_change(*, target: Target, value: int, reason: str, by: AbstractBaseUser) -> TargetChange:
    """Give `target` a new value, recording the old one, when, by whom and why.

    Refused, with nothing saved, when the reason is empty or the value negative or unchanged.
    """
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Give the reason for the change.")
    if value < 0:
        errors["value"] = _("A target cannot be negative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        target = Target.objects.select_for_update().get(pk=target.pk)
        if value == target.value:
            raise ValidationError(
                {"value": _("The target already has this value.")}, code="unchanged"
            )
        change = TargetChange(
            target=target,
            old_value=target.value,
            new_value=value,
            changed_by_id=by.pk,
            reason=reason,
        )
        target.value = value
        target.full_clean()
        change.full_clean()
        target.save(update_fields=["value"])
        change.save()
    return change
