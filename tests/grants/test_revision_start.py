"""A new budget revision's grid starts from the figures of the decision it revises."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from grants.models import BudgetLine, GrantDecision
from grants.services import decision_save_lines
from tests.factories import (
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(StaffFactory.create())
    return client


def _decisions() -> tuple[GrantDecision, GrantDecision, int, int]:
    """An approved decision of 2019–2021 and a draft revision of it over 2020–2021."""
    revised = DecisionFactory.create(first_year=2019, last_year=2021)
    area = EffortAreaFactory.create(project=revised.project)
    source = FundingSourceFactory.create()
    decision_save_lines(
        decision=revised,
        budget={(area.pk, year): 100_000 * (year - 2018) for year in (2019, 2020, 2021)},
        financing={(source.pk, year): 100_000 * (year - 2018) for year in (2019, 2020, 2021)},
        by=StaffFactory.create(),
    )
    GrantDecision.objects.filter(pk=revised.pk).update(status=GrantDecision.Status.APPROVED)
    revision = DecisionFactory.create(
        project=revised.project,
        kind=GrantDecision.Kind.REVISION,
        revises=revised,
        first_year=2020,
        last_year=2021,
    )
    return revised, revision, area.pk, source.pk


def test_a_new_revisions_grid_shows_the_revised_figures_of_its_years(client: Client) -> None:
    revised, revision, area, source = _decisions()
    response = client.get(reverse("grants:decision_budget", args=[revision.pk]))
    form = response.context["form"]
    assert form[f"b_{area}_2020"].value() == "200.000"
    assert form[f"f_{source}_2021"].value() == "300.000"
    # 2019 lies outside the revision's period: no cell for it.
    assert f"b_{area}_2019" not in form.fields
    assert 'data-testid="revision-start"' in response.content.decode()
    assert revised.title in response.content.decode()
    # Shown, not saved: the revision has no lines until the user saves.
    assert not BudgetLine.objects.filter(decision=revision).exists()


def test_saving_the_started_grid_gives_the_revision_those_figures(client: Client) -> None:
    _revised, revision, area, source = _decisions()
    url = reverse("grants:decision_budget", args=[revision.pk])
    form = client.get(url).context["form"]
    data = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    data[f"b_{area}_2021"] = "350000"
    data[f"f_{source}_2021"] = "350000"
    assert client.post(url, data).status_code == 302
    saved = dict(
        BudgetLine.objects.filter(decision=revision).values_list("year", "amount").order_by("year")
    )
    assert saved == {2020: 200_000, 2021: 350_000}


def test_a_revision_with_figures_and_any_other_decision_show_their_own(client: Client) -> None:
    revised, revision, area, source = _decisions()
    decision_save_lines(
        decision=revision,
        budget={(area, 2020): 5},
        financing={(source, 2020): 5},
        by=StaffFactory.create(),
    )
    form = client.get(reverse("grants:decision_budget", args=[revision.pk])).context["form"]
    assert form[f"b_{area}_2020"].value() == "5"
    assert form[f"b_{area}_2021"].value() is None
    original = DecisionFactory.create(project=revised.project, first_year=2020, last_year=2020)
    response = client.get(reverse("grants:decision_budget", args=[original.pk]))
    assert response.context["form"][f"b_{area}_2020"].value() is None
    assert 'data-testid="revision-start"' not in response.content.decode()
