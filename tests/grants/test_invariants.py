"""Approving needs a decision with amounts that balances, on every path that can approve."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from demo.grants import vaekstforum
from grants.models import FinancingTotal, GrantDecision
from grants.services import decision_set_status
from tests.factories import (
    AdministratorFactory,
    BudgetLineFactory,
    DecisionFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

INLINES = (
    "decisioncase_set",
    "recommendations",
    "disbursements",
    "financing_totals",
    "budget_lines",
    "financing_lines",
)


def balanced() -> GrantDecision:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    BudgetLineFactory.create(decision=decision, amount=500_000)
    FinancingLineFactory.create(decision=decision, amount=500_000)
    return decision


def unbalanced() -> GrantDecision:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    BudgetLineFactory.create(decision=decision, amount=500_000)
    FinancingLineFactory.create(decision=decision, amount=400_000)
    return decision


def empty() -> GrantDecision:
    return DecisionFactory.create(first_year=2019, last_year=2019)


def approve_in_the_admin(decision: GrantDecision) -> Any:
    client = Client()
    client.force_login(AdministratorFactory.create())
    data: dict[str, Any] = {
        key: value
        for key, value in model_to_dict(decision).items()
        if value is not None and key != "cases"
    }
    data["status"] = GrantDecision.Status.APPROVED
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    url = reverse("admin:grants_grantdecision_change", args=[decision.pk])
    return client.post(url, data)


@pytest.mark.parametrize(
    ("make", "message"),
    [(unbalanced, "balancerer ikke"), (empty, "uden beløb")],
    ids=["unbalanced", "empty"],
)
def test_the_admin_cannot_approve_a_decision_that_may_not_be_approved(
    make: Any, message: str
) -> None:
    decision = make()
    response = approve_in_the_admin(decision)
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())
    assert message in errors
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT


def test_the_admin_approves_a_balanced_decision() -> None:
    decision = balanced()
    response = approve_in_the_admin(decision)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


@pytest.mark.parametrize(("make", "code"), [(unbalanced, "unbalanced"), (empty, "empty")])
def test_the_service_refuses_to_approve_it(make: Any, code: str) -> None:
    decision = make()
    with pytest.raises(ValidationError) as caught:
        decision_set_status(
            decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
        )
    refusal = caught.value
    errors = (
        [e for es in refusal.error_dict.values() for e in es]
        if hasattr(refusal, "error_dict")
        else refusal.error_list
    )
    assert code in [error.code for error in errors]
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT


def test_model_validation_refuses_it_for_any_other_writer() -> None:
    # A command or a shell session that validates, as every write path here does.
    decision = empty()
    decision.status = GrantDecision.Status.APPROVED
    with pytest.raises(ValidationError):
        decision.full_clean()


@pytest.mark.parametrize(("make", "code"), [(unbalanced, "unbalanced"), (empty, "empty")])
def test_a_plain_save_refuses_to_approve_it(make: Any, code: str) -> None:
    # A command or a shell session that skips validation altogether.
    decision = make()
    decision.status = GrantDecision.Status.APPROVED
    with pytest.raises(ValidationError) as caught:
        decision.save()
    assert caught.value.code == code
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT


def test_a_decision_cannot_be_created_approved() -> None:
    project = DecisionFactory.create().project
    with pytest.raises(ValidationError):
        GrantDecision.objects.create(
            project=project,
            title="Approved at once",
            kind=GrantDecision.Kind.ORIGINAL,
            deciding_body=vaekstforum(),
            status=GrantDecision.Status.APPROVED,
            first_year=2019,
            last_year=2019,
        )
    assert not GrantDecision.objects.filter(title="Approved at once").exists()


def test_a_plain_save_approves_a_balanced_decision_and_saves_it_again() -> None:
    decision = balanced()
    decision.status = GrantDecision.Status.APPROVED
    decision.save()
    decision.title = "Renamed"
    decision.save()
    decision.refresh_from_db()
    assert (decision.status, decision.title) == (GrantDecision.Status.APPROVED, "Renamed")


def test_the_service_approves_a_balanced_decision() -> None:
    decision = decision_set_status(
        decision=balanced(), status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


def test_a_decision_known_by_totals_approves_without_yearly_balance() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2019, split_by_year=False)
    FinancingTotal.objects.create(
        decision=decision, funding_source=FundingSourceFactory.create(), amount=1_000_000
    )
    decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


def approve_on_the_status_page(decision: GrantDecision) -> Any:
    client = Client()
    client.force_login(StaffFactory.create())
    return client.post(
        reverse("grants:decision_status", args=[decision.pk]),
        {"status": GrantDecision.Status.APPROVED, "version": decision.version},
        follow=True,
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [(unbalanced, "balancerer ikke"), (empty, "uden beløb")],
    ids=["unbalanced", "empty"],
)
def test_the_status_page_refuses_it_with_a_message(make: Any, message: str) -> None:
    decision = make()
    response = approve_on_the_status_page(decision)
    assert response.status_code == 200
    assert any(message in str(m) for m in response.context["messages"])
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT


def test_the_status_page_approves_a_balanced_decision() -> None:
    decision = balanced()
    response = approve_on_the_status_page(decision)
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


def test_an_approved_decision_edited_in_the_admin_keeps_its_status() -> None:
    decision = balanced()
    decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )
    decision.refresh_from_db()
    response = approve_in_the_admin(decision)
    assert response.status_code == 302


def test_the_admin_cannot_change_an_approved_decisions_lines() -> None:
    decision = balanced()
    decision = decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )
    line = decision.budget_lines.get()
    client = Client()
    client.force_login(AdministratorFactory.create())
    data: dict[str, Any] = {
        key: value
        for key, value in model_to_dict(decision).items()
        if value is not None and key != "cases"
    }
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data |= {
        "budget_lines-TOTAL_FORMS": "1",
        "budget_lines-INITIAL_FORMS": "1",
        "budget_lines-0-id": line.pk,
        "budget_lines-0-decision": decision.pk,
        "budget_lines-0-effort_area": line.effort_area_id,
        "budget_lines-0-year": line.year,
        "budget_lines-0-amount": 900_000,
    }
    url = reverse("admin:grants_grantdecision_change", args=[decision.pk])
    page = client.get(url).content.decode()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    # The approved decision's lines are shown, not offered for editing; a posted change is
    # not taken.
    assert 'name="budget_lines-0-amount"' not in page
    line.refresh_from_db()
    assert line.amount == 500_000
