"""Database constraints hold even when forms and services are bypassed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.validators import validate_cvr
from grants.models import BudgetLine, FinancingLine, GrantDecision, Organisation
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
)

pytestmark = pytest.mark.django_db


def test_one_budget_line_per_cell() -> None:
    line = BudgetLineFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(
            decision=line.decision, effort_area=line.effort_area, year=line.year, amount=1
        )


def test_one_financing_line_per_cell() -> None:
    line = FinancingLineFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancingLine.objects.create(
            decision=line.decision,
            funding_source=line.funding_source,
            year=line.year,
            amount=1,
        )


@pytest.mark.parametrize("year", [1999, 2101])
def test_line_year_must_be_plausible(year: int) -> None:
    decision = DecisionFactory.create()
    area = EffortAreaFactory.create(project=decision.project)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(decision=decision, effort_area=area, year=year, amount=1)


def test_negative_amount_is_refused_by_the_database() -> None:
    decision = DecisionFactory.create()
    source = FundingSourceFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancingLine.objects.create(decision=decision, funding_source=source, year=2019, amount=-5)


def test_period_must_be_ordered() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory.create(first_year=2021, last_year=2020)


def test_only_a_revision_revises_and_a_revision_must() -> None:
    original = DecisionFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory.create(project=original.project, kind=GrantDecision.Kind.REVISION)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory.create(
            project=original.project, kind=GrantDecision.Kind.TOP_UP, revises=original
        )


def test_revision_of_another_projects_decision_is_invalid() -> None:
    other = DecisionFactory.create()
    revision = DecisionFactory.build(
        project=DecisionFactory.create().project, kind=GrantDecision.Kind.REVISION, revises=other
    )
    with pytest.raises(ValidationError) as exc:
        revision.full_clean()
    assert "revises" in exc.value.message_dict


def test_cvr_number_checks_the_modulus_11_digit() -> None:
    validate_cvr("13585628")  # a real, valid CVR number
    with pytest.raises(ValidationError):
        validate_cvr("13585627")
    with pytest.raises(ValidationError):
        validate_cvr("1234")


def test_two_organisations_cannot_share_a_cvr_number() -> None:
    Organisation.objects.create(name="A", cvr="13585628")
    Organisation.objects.create(name="B")
    Organisation.objects.create(name="C")  # empty CVR numbers may repeat
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="D", cvr="13585628")
