"""Saving the grid and changing status: atomic, validated, balance required for approval."""

import pytest
from django.core.exceptions import ValidationError

from grants.models import BudgetLine, FinancingLine, GrantDecision
from grants.services import decision_save_lines, decision_set_status
from tests.factories import DecisionFactory, EffortAreaFactory, FundingSourceFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision() -> GrantDecision:
    return DecisionFactory.create(first_year=2019, last_year=2020)


def test_save_creates_updates_and_clears_cells(decision: GrantDecision) -> None:
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 100, (area.pk, 2020): 200},
        financing={(source.pk, 2019): 100},
        by=StaffFactory.create(),
    )
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 150, (area.pk, 2020): None},
        financing={},
        by=StaffFactory.create(),
    )

    assert list(decision.budget_lines.values_list("year", "amount")) == [(2019, 150)]
    assert list(decision.financing_lines.values_list("year", "amount")) == [(2019, 100)]


def test_year_outside_the_period_saves_nothing(decision: GrantDecision) -> None:
    area = EffortAreaFactory.create(project=decision.project)
    with pytest.raises(ValidationError):
        decision_save_lines(
            decision=decision,
            budget={(area.pk, 2019): 5, (area.pk, 2025): 5},
            financing={},
            by=StaffFactory.create(),
        )
    assert not BudgetLine.objects.exists()


def test_approval_is_refused_while_a_year_does_not_balance(decision: GrantDecision) -> None:
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 1000, (area.pk, 2020): 500},
        financing={(source.pk, 2019): 1000, (source.pk, 2020): 100},
        by=StaffFactory.create(),
    )

    with pytest.raises(ValidationError) as exc:
        decision_set_status(
            decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
        )

    assert "2020" in exc.value.messages[0]
    assert "400" in exc.value.messages[0]
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT


def _balance_at_700(decision: GrantDecision) -> int:
    """Give `decision` 700 kr. of budget and financing in 2019; returns the effort area id."""
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 700},
        financing={(source.pk, 2019): 700},
        by=StaffFactory.create(),
    )
    return area.pk


def test_balanced_decision_can_be_approved(decision: GrantDecision) -> None:
    _balance_at_700(decision)

    decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )

    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


def test_approved_decision_cannot_be_saved_out_of_balance(decision: GrantDecision) -> None:
    area_id = _balance_at_700(decision)
    decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )

    with pytest.raises(ValidationError):
        decision_save_lines(
            decision=decision, budget={(area_id, 2019): 900}, financing={}, by=StaffFactory.create()
        )

    assert BudgetLine.objects.get().amount == 700
    assert FinancingLine.objects.get().amount == 700


def test_unknown_status_is_refused(decision: GrantDecision) -> None:
    with pytest.raises(ValidationError):
        decision_set_status(decision=decision, status="burned", by=StaffFactory.create())
