"""A decision's audit history: what the grid save records, and the history page that shows the
table as it stood and what changed between two versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.roles import ADMINISTRATOR, FORUM_MEMBER
from grants.models import (
    BudgetLine,
    DecisionBody,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FundingSource,
    GrantDecision,
)
from grants.services import decision_save_lines, decision_set_status, decision_update
from tests.factories import (
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

AUDITED = (GrantDecision, BudgetLine, FinancingLine, FinancingTotal)


@dataclass
class Grid:
    decision: GrantDecision
    areas: list[EffortArea]
    source: FundingSource
    staff: User


def age_history(days: int) -> None:
    """Move every audit record written so far `days` into the past, keeping their order."""
    for model in AUDITED:
        model.history.update(history_date=F("history_date") - timedelta(days=days))


def post_grid(client: Client, grid: Grid, budget: dict[tuple[int, int], int]) -> None:
    """Save the grid as the page does: every cell sent, the financing equal to the budget."""
    decision = GrantDecision.objects.get(pk=grid.decision.pk)
    data: dict[str, Any] = {"version": decision.version}
    for area in grid.areas:
        for year in decision.years:
            data[f"b_{area.pk}_{year}"] = budget.get((area.pk, year), "")
    for year in decision.years:
        total = sum(amount for (_, y), amount in budget.items() if y == year)
        data[f"f_{grid.source.pk}_{year}"] = total or ""
    response = client.post(reverse("grants:decision_budget", args=[decision.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def grid() -> Grid:
    project = ProjectFactory.create()
    return Grid(
        decision=DecisionFactory.create(project=project, first_year=2019, last_year=2020),
        areas=[EffortAreaFactory.create(project=project) for _ in range(2)],
        source=FundingSourceFactory.create(),
        staff=StaffFactory.create(first_name="Anna", last_name="Holm"),
    )


@pytest.fixture
def client_of(grid: Grid) -> Client:
    client = Client()
    client.force_login(grid.staff)
    return client


@pytest.fixture
def story(grid: Grid, client_of: Client) -> Grid:
    """Version 1: created 11 days ago. Version 2: first grid 11 days ago. Version 3: yesterday,
    one cell changed, one cleared, one added."""
    first, second = grid.areas
    post_grid(client_of, grid, {(first.pk, 2019): 500_000, (second.pk, 2019): 1_500_000})
    age_history(10)
    post_grid(client_of, grid, {(first.pk, 2019): 700_000, (first.pk, 2020): 300_000})
    age_history(1)
    return grid


def history_url(grid: Grid, **params: object) -> str:
    url = reverse("grants:decision_history", args=[grid.decision.pk])
    if params:
        url += "?" + "&".join(f"{name}={value}" for name, value in params.items())
    return url


# --- What the grid save records --------------------------------------------------------------


def test_grid_save_records_created_changed_and_cleared_cells_with_the_user(
    grid: Grid, client_of: Client
) -> None:
    first, second = grid.areas
    post_grid(client_of, grid, {(first.pk, 2019): 500_000, (second.pk, 2019): 1_500_000})
    post_grid(client_of, grid, {(first.pk, 2019): 700_000})

    records = BudgetLine.history.filter(decision_id=grid.decision.pk).order_by("history_id")
    assert [(r.history_type, r.effort_area_id, r.amount) for r in records] == [
        ("+", first.pk, 500_000),
        ("+", second.pk, 1_500_000),
        ("-", second.pk, 1_500_000),
        ("~", first.pk, 700_000),
    ]
    assert {r.history_user_id for r in records} == {grid.staff.pk}
    financing = FinancingLine.history.filter(decision_id=grid.decision.pk)
    assert {r.history_user_id for r in financing} == {grid.staff.pk}
    bumps = GrantDecision.history.filter(id=grid.decision.pk, history_type="~")
    assert [r.history_user_id for r in bumps] == [grid.staff.pk, grid.staff.pk]


def test_grid_service_records_history_of_every_written_line(grid: Grid) -> None:
    area = grid.areas[0]
    decision_save_lines(
        decision=grid.decision,
        budget={(area.pk, 2019): 100},
        financing={},
        by=StaffFactory.create(),
    )
    decision_save_lines(
        decision=grid.decision,
        budget={(area.pk, 2019): 200, (area.pk, 2020): 50},
        financing={(grid.source.pk, 2019): 250},
        by=StaffFactory.create(),
    )
    decision_save_lines(
        decision=grid.decision,
        budget={(area.pk, 2020): None},
        financing={},
        by=StaffFactory.create(),
    )

    budget = BudgetLine.history.filter(decision_id=grid.decision.pk)
    assert sorted(budget.values_list("history_type", "year", "amount")) == [
        ("+", 2019, 100),
        ("+", 2020, 50),
        ("-", 2020, 50),
        ("~", 2019, 200),
    ]
    assert FinancingLine.history.filter(decision_id=grid.decision.pk).count() == 1


# --- The page --------------------------------------------------------------------------------


def test_page_lists_the_versions_newest_first_with_who_and_what(
    story: Grid, client_of: Client
) -> None:
    response = client_of.get(history_url(story))

    assert response.status_code == 200
    rows = response.context["versions"]
    assert [row.version.number for row in rows] == [3, 2, 1]
    newest, first_grid, creation = (row.version for row in rows)
    assert creation.created
    assert first_grid.user == newest.user == "Anna Holm"
    assert newest.changes.count("budget") == 3
    assert newest.changes.count("financing") == 2
    content = response.content.decode()
    assert "Anna Holm" in content
    local = timezone.localtime(newest.at)
    assert f"{local.day}. " in content and f"{local:%H:%M}" in content


def test_table_as_of_an_earlier_version_shows_the_figures_of_then(
    story: Grid, client_of: Client
) -> None:
    response = client_of.get(history_url(story, version=2))

    assert response.status_code == 200
    table = response.context["report"].table
    assert [row.cells for row in table.budget_rows] == [(500_000, None), (1_500_000, None)]
    assert table.financing_rows[0].cells == (2_000_000, None)
    assert table.balanced
    assert 'data-testid="budget-table"' in response.content.decode()


def test_table_as_of_a_date_shows_the_figures_at_the_end_of_that_day(
    story: Grid, client_of: Client
) -> None:
    day = timezone.localdate() - timedelta(days=5)
    response = client_of.get(history_url(story, date=day.isoformat()))

    table = response.context["report"].table
    assert [row.cells for row in table.budget_rows] == [(500_000, None), (1_500_000, None)]
    today = client_of.get(history_url(story, date=timezone.localdate().isoformat()))
    current = today.context["report"].table
    assert [row.cells for row in current.budget_rows] == [(700_000, 300_000), (None, None)]


def test_comparing_two_versions_shows_each_cells_old_and_new_value(
    story: Grid, client_of: Client
) -> None:
    response = client_of.get(history_url(story, before=2, after=3))

    assert response.status_code == 200
    first, second = story.areas
    rows = [(r.line, r.period, r.before, r.after, r.change) for r in response.context["cell_rows"]]
    assert rows[:3] == [
        (first.name, "2019", 500_000, 700_000, 200_000),
        (first.name, "2020", None, 300_000, 300_000),
        (second.name, "2019", 1_500_000, None, -1_500_000),
    ]
    assert [row[1:4] for row in rows[3:]] == [
        ("2019", 2_000_000, 700_000),
        ("2020", None, 300_000),
    ]
    content = response.content.decode()
    assert "1.500.000" in content and "+200.000" in content and "-1.500.000" in content


def test_comparing_versions_shows_changed_decision_fields(grid: Grid, client_of: Client) -> None:
    age_history(1)
    decision_set_status(
        decision=grid.decision, status=GrantDecision.Status.RECOMMENDED, by=StaffFactory.create()
    )

    response = client_of.get(history_url(grid, before=1, after=2))

    changed = [(r.before, r.after) for r in response.context["field_rows"]]
    draft = str(GrantDecision.Status.DRAFT.label).capitalize()
    recommended = str(GrantDecision.Status.RECOMMENDED.label).capitalize()
    assert changed == [(draft, recommended)]
    assert not response.context["cell_rows"]


def test_a_decision_without_recorded_history_has_an_empty_page(
    grid: Grid, client_of: Client
) -> None:
    GrantDecision.history.all().delete()

    response = client_of.get(history_url(grid, date=timezone.localdate().isoformat()))

    assert response.status_code == 200
    assert response.context["versions"] == []
    assert response.context["as_of_form"].non_field_errors()
    assert "report" not in response.context
    assert 'id="compare"' not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "form", "field", "code"),
    [
        ({"version": 99}, "as_of_form", "version", "invalid_choice"),
        ({"version": "abc"}, "as_of_form", "version", "invalid_choice"),
        ({"version": "9" * 40}, "as_of_form", "version", "invalid_choice"),
        ({"date": "2019-02-31"}, "as_of_form", "date", "invalid"),
        ({"date": "last tuesday"}, "as_of_form", "date", "invalid"),
        ({"version": 1, "date": "2019-01-01"}, "as_of_form", None, None),
        ({"version": "", "date": ""}, "as_of_form", None, None),
        ({"before": 2, "after": 2}, "compare_form", None, None),
        ({"before": 1, "after": 42}, "compare_form", "after", "invalid_choice"),
        ({"after": 2}, "compare_form", "before", "required"),
    ],
)
def test_bad_parameters_give_a_message_not_an_error(
    story: Grid,
    client_of: Client,
    params: dict[str, object],
    form: str,
    field: str | None,
    code: str | None,
) -> None:
    response = client_of.get(history_url(story, **params))

    assert response.status_code == 200
    bound = response.context[form]
    assert bound.is_bound and not bound.is_valid()
    if field is None:
        assert bound.non_field_errors()
    else:
        assert bound.has_error(field, code)
    assert "report" not in response.context and "difference" not in response.context
    assert "form-error-message" in response.content.decode() or "alert-error" in (
        response.content.decode()
    )


def test_a_date_before_the_decision_existed_is_refused(story: Grid, client_of: Client) -> None:
    long_ago = timezone.localdate() - timedelta(days=30)
    response = client_of.get(history_url(story, date=long_ago.isoformat()))

    form = response.context["as_of_form"]
    assert form.has_error("date")
    assert "report" not in response.context


def test_a_date_in_the_future_is_refused(story: Grid, client_of: Client) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_of.get(history_url(story, date=tomorrow.isoformat()))

    assert response.context["as_of_form"].has_error("date")


def test_page_reads_a_fixed_number_of_queries_however_many_versions(
    grid: Grid, client_of: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    area = grid.areas[0]

    def save(amount: int) -> None:
        post_grid(client_of, grid, {(area.pk, 2019): amount, (area.pk, 2020): amount})
        age_history(1)

    for amount in (100, 200):
        save(amount)
    url = history_url(grid, version=2, before=2, after=3)
    client_of.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client_of.get(url).status_code == 200
    # Counted now: the next request empties the connection's query log.
    small = len(few)

    for amount in range(300, 1100, 100):
        save(amount)
    with django_assert_num_queries(small):
        response = client_of.get(url)
    assert len(response.context["versions"]) == 11


# --- Who may see it --------------------------------------------------------------------------


def test_who_may_see_a_decisions_history(grid: Grid) -> None:
    url = history_url(grid)
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=grid.decision.project)
    other = SecretariatFactory.create()
    MembershipFactory.create(user=other)
    expected = {
        "regional_staff": (grid.staff, 200),
        "administrator": (UserFactory.create(role=ADMINISTRATOR), 200),
        "secretariat of the project": (member, 403),
        "secretariat of another project": (other, 403),
        "forum member": (UserFactory.create(role=FORUM_MEMBER), 403),
    }
    for role, (user, status) in expected.items():
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status, role
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_unknown_decision_is_404(client_of: Client) -> None:
    assert client_of.get(reverse("grants:decision_history", args=[999_999])).status_code == 404


def test_decision_page_links_to_the_history_for_those_who_may_see_it(
    grid: Grid, client_of: Client
) -> None:
    detail = reverse("grants:decision_detail", args=[grid.decision.pk])
    link = history_url(grid)
    assert link in client_of.get(detail).content.decode()
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=grid.decision.project)
    client = Client()
    client.force_login(member)
    response = client.get(detail)
    assert response.status_code == 200
    assert link not in response.content.decode()


def test_comparing_versions_names_the_bodies_of_a_changed_deciding_body(
    grid: Grid, client_of: Client
) -> None:
    age_history(1)
    body = DecisionBody.objects.get(name="Danmarks Erhvervsfremmebestyrelse")
    decision_update(
        decision=grid.decision, fields={"deciding_body": body}, by=StaffFactory.create()
    )

    response = client_of.get(history_url(grid, before=1, after=2))

    changed = [(r.before, r.after) for r in response.context["field_rows"]]
    assert changed == [("Vækstforum", "Danmarks Erhvervsfremmebestyrelse")]
