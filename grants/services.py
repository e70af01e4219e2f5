"""Writes to grants that touch several rows: each is atomic and validates first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils.translation import gettext as _

from accounts.guards import AnyUser
from accounts.predicates import is_administrator
from core import audit
from grants import approved
from grants.cases.finding_notices import watch_findings
from grants.ceiling import BodyDecision, grant_change
from grants.cells import CellValues, TotalValues, has_amounts, sync_lines, sync_totals
from grants.models import (
    BudgetLine,
    Dimension,
    FinancingLine,
    GrantDecision,
    Project,
    Target,
    TargetBreakdown,
    TargetChange,
)

LOCKED = approved.LOCKED


def decision_create(
    *, project: Project, fields: Mapping[str, Any], by: AbstractBaseUser
) -> GrantDecision:
    """Create a decision of `project` from its form's `fields` (no lines yet)."""
    decision = GrantDecision(project=project, **fields)
    with transaction.atomic():
        audit.save(decision, by=by)
    return decision


# What an approved decision's figures mean: locked with the figures (and in the database).
LOCKED_FIELDS = approved.LOCKED_FIELDS


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, GrantDecision) else value


def _field_value(decision: GrantDecision, name: str) -> Any:
    return decision.revises_id if name == "revises" else getattr(decision, name)


def decision_update(
    *, decision: GrantDecision, fields: Mapping[str, Any], by: AbstractBaseUser
) -> GrantDecision:
    """Save `fields` of `decision`, and only those, by `by`.

    Not the version: writing back the one loaded with the page could undo a grid save made
    meanwhile, and with it that save's protection. Nor the status: that changes only through
    `decision_set_status`. An approved decision must stay approvable, and what its figures mean
    (kind, period, what it revises) is locked with them (code "locked"). A change of what the
    decision counts for (its kind, period or the decision it revises) may lower what the
    project is granted: the money ceiling is checked under the project's lock (`grants.ceiling`).
    """
    if "status" in fields or "version" in fields or "project" in fields:
        raise ValidationError(
            _("The status, version and project of a decision are not changed here."),
            code="not_editable",
        )
    with grant_change(project_id=decision.project_id, by=by), watch_findings(decision, by=by):
        stored = _lock(decision, None)
        if stored.status == GrantDecision.Status.APPROVED:
            changed = sorted(
                name
                for name in LOCKED_FIELDS
                if name in fields and _field_value(stored, name) != _plain(fields[name])
            )
            if changed:
                raise ValidationError(LOCKED, code="locked")
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.full_clean()
        outside = _years_outside(stored)
        if outside:
            raise ValidationError(
                _(
                    "The budget grid has amounts in %(years)s, outside the new period. "
                    "Clear those cells first."
                )
                % {"years": ", ".join(str(y) for y in outside)},
                code="lines_outside_period",
            )
        audit.save_checked(stored, by=by, update_fields=list(fields))
        if stored.status == GrantDecision.Status.APPROVED:
            stored.check_approvable()
    return stored


def _years_outside(decision: GrantDecision) -> list[int]:
    """The years outside `decision`'s period that its budget or financing lines name."""
    years: set[int] = set()
    for model in (BudgetLine, FinancingLine):
        years.update(
            model.objects.filter(decision=decision)
            .exclude(year__range=(decision.first_year, decision.last_year))
            .values_list("year", flat=True)
        )
    return sorted(years)


def decision_save_lines(
    *,
    decision: GrantDecision,
    budget: CellValues,
    financing: CellValues,
    period_totals: TotalValues | None = None,
    expected_version: int | None = None,
    confirm_empty: bool = False,
    by: AbstractBaseUser,
) -> GrantDecision:
    """Save a decision's budget grid: all cells or none. Returns the saved decision.

    Cells not named in `budget`/`financing`/`period_totals` are left as they are; a `None`
    clears a cell. Refused (ValidationError) when:
    - the decision is approved: its figures are locked (code "locked");
    - the save would remove every amount of a decision that has some, unless `confirm_empty`
      (code "empties"): a grid emptied by mistake is asked about first;
    - `expected_version` (the version the grid was shown with) is given and someone else has
      saved the decision since (code "stale"); `None` skips that check.
    `by` is the author the audit history names. The save is a grant change (`grants.ceiling`):
    lowering a funding source's grant below what is authorised or paid from it is refused.
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
    if any(amount is not None and amount < 0 for amount in (period_totals or {}).values()):
        raise ValidationError(_("Amounts cannot be negative."), code="negative")
    with grant_change(project_id=decision.project_id, by=by), watch_findings(decision, by=by):
        decision = _lock(decision, expected_version)
        if decision.status == GrantDecision.Status.APPROVED:
            raise ValidationError(LOCKED, code="locked")
        had_amounts = has_amounts(decision)
        sync_lines(
            model=BudgetLine, decision=decision, key_field="effort_area", values=budget, by=by
        )
        sync_lines(
            model=FinancingLine,
            decision=decision,
            key_field="funding_source",
            values=financing,
            by=by,
        )
        if period_totals:
            sync_totals(decision=decision, values=period_totals, by=by)
        if had_amounts and not confirm_empty and not has_amounts(decision):
            # Raised inside the transaction: the cleared lines come back.
            raise ValidationError(
                _("The save would remove every amount of the decision."), code="empties"
            )
        with audit.authored_by(by):
            decision.save_next_version()
    return decision


def _lock(decision: GrantDecision, expected_version: int | None) -> GrantDecision:
    """The decision's row, locked until the transaction ends; refused when it has moved on.

    Called inside `grant_change`, which has locked the project's row first (the order every
    writer keeps). Comparing under the lock means two saves from pages showing the same
    version cannot both pass: the second waits for the first to commit and then sees the new
    version.
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


