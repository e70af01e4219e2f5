"""A project's funding sources: chosen from the region's list, in the project's own order.

Only the project's sources appear in its budget grid and tables, in its order; a project that
has chosen none is offered every source of the region in the region's order.
"""

from __future__ import annotations

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from grants.exports import to_csv
from grants.models import (
    Case,
    FundingSource,
    GrantDecision,
    Project,
    ProjectFundingSource,
    Recommendation,
)
from grants.queries import case_report, project_report
from grants.setup.services import project_source_add
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    ProjectFactory,
)
from tests.seed import seed_table

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("grants.migrations.0008_project_funding_sources")
# The region's order (FundingSource.order) differs from the order this project chooses.
REGION = ["EU's Socialfond", "REM", "Kommune/Stat", "Private", "Unused"]


@pytest.fixture
def sources(db: None) -> dict[str, FundingSource]:
    return {
        name: FundingSourceFactory.create(name=name, order=order)
        for order, name in enumerate(REGION, start=1)
    }


@pytest.fixture
def decision(sources: dict[str, FundingSource]) -> GrantDecision:
    """A recommended decision, 2019–2020, financed by the first four sources."""
    decision: GrantDecision = DecisionFactory.create(status=GrantDecision.Status.RECOMMENDED)
    BudgetLineFactory.create(decision=decision, year=2019, amount=4_000)
    for name in REGION[:4]:
        FinancingLineFactory.create(
            decision=decision, funding_source=sources[name], year=2019, amount=1_000
        )
    return decision


def add(client: Client, project: Project, source: FundingSource) -> None:
    url = reverse("grants:projectfundingsource_add", args=[project.pk])
    assert client.post(url, {"funding_source": source.pk}).status_code == 302


def choice(project: Project, source: FundingSource) -> ProjectFundingSource:
    return ProjectFundingSource.objects.get(project=project, funding_source=source)


def grid_sources(client: Client, decision: GrantDecision) -> list[str]:
    response = client.get(reverse("grants:decision_budget", args=[decision.pk]))
    return [row.label for row in response.context["form"].financing_rows]


def table_sources(project: Project) -> list[str]:
    return [row.label for row in project_report(project).table.financing_rows]


def messages_of(client: Client, url: str) -> list[str]:
    return [str(m) for m in client.get(url).context["messages"]]


def test_a_project_without_chosen_sources_is_offered_the_regions_in_its_order(
    client_of: Client, decision: GrantDecision
) -> None:
    assert grid_sources(client_of, decision) == REGION
    assert table_sources(decision.project) == REGION[:4]
    page = client_of.get(reverse("grants:projectfundingsource_list", args=[decision.project_id]))
    assert "Projektet har ikke valgt finansieringskilder endnu" in page.content.decode()


def test_the_grid_and_the_tables_show_the_projects_sources_in_its_own_order(
    client_of: Client, staff: User, decision: GrantDecision, sources: dict[str, FundingSource]
) -> None:
    project = decision.project
    for name in ("Kommune/Stat", "EU's Socialfond", "Private", "REM"):
        add(client_of, project, sources[name])

    own = ["Kommune/Stat", "EU's Socialfond", "Private", "REM"]
    assert grid_sources(client_of, decision) == own  # "Unused" is not the project's
    assert table_sources(project) == own
    with translation.override("da"):
        rows = list(
            csv.reader(
                io.StringIO(to_csv(project_report(project)).decode("utf-8-sig")), delimiter=";"
            )
        )
    labels = [row[0] for row in rows]
    assert [label for label in labels if label in REGION] == own
    assert {r.history_user for r in ProjectFundingSource.history.all()} == {staff}

    move = reverse("grants:projectfundingsource_move", args=[choice(project, sources["REM"]).pk])
    client_of.post(move, {"direction": "up"})
    client_of.post(move, {"direction": "up"})

    own = ["Kommune/Stat", "REM", "EU's Socialfond", "Private"]
    assert grid_sources(client_of, decision) == own
    assert table_sources(project) == own
    page = client_of.get(reverse("grants:projectfundingsource_list", args=[project.pk]))
    assert [c.funding_source.name for c in page.context["choices"]] == own


