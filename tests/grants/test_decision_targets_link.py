"""A decision's page shows its targets and leads to where they are set and followed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    DecisionFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def _page(user: object, decision_pk: int) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client.get(reverse("grants:decision_detail", args=[decision_pk])).content.decode()


def test_staff_see_the_decisions_targets_and_the_link_to_set_them() -> None:
    decision = DecisionFactory.create()
    TargetFactory.create(decision=decision, indicator="flex_jobs", value=1200)
    page = _page(StaffFactory.create(), decision.pk)
    table = page.split('data-testid="decision-targets"', 1)[1].split("</table>", 1)[0]
    assert "1.200" in table
    assert f'href="{reverse("grants:decision_targets", args=[decision.pk])}"' in page
    assert f'href="{reverse("progress:project_progress", args=[decision.project_id])}"' in page


def test_a_decision_without_targets_says_so_and_still_leads_to_setting_them() -> None:
    decision = DecisionFactory.create()
    page = _page(StaffFactory.create(), decision.pk)
    assert "Bevillingen har ingen mål endnu." in page
    assert f'href="{reverse("grants:decision_targets", args=[decision.pk])}"' in page


def test_the_secretariat_reads_the_targets_but_is_not_offered_to_set_them() -> None:
    decision = DecisionFactory.create()
    TargetFactory.create(decision=decision, indicator="ordinary_jobs", value=40)
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=decision.project)
    page = _page(member, decision.pk)
    assert 'data-testid="decision-targets"' in page
    assert reverse("grants:decision_targets", args=[decision.pk]) not in page