def is_stale(error: ValidationError) -> bool:
    """Whether `error` is the refusal of a save made from an out-of-date page."""
    return refusal_code(error) == "stale"


def refusal_code(error: ValidationError) -> str | None:
    """The code of a service's refusal ("stale", "locked", "empties", …), if it has one."""
    code = getattr(error, "code", None)
    if code is None and hasattr(error, "error_list") and len(error.error_list) == 1:
        code = error.error_list[0].code
    return code


def may_reopen(user: AnyUser | None) -> bool:
    """Whether `user` may reopen an approved decision (set it back to draft): administrators."""
    return user is not None and user.is_authenticated and bool(is_administrator(user))


def decision_set_status(
    *,
    decision: GrantDecision,
    status: str,
    expected_version: int | None = None,
    by: AbstractBaseUser,
    reason: str = "",
    decided_on: date | None = None,
    by_deciding_body: bool = False,
) -> GrantDecision:
    """Move a decision to `status`; approval requires amounts and balance in every year.

    An approved decision is locked: only an administrator (`by`) reopens it, back to draft,
    with a `reason`, which the audit history keeps with who did it. With `expected_version`,
    refused (code "stale") when the decision was saved by someone else since that version was
    shown; `None` skips that check. `reason` (e.g. the meeting that decided) is kept as the
    history's change reason. `decided_on`, when given, is written as the decision's date in the
    same save (the date of the meeting's decision that sets the status).

    A status change may lower what the project is granted (a recommended decision rejected, a
    revision approved): refused when a funding source would grant less than is authorised or
    paid from it, unless `by_deciding_body` says the deciding body itself decided it (`reason`
    then says where): then the change stands and a claim for repayment is recorded.
    """
    if status not in GrantDecision.Status.values:
        raise ValidationError(_("Unknown status."), code="invalid_status")
    reason = reason.strip()
    body = BodyDecision(decision=decision, origin=reason) if by_deciding_body else None
    with grant_change(project_id=decision.project_id, by=by, body=body):
        decision = _lock(decision, expected_version)
        approved_status = GrantDecision.Status.APPROVED
        reopening = decision.status == approved_status and status != approved_status
        if reopening:
            if status != GrantDecision.Status.DRAFT:
                raise ValidationError(
                    _("An approved decision can only be reopened, as a draft."), code="locked"
                )
            if not may_reopen(by):
                raise ValidationError(
                    _("Only an administrator can reopen an approved decision."), code="locked"
                )
            if not reason:
                raise ValidationError(
                    _("Give the reason for reopening the approved decision."),
                    code="reason_required",
                )
        decision.status = status
        changed = ["status"]
        if decided_on is not None:
            decision.decided_on = decided_on
            changed.append("decided_on")
        # Approving is checked by the model's `clean` (amounts, balance), as on every path.
        decision.full_clean()
        with audit.authored_by(by, reason=reason):
            if reopening:
                # The one write the database lets past an approved decision's lock.
                with approved.unlocked():
                    decision.save_next_version(*changed)
            else:
                decision.save_next_version(*changed)
    return decision


def decision_reopen(
    *,
    decision: GrantDecision,
    reason: str,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> GrantDecision:
    """Reopen an approved decision as a draft: administrators only, with a reason, recorded."""
    if decision.status != GrantDecision.Status.APPROVED:
        raise ValidationError(
            _("Only an approved decision is reopened; this one is %(status)s.")
            % {"status": decision.get_status_display()},
            code="not_approved",
        )
    return decision_set_status(
        decision=decision,
        status=GrantDecision.Status.DRAFT,
        by=by,
        reason=reason,
        expected_version=expected_version,
    )


def decision_delete(*, decision: GrantDecision, by: AbstractBaseUser) -> None:
    """Delete a decision entered by mistake, with its lines: drafts only."""
    with grant_change(project_id=decision.project_id, by=by):
        decision = _lock(decision, None)
        if decision.status != GrantDecision.Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be deleted; this decision is %(status)s.")
                % {"status": decision.get_status_display()},
                code="not_draft",
            )
        revision = decision.revisions.order_by("pk").first()
        if revision is not None:
            raise ValidationError(
                _("The budget revision %(title)s revises this decision: delete it first.")
                % {"title": revision.title},
                code="revised",
            )
        try:
            with transaction.atomic():
                audit.delete(decision, by=by)
        except ProtectedError as exc:
            raise ValidationError(
                _("Other records refer to this decision, so it cannot be deleted."),
                code="protected",
            ) from exc


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
        if (too_small := target_parts_refusal(target, value)) is not None:
            raise too_small
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
        audit.save_checked(target, by=by, update_fields=["value"], reason=reason[:100])
        audit.save_checked(change, by=by)
    return change


def target_parts_refusal(target: Target, value: int) -> ValidationError | None:
    """The refusal of `value` for `target` when one dimension's parts add up to more."""
    sums = (
        TargetBreakdown.objects.filter(target=target)
        .order_by()
        .values_list("dimension")
        .annotate(total=Sum("value"))
    )
    for dimension, total in sums:
        if total > value:
            return ValidationError(
                {
                    "value": ValidationError(
                        _(
                            "The parts by %(dimension)s add up to %(total)s: the target cannot be "
                            "less. Change the breakdown first."
                        )
                        % {"dimension": Dimension(dimension).label, "total": total},
                        code="below_parts",
                    )
                }
            )
    return None