def test_a_source_with_lines_that_the_project_did_not_choose_keeps_its_row(
    client_of: Client, decision: GrantDecision, sources: dict[str, FundingSource]
) -> None:
    project = decision.project
    add(client_of, project, sources["Unused"])
    add(client_of, project, sources["REM"])
    other = DecisionFactory.create(project=project)

    # The decision's own lines keep their rows (to change or clear them); nothing is hidden.
    assert grid_sources(client_of, decision) == [
        "Unused",
        "REM",
        "EU's Socialfond",
        "Kommune/Stat",
        "Private",
    ]
    assert grid_sources(client_of, other) == ["Unused", "REM"]
    assert table_sources(project) == ["REM", "EU's Socialfond", "Kommune/Stat", "Private"]


def test_a_source_can_be_chosen_once_only(
    client_of: Client, staff: User, sources: dict[str, FundingSource]
) -> None:
    project = ProjectFactory.create()
    add(client_of, project, sources["REM"])
    url = reverse("grants:projectfundingsource_add", args=[project.pk])

    response = client_of.post(url, {"funding_source": sources["REM"].pk})

    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed." in " ".join(
        response.context["form"].errors["funding_source"]
    )
    offered = list(response.context["form"].fields["funding_source"].queryset)
    assert sources["REM"] not in offered
    with pytest.raises(ValidationError) as refused:
        project_source_add(project=project, funding_source=sources["REM"], by=staff)
    assert refused.value.message_dict == {"funding_source": ["Projektet har allerede REM."]}


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999999"])
def test_a_bad_choice_is_refused_with_a_message(client_of: Client, value: str) -> None:
    project = ProjectFactory.create()
    url = reverse("grants:projectfundingsource_add", args=[project.pk])

    response = client_of.post(url, {"funding_source": value})

    assert response.status_code == 400
    assert response.context["form"].errors["funding_source"]
    assert not ProjectFundingSource.objects.exists()


def test_a_source_the_projects_decisions_use_cannot_be_removed(
    client_of: Client, decision: GrantDecision, sources: dict[str, FundingSource]
) -> None:
    project = decision.project
    add(client_of, project, sources["REM"])
    url = reverse("grants:projectfundingsource_remove", args=[choice(project, sources["REM"]).pk])

    response = client_of.post(url)

    assert ProjectFundingSource.objects.filter(project=project).count() == 1
    assert (
        "REM har beløb eller indstillinger i 1 af projektets bevillinger og kan ikke fjernes."
        in messages_of(client_of, response["Location"])
    )


def test_a_source_named_only_in_a_recommendation_cannot_be_removed(
    client_of: Client, sources: dict[str, FundingSource]
) -> None:
    decision = DecisionFactory.create()
    Recommendation.objects.create(
        decision=decision,
        funding_source=sources["Private"],
        amount=1,
        first_year=2019,
        last_year=2019,
    )
    add(client_of, decision.project, sources["Private"])
    url = reverse(
        "grants:projectfundingsource_remove", args=[choice(decision.project, sources["Private"]).pk]
    )

    client_of.post(url)

    assert ProjectFundingSource.objects.filter(project=decision.project).exists()


def test_an_unused_source_is_removed(
    client_of: Client, staff: User, sources: dict[str, FundingSource]
) -> None:
    project = ProjectFactory.create()
    add(client_of, project, sources["Unused"])
    url = reverse(
        "grants:projectfundingsource_remove", args=[choice(project, sources["Unused"]).pk]
    )

    response = client_of.post(url)

    assert not ProjectFundingSource.objects.exists()
    assert "Unused blev fjernet fra projektet." in messages_of(client_of, response["Location"])
    removed = ProjectFundingSource.history.get(history_type="-")
    assert removed.history_user == staff


def test_the_migration_gives_the_seed_its_sources_and_leaves_its_table_as_it_was(
    seed: Project,
) -> None:
    FundingSourceFactory.create(name="Ubrugt kilde", order=0)  # first in the region, unused
    before = project_report(seed)

    MIGRATION.choose_the_sources_in_use(apps, None)

    chosen = seed.funding_sources.select_related("funding_source")
    assert [c.funding_source.name for c in chosen] == [
        "EU's Socialfond",
        "Region Midtjylland REM midler",
        "Kommune/Stat",
    ]
    assert [c.order for c in chosen] == [1, 2, 3]
    after = project_report(seed)
    assert (after.header, after.rows) == (before.header, before.rows)
    header, expected = seed_table()
    with translation.override("da"):
        content = to_csv(case_report(Case.objects.get())).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1] == header
    assert [row[1:] for row in rows[2:]] == [
        ["" if v is None else str(v) for v in values] for _, values in expected
    ]
    # Given back, the choices are forgotten.
    MIGRATION.forget_the_choices(apps, None)
    assert not ProjectFundingSource.objects.exists()
