"""Undo from history: an earlier version's figures written again as a new version, after a
confirmation page, recorded with the user; refused on an approved (locked) decision."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core import audit
from grants.history.queries import decision_history
from grants.history.replay import versions
from grants.history.services import decision_restore
from grants.models import BudgetLine, FinancingLine, GrantDecision
from grants.services import decision_save_lines, decision_set_status
from tests.factories import (
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFundingSourceFactory,
    StaffFactory,
)
from tests.grants.history.test_history import age_history

pytestmark = pytest.mark.django_db


@dataclass
class Saved:
    decision: GrantDecision
    area: int
    source: int
    staff: User
    # Who entered the figures (the staff member above restores them).
    clerk: User


def save(saved: Saved, amount: int, year: int = 2019) -> None:
    decision_save_lines(
        decision=GrantDecision.objects.get(pk=saved.decision.pk),
        budget={(saved.area, 2019): None, (saved.area, 2020): None, (saved.area, year): amount},
        financing={
            (saved.source, 2019): None,
            (saved.source, 2020): None,
            (saved.source, year): amount,
        },
        by=saved.clerk,
    )


@pytest.fixture
def saved() -> Saved:
    """Version 1: created with 700 kr. in 2019; version 2 (a day later): 900 kr. in 2020."""
    clerk = StaffFactory.create()
    with audit.authored_by(clerk):
        decision = DecisionFactory.create(first_year=2019, last_year=2020)
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    ProjectFundingSourceFactory.create(project=decision.project, funding_source=source)
    result = Saved(decision, area.pk, source.pk, StaffFactory.create(), clerk)
    save(result, 700)
    age_history(days=1)
    save(result, 900, year=2020)
    return result


def figures(decision: GrantDecision) -> list[tuple[str, int, int]]:
    return sorted(
        [
            ("b", *row)
            for row in BudgetLine.objects.filter(decision=decision).values_list("year", "amount")
        ]
        + [
            ("f", *row)
            for row in FinancingLine.objects.filter(decision=decision).values_list("year", "amount")
        ]
    )


def restore_url(saved: Saved, number: int) -> str:
    return reverse("grants:decision_restore", args=[saved.decision.pk, number])


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_service_writes_an_earlier_versions_figures_as_a_new_version(saved: Saved) -> None:
    before = GrantDecision.objects.get(pk=saved.decision.pk).version

    decision_restore(decision=saved.decision, number=1, by=saved.staff)

    decision = GrantDecision.objects.get(pk=saved.decision.pk)
    assert figures(decision) == [("b", 2019, 700), ("f", 2019, 700)]
    assert decision.version == before + 1
    history = versions(decision_history(decision))
    assert len(history) == 3
    assert (history[-1].user_id, history[-1].user) == (saved.staff.pk, saved.staff.username)
    # Every record of the restore names the user: the lines' and the decision's.
    assert {r.user_id for r in decision_history(decision).records()[-5:]} == {saved.staff.pk}


def test_the_service_refuses_to_restore_on_an_approved_decision(saved: Saved) -> None:
    decision_set_status(
        decision=saved.decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )

    with pytest.raises(ValidationError) as refusal:
        decision_restore(decision=saved.decision, number=1, by=saved.staff)

    assert refusal.value.code == "locked"
    assert figures(saved.decision) == [("b", 2020, 900), ("f", 2020, 900)]


def test_the_service_refuses_a_stale_page_an_unknown_version_and_no_change(saved: Saved) -> None:
    with pytest.raises(ValidationError) as stale:
        decision_restore(decision=saved.decision, number=1, by=saved.staff, expected_version=1)
    with pytest.raises(ValidationError) as unknown:
        decision_restore(decision=saved.decision, number=9, by=saved.staff)
    with pytest.raises(ValidationError) as unchanged:
        decision_restore(decision=saved.decision, number=2, by=saved.staff)
    assert (stale.value.code, unknown.value.code, unchanged.value.code) == (
        "stale",
        "no_version",
        "unchanged",
    )
    assert figures(saved.decision) == [("b", 2020, 900), ("f", 2020, 900)]


def test_the_history_page_offers_restoring_past_versions_only(saved: Saved) -> None:
    url = reverse("grants:decision_history", args=[saved.decision.pk])
    content = client_for(saved.staff).get(url).content.decode()
    assert restore_url(saved, 1) in content
    assert restore_url(saved, 2) not in content  # the newest is what the decision has now

    chosen = client_for(saved.staff).get(url, {"version": 1}).content.decode()
    assert 'data-testid="restore-chosen"' in chosen


def test_the_confirmation_page_shows_what_changes_and_saves_nothing(saved: Saved) -> None:
    response = client_for(saved.staff).get(restore_url(saved, 1))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ja, gendan disse tal" in content
    assert len(response.context["cell_rows"]) == 4  # 2019 and 2020, budget and financing
    assert figures(saved.decision) == [("b", 2020, 900), ("f", 2020, 900)]


def test_confirming_restores_and_records_the_user(saved: Saved) -> None:
    decision = GrantDecision.objects.get(pk=saved.decision.pk)

    response = client_for(saved.staff).post(restore_url(saved, 1), {"version": decision.version})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("grants:decision_history", args=[decision.pk]))
    assert figures(decision) == [("b", 2019, 700), ("f", 2019, 700)]
    newest = versions(decision_history(decision))[-1]
    assert newest.user_id == saved.staff.pk


def test_a_restore_posted_with_bad_input_is_refused_in_danish(saved: Saved) -> None:
    client = client_for(saved.staff)

    missing = client.post(restore_url(saved, 1), {"version": "x"})
    stale = client.post(restore_url(saved, 1), {"version": "1"})
    unknown = client.get(restore_url(saved, 9), follow=True)

    assert missing.status_code == 409
    assert "Siden var ufuldstændig" in missing.content.decode()
    assert stale.status_code == 409
    assert "En anden har gemt denne bevilling" in stale.content.decode()
    assert "Bevillingen har ingen version 9." in unknown.content.decode()
    assert figures(saved.decision) == [("b", 2020, 900), ("f", 2020, 900)]


def test_an_approved_decision_shows_no_restore_button_and_refuses_a_post(saved: Saved) -> None:
    decision = decision_set_status(
        decision=saved.decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )
    client = client_for(saved.staff)

    page = client.get(restore_url(saved, 1)).content.decode()
    history = client.get(reverse("grants:decision_history", args=[decision.pk])).content.decode()
    posted = client.post(restore_url(saved, 1), {"version": decision.version})

    assert 'data-testid="locked"' in page and 'data-testid="confirm-restore"' not in page
    assert restore_url(saved, 1) not in history
    assert posted.status_code == 409
    assert "låst" in posted.content.decode()
    assert figures(decision) == [("b", 2020, 900), ("f", 2020, 900)]
