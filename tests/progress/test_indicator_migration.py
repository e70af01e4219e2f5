"""The data migration `grants.0012_indicators_data`: targets of the four indicators that were
choices point at their rows afterwards, with the same value, and the programmes that had them
have chosen them; their history points there too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("grants", "0010_plausible_dates")]
AFTER = [("grants", "0013_target_indicator_required")]


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    try:
        yield executor
    finally:
        # Back to the latest migrations of every app, for the tests after this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_four_choices_become_rows_of_the_programmes_that_used_them(
    executor: MigrationExecutor,
) -> None:
    old = executor.loader.project_state(BEFORE).apps
    programme = old.get_model("grants", "Programme").objects.create(name="Inklusion")
    idle = old.get_model("grants", "Programme").objects.create(name="Uden mål")
    project = old.get_model("grants", "Project").objects.create(name="P", programme=programme)
    decision = old.get_model("grants", "GrantDecision").objects.create(
        project=project,
        title="Bevilling",
        kind="original",
        deciding_body="vaekstforum",
        first_year=2019,
        last_year=2020,
    )
    Target = old.get_model("grants", "Target")
    for indicator, value in [("citizens_in_courses", 400), ("flex_jobs", 60)]:
        target = Target.objects.create(decision=decision, indicator=indicator, value=value)
        old.get_model("grants", "HistoricalTarget").objects.create(
            id=target.pk,
            decision_id=decision.pk,
            indicator=indicator,
            value=value,
            history_date="2020-01-01T00:00:00Z",
            history_type="+",
        )

    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    Indicator = new.get_model("grants", "Indicator")
    assert list(Indicator.objects.order_by("code").values_list("code", "measure")) == [
        ("INK01", "citizens_in_courses"),
        ("INK02", "ordinary_jobs"),
        ("INK03", "flex_jobs"),
        ("INK04", "companies_inclusion"),
    ]
    assert Indicator.objects.get(code="INK03").name_en == "flex jobs"
    assert Indicator.objects.get(code="INK03").name_da == "fleksjob"
    targets = new.get_model("grants", "Target").objects.order_by("indicator__code")
    assert [(t.indicator.code, t.value) for t in targets] == [("INK01", 400), ("INK03", 60)]
    history = new.get_model("grants", "HistoricalTarget").objects.order_by("indicator_id")
    assert [h.indicator_id for h in history] == [t.indicator_id for t in targets]
    chosen = new.get_model("grants", "ProgrammeIndicator").objects.order_by("indicator__code")
    assert [(c.programme_id, c.indicator.code) for c in chosen] == [
        (programme.pk, "INK01"),
        (programme.pk, "INK03"),
    ]
    assert not chosen.filter(programme_id=idle.pk).exists()
