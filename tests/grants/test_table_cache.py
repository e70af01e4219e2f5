"""The budget-table page keeps its table rendered until the project's figures change: every
change a table shows, through every write path, shows on the next request."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_script_prefix
from django.urls import reverse

from grants.models import (
    BudgetLine,
    Case,
    EffortArea,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Project,
    ProjectFigures,
)
from grants.services import decision_save_lines, decision_set_status
from grants.setup.services import effort_area_save, project_source_add, project_source_move
from grants.table_cache import figures_changed, figures_token
from tests.factories import (
    BudgetLineFactory,
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


class World:
    def __init__(self) -> None:
        self.staff: User = StaffFactory.create()
        self.project: Project = ProjectFactory.create()
        self.area: EffortArea = EffortAreaFactory.create(project=self.project, name="Kurser")
        self.source: FundingSource = FundingSourceFactory.create(name="Regionen")
        self.decision: GrantDecision = DecisionFactory.create(
            project=self.project,
            status=GrantDecision.Status.RECOMMENDED,
            first_year=2019,
            last_year=2019,
        )
        decision_save_lines(
            decision=self.decision,
            budget={(self.area.pk, 2019): 1_000_000},
            financing={(self.source.pk, 2019): 1_000_000},
            by=StaffFactory.create(),
        )
        self.case: Case = CaseFactory.create(project=self.project)
        self.case.decisions.add(self.decision)
        self.client = Client()
        self.client.force_login(self.staff)

    def table(self, kind: str = "project", language: str = "da") -> str:
        pk = {"project": self.project.pk, "case": self.case.pk, "decision": self.decision.pk}[kind]
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(reverse("grants:budget_table", args=[kind, pk]))
        assert response.status_code == 200
        return response.content.decode()


@pytest.fixture
def world() -> World:
    return World()


def _other_decision(world: World, status: str = GrantDecision.Status.APPROVED) -> GrantDecision:
    decision = DecisionFactory.create(
        project=world.project, status=GrantDecision.Status.DRAFT, first_year=2020, last_year=2020
    )
    decision_save_lines(
        decision=decision,
        budget={(world.area.pk, 2020): 7_000_000},
        financing={(world.source.pk, 2020): 7_000_000},
        by=StaffFactory.create(),
    )
    if status != GrantDecision.Status.DRAFT:
        decision_set_status(decision=decision, status=status, by=StaffFactory.create())
    assert isinstance(decision, GrantDecision)
    return decision


def _lines_in_bulk(world: World) -> None:
    decision_save_lines(
        decision=world.decision,
        budget={(world.area.pk, 2019): 3_500_000},
        financing={(world.source.pk, 2019): 3_500_000},
        by=StaffFactory.create(),
    )


def _line_saved(world: World) -> None:
    line = BudgetLine.objects.get(decision=world.decision)
    line.amount = 3_500_000
    line.save()


def _line_added(world: World) -> None:
    other = EffortAreaFactory.create(project=world.project, name="Mentorer")
    BudgetLineFactory.create(
        decision=world.decision, effort_area=other, year=2019, amount=3_500_000
    )


def _line_deleted(world: World) -> None:
    FinancingLineFactory.create(decision=world.decision, year=2019, amount=3_500_000).delete()
    BudgetLine.objects.filter(decision=world.decision).delete()


def _total_added(world: World) -> None:
    decision = DecisionFactory.create(
        project=world.project,
        status=GrantDecision.Status.RECOMMENDED,
        first_year=2021,
        last_year=2022,
        split_by_year=False,
    )
    FinancingTotal.objects.create(decision=decision, funding_source=world.source, amount=3_500_000)


def _decision_approved(world: World) -> None:
    _other_decision(world)


def _area_renamed(world: World) -> None:
    world.area.name = "Virksomhedsforløb"
    effort_area_save(area=world.area, by=world.staff)


def _source_renamed(world: World) -> None:
    source = FundingSource.objects.get(pk=world.source.pk)
    source.name = "Den Europæiske Socialfond"
    source.save()


def _programme_renamed(world: World) -> None:
    programme = world.project.programme
    programme.name = "Inklusion i Midtjylland"
    programme.save()


def _project_renamed(world: World) -> None:
    project = Project.objects.get(pk=world.project.pk)
    project.name = "Rummelig Vest"
    project.save()


CHANGES: dict[str, tuple[Callable[[World], None], str]] = {
    "lines saved by the service (in bulk)": (_lines_in_bulk, "3.500"),
    "a line saved": (_line_saved, "3.500"),
    "a line added": (_line_added, "Mentorer"),
    "a decision approved": (_decision_approved, "7.000"),
    "a period total added": (_total_added, "3.500"),
    "an effort area renamed": (_area_renamed, "Virksomhedsforløb"),
    "a funding source renamed": (_source_renamed, "Den Europæiske Socialfond"),
    "the programme renamed": (_programme_renamed, "Inklusion i Midtjylland"),
    "the project renamed": (_project_renamed, "Rummelig Vest"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_shows_in_the_next_table(world: World, change: str) -> None:
    make, shown = CHANGES[change]
    assert shown not in world.table()
    make(world)
    assert shown in world.table()


@pytest.mark.parametrize("kind", ["case", "decision"])
def test_a_renamed_case_or_decision_heads_its_next_page(world: World, kind: str) -> None:
    thing = (
        Case.objects.get(pk=world.case.pk)
        if kind == "case"
        else GrantDecision.objects.get(pk=world.decision.pk)
    )
    assert "Opfølgning" not in world.table(kind)
    thing.title = "Opfølgning på tilsagnet"
    thing.save()
    assert "<h1>Opfølgning på tilsagnet</h1>" in world.table(kind)


def test_a_deleted_line_leaves_the_next_table(world: World) -> None:
    cell = '<td class="amount">1.000</td>'
    assert cell in world.table("decision")
    _line_deleted(world)
    assert "Kurser" in world.table("decision")
    assert cell not in world.table("decision").split("Finansiering")[0]


def test_a_case_table_follows_its_decisions(world: World) -> None:
    other = _other_decision(world)
    assert "7.000" not in world.table("case")
    world.case.decisions.add(other)
    assert "7.000" in world.table("case")
    other.cases.remove(world.case)
    assert "7.000" not in world.table("case")


def test_the_project_order_of_sources_shows_in_the_next_table(world: World) -> None:
    second = FundingSourceFactory.create(name="Kommunerne")
    decision_save_lines(
        decision=world.decision,
        budget={(world.area.pk, 2019): 1_000_000},
        financing={(world.source.pk, 2019): 500_000, (second.pk, 2019): 500_000},
        by=StaffFactory.create(),
    )
    project_source_add(project=world.project, funding_source=world.source, by=world.staff)
    chosen = project_source_add(project=world.project, funding_source=second, by=world.staff)
    first = world.table()
    assert first.index("Regionen") < first.index("Kommunerne")
    project_source_move(choice=chosen, up=True, by=world.staff)
    again = world.table()
    assert again.index("Kommunerne") < again.index("Regionen")


def test_the_table_is_kept_per_language(world: World) -> None:
    assert "Budget og finansiering" in world.table(language="da")
    english = world.table(language="en")
    assert "Budget and financing" in english
    assert "Budget og finansiering" not in english


def test_the_content_is_kept_per_prefix_the_site_is_served_at(world: World) -> None:
    path = reverse("grants:budget_table", args=["project", world.project.pk])
    plain = world.client.get(path).content.decode()
    with override_script_prefix("/rummelig/"):
        prefixed = world.client.get(path).content.decode()
    assert f'href="/rummelig/projects/{world.project.pk}/">' in prefixed
    assert 'href="/rummelig/' not in plain


def test_a_kept_table_is_served_without_reading_the_figures(world: World) -> None:
    world.table()
    with CaptureQueriesContext(connection) as kept:
        world.table()
    assert not any("grants_budgetline" in q["sql"] for q in kept.captured_queries)
    figures_changed(world.project.pk)
    with CaptureQueriesContext(connection) as fresh:
        world.table()
    assert any("grants_budgetline" in q["sql"] for q in fresh.captured_queries)


def test_a_token_is_new_after_each_change_and_never_an_old_one(world: World) -> None:
    seen = {figures_token(world.project.pk)}
    for _ in range(3):
        figures_changed(world.project.pk)
        token = figures_token(world.project.pk)
        assert token not in seen
        seen.add(token)
    assert ProjectFigures.objects.filter(project=world.project).count() == 1


def test_a_decision_that_stops_counting_leaves_the_project_table(world: World) -> None:
    cell = '<td class="amount">1.000</td>'
    assert cell in world.table()
    decision_set_status(
        decision=world.decision, status=GrantDecision.Status.REJECTED, by=StaffFactory.create()
    )
    assert cell not in world.table()
