"""The migrations that make the deciding body a list (`grants.0018`–`0020`, `meetings.0002`–
`0004`): every decision, meeting and historical record of them points afterwards at the body
its former code named, and the way back gives each its code again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("grants", "0017_funding_source_history"), ("meetings", "0001_meetings_agenda_decisions")]
AFTER = [("grants", "0020_decision_body_required"), ("meetings", "0004_meeting_forum_required")]


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


def test_the_former_codes_become_the_bodies_of_the_list_and_back(
    executor: MigrationExecutor,
) -> None:
    old = executor.loader.project_state(BEFORE).apps
    programme = old.get_model("grants", "Programme").objects.create(name="Inklusion")
    project = old.get_model("grants", "Project").objects.create(name="P", programme=programme)
    Decision = old.get_model("grants", "GrantDecision")
    decisions = {
        code: Decision.objects.create(
            project=project,
            title=f"Bevilling {code}",
            kind="original",
            deciding_body=code,
            first_year=2019,
            last_year=2020,
        )
        for code in ("vaekstforum", "regional_council", "business_authority")
    }
    old.get_model("grants", "HistoricalGrantDecision").objects.create(
        id=decisions["regional_council"].pk,
        project_id=project.pk,
        title="Bevilling",
        kind="original",
        deciding_body="regional_council",
        status="draft",
        first_year=2019,
        last_year=2020,
        split_by_year=True,
        version=1,
        history_date="2020-01-01T00:00:00Z",
        history_type="+",
    )
    meeting = old.get_model("meetings", "Meeting").objects.create(
        forum="business_authority", date="2019-03-12", place="Viborg"
    )
    old.get_model("meetings", "HistoricalMeeting").objects.create(
        id=meeting.pk,
        forum="business_authority",
        date="2019-03-12",
        place="Viborg",
        status="planning",
        updated_at="2019-01-01T00:00:00Z",
        history_date="2019-01-01T00:00:00Z",
        history_type="+",
    )

    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    def body_of(model: str, app: str = "grants", **lookup: object) -> str:
        row = new.get_model(app, model).objects.filter(**lookup).get()
        field = "forum" if app == "meetings" else "deciding_body"
        body_id = getattr(row, f"{field}_id")
        name: str = new.get_model("grants", "DecisionBody").objects.get(pk=body_id).name
        return name

    assert body_of("GrantDecision", pk=decisions["vaekstforum"].pk) == "Vækstforum"
    assert body_of("GrantDecision", pk=decisions["regional_council"].pk) == "Regionsrådet"
    assert body_of("GrantDecision", pk=decisions["business_authority"].pk) == "Erhvervsstyrelsen"
    assert body_of("HistoricalGrantDecision", title="Bevilling") == "Regionsrådet"
    assert body_of("Meeting", "meetings", pk=meeting.pk) == "Erhvervsstyrelsen"
    assert body_of("HistoricalMeeting", "meetings", id=meeting.pk) == "Erhvervsstyrelsen"
    names = set(new.get_model("grants", "DecisionBody").objects.values_list("name", flat=True))
    assert {"Danmarks Erhvervsfremmebestyrelse", "Regionsrådets udvalg for regional udvikling"} <= (
        names
    )

    executor.loader.build_graph()
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps
    codes = dict(
        back.get_model("grants", "GrantDecision").objects.values_list("pk", "deciding_body")
    )
    assert codes == {decision.pk: code for code, decision in decisions.items()}
    assert back.get_model("meetings", "Meeting").objects.get().forum == "business_authority"
    history = back.get_model("meetings", "HistoricalMeeting").objects.get()
    assert history.forum == "business_authority"
