"""A reported value's page: its step indicator and its one primary button, per status and
role."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from grants.models import Target
from progress.models import ReportedValue
from progress.services import reported_value_return, reported_value_submit
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)
from tests.primary import current_step, primary_buttons

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(db: None) -> Target:
    decision = DecisionFactory.create(first_year=2021, last_year=2023, status="approved")
    indicator = IndicatorFactory.create(code="ERH02", name_da="Nye arbejdspladser")
    made: Target = TargetFactory.create(decision=decision, indicator=indicator, value=60)
    return made


@pytest.fixture
def member(target: Target) -> User:
    user: User = SecretariatFactory.create()
    MembershipFactory.create(user=user, project=target.decision.project)
    return user


def _submit(target: Target, by: User) -> ReportedValue:
    return reported_value_submit(
        target=target,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        value=12,
        note="Lønsedler",
        evidence=None,
        by=by,
    )


def _html(user: Any, reported: ReportedValue) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reported.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_value_awaiting_approval_offers_staff_the_approval(member: User, target: Target) -> None:
    reported = _submit(target, member)
    html = _html(StaffFactory.create(), reported)
    assert [b.testid for b in primary_buttons(html)] == ["approve-value"]
    assert current_step(html) == "Trin 2 af 3, nuværende: Godkendelse i regionen"
    # The secretariat waits: nothing to press.
    assert primary_buttons(_html(member, reported)) == []


def test_staff_who_reported_a_value_are_not_offered_its_approval(target: Target) -> None:
    staff = StaffFactory.create()
    reported = _submit(target, staff)
    html = _html(staff, reported)
    assert primary_buttons(html) == []
    assert "Godkend værdien" not in html


def test_a_returned_value_offers_its_secretariat_to_report_again(
    member: User,
    target: Target,
) -> None:
    reported = _submit(target, member)
    reported_value_return(reported=reported, reason="Mangler bilag.", by=StaffFactory.create())
    html = _html(member, reported)
    [button] = primary_buttons(html)
    assert button.testid == "report-again"
    assert button.attrs["href"] == reverse("progress:reported_create", args=[target.pk])
    assert current_step(html) == "Trin 2 af 3, nuværende: Godkendelse i regionen"
    assert "Sendt retur: indberet værdien igen" in html
