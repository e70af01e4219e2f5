"""Undo from history: write an earlier version's figures as the decision's next version."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grants.history import queries
from grants.history.replay import State, as_of, restoration, versions
from grants.models import GrantDecision
from grants.models.decisions import decision_figures
from grants.services import decision_save_lines


def version_state(decision: GrantDecision, number: int) -> State:
    """The decision as it stood after its version `number`; ValidationError when none."""
    history = queries.decision_history(decision)
    all_versions = versions(history)
    if not 1 <= number <= len(all_versions):
        raise ValidationError(
            _("There is no version %(value)s of this decision.") % {"value": number},
            code="no_version",
        )
    state = as_of(history, all_versions[number - 1].at)
    if state is None:
        raise ValidationError(
            _("The decision had no figures in version %(number)s.") % {"number": number},
            code="no_version",
        )
    return state


def decision_restore(
    *,
    decision: GrantDecision,
    number: int,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> GrantDecision:
    """Give `decision` the figures of its version `number` again, as a new version.

    Written by `decision_save_lines`, so what holds for a grid save holds here: an approved
    decision is locked (code "locked"), a page older than the last save is refused ("stale"),
    years must lie in the decision's period, and the version moves on. The confirmation page
    is the confirmation of a restore that empties the decision. The history names `by`.
    """
    state = version_state(decision, number)
    (now,) = decision_figures([decision])
    cells = restoration(state, now)
    if not cells:
        raise ValidationError(
            _("The figures are already those of version %(number)s.") % {"number": number},
            code="unchanged",
        )
    return decision_save_lines(
        decision=decision,
        budget=cells.budget,
        financing=cells.financing,
        period_totals=cells.period_totals,
        expected_version=expected_version,
        confirm_empty=True,
        by=by,
    )
