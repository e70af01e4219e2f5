"""A decision's history as plain data: figures as of a moment, versions, differences.

No database: records are built by hand, as `grants.history.queries` would read them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from grants.budget import DecisionFigures, RowHead, build_table
from grants.history.replay import (
    BUDGET,
    CHANGED,
    CREATED,
    DELETED,
    FINANCING,
    PERIOD_TOTAL,
    CellChange,
    DecisionFields,
    DecisionHistory,
    DecisionRecord,
    FieldChange,
    LineRecord,
    as_of,
    compare,
    first_recorded,
    versions,
)

T0 = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
AREA, OTHER_AREA, SOURCE = 11, 12, 21
FIELDS = DecisionFields(
    title="Rummelig imidt",
    kind="original",
    deciding_body=1,
    decided_on=None,
    status="draft",
    first_year=2019,
    last_year=2020,
    split_by_year=True,
    revises=None,
    project=1,
)
_ids = iter(range(1, 10_000))


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def decision(
    when: datetime, history_type: str = CHANGED, user: int | None = 1, **changes: Any
) -> DecisionRecord:
    return DecisionRecord(
        history_id=next(_ids),
        when=when,
        history_type=history_type,
        user_id=user,
        user=f"User {user}" if user else "",
        fields=replace(FIELDS, **changes),
    )


def line(
    when: datetime,
    line_id: int,
    amount: int,
    *,
    section: str = BUDGET,
    key: int = AREA,
    year: int | None = 2019,
    history_type: str = CREATED,
    user: int | None = 1,
) -> LineRecord:
    return LineRecord(
        history_id=next(_ids),
        when=when,
        history_type=history_type,
        user_id=user,
        user=f"User {user}" if user else "",
        section=section,
        line_id=line_id,
        key=key,
        year=year,
        amount=amount,
    )


def grid_save(when: datetime, lines: list[LineRecord], user: int = 1) -> list[object]:
    """What one budget-grid save writes: its lines, then the decision's version bump."""
    return [*lines, decision(when + timedelta(milliseconds=40), user=user)]


def history(*records: object) -> DecisionHistory:
    return DecisionHistory(
        decision_id=7,
        decisions=tuple(r for r in records if isinstance(r, DecisionRecord)),
        lines=tuple(r for r in records if isinstance(r, LineRecord)),
    )


# A decision created at T0, given a grid a minute later, changed by another user an hour later.
CREATION = decision(at(0), CREATED)
FIRST_GRID = grid_save(
    at(60),
    [
        line(at(60), 1, 500_000),
        line(at(60.01), 2, 1_500_000, key=OTHER_AREA),
        line(at(60.02), 3, 2_000_000, section=FINANCING, key=SOURCE),
    ],
)
SECOND_GRID = grid_save(
    at(3600),
    [
        line(at(3600), 1, 700_000, history_type=CHANGED, user=2),
        line(at(3600.01), 2, 1_500_000, key=OTHER_AREA, history_type=DELETED, user=2),
        line(at(3600.02), 4, 300_000, year=2020, user=2),
    ],
    user=2,
)
STORY = history(CREATION, *FIRST_GRID, *SECOND_GRID)


def test_before_creation_the_decision_did_not_exist() -> None:
    assert as_of(STORY, at(-1)) is None


def test_after_creation_the_decision_has_its_fields_and_no_figures() -> None:
    state = as_of(STORY, at(30))
    assert state is not None
    assert state.fields == FIELDS
    assert state.cells == {}


def test_as_of_a_moment_includes_the_records_made_at_that_moment() -> None:
    state = as_of(STORY, at(60))
    assert state is not None
    assert state.cells == {(BUDGET, AREA, 2019): 500_000}


def test_figures_as_of_between_two_saves_are_the_earlier_saves() -> None:
    state = as_of(STORY, at(1800))
    assert state is not None
    assert state.figures(7) == DecisionFigures(
        id=7,
        kind="original",
        first_year=2019,
        last_year=2020,
        budget={(AREA, 2019): 500_000, (OTHER_AREA, 2019): 1_500_000},
        financing={(SOURCE, 2019): 2_000_000},
        period_totals={},
        split_by_year=True,
        revises_id=None,
        sort_key=(date.max.isoformat(), 7),
    )


def test_figures_now_have_the_changed_the_added_and_not_the_deleted_line() -> None:
    state = as_of(STORY, at(99_999))
    assert state is not None
    figures = state.figures(7)
    assert figures.budget == {(AREA, 2019): 700_000, (AREA, 2020): 300_000}
    assert figures.financing == {(SOURCE, 2019): 2_000_000}


def test_period_totals_and_the_decisions_own_fields_as_of_a_moment() -> None:
    story = history(
        decision(at(0), CREATED, split_by_year=False, decided_on=date(2015, 6, 1)),
        line(at(1), 9, 10_000_000, section=PERIOD_TOTAL, key=SOURCE, year=None),
        decision(at(100), status="approved", split_by_year=False, decided_on=date(2015, 6, 1)),
    )
    state = as_of(story, at(50))
    assert state is not None
    figures = state.figures(7)
    assert figures.period_totals == {SOURCE: 10_000_000}
    assert figures.split_by_year is False
    assert figures.sort_key == ("2015-06-01", 7)


def test_an_earlier_table_is_built_from_the_figures_as_they_stood() -> None:
    state = as_of(STORY, at(1800))
    assert state is not None
    table = build_table(
        [RowHead(AREA, "Flere virksomheder"), RowHead(OTHER_AREA, "Indslusning")],
        [RowHead(SOURCE, "EU's Socialfond")],
        [state.figures(7)],
    )
    assert [row.cells for row in table.budget_rows] == [(500_000, None), (1_500_000, None)]
    assert table.total == (0, None)


def test_a_deleted_decision_does_not_exist_afterwards() -> None:
    story = history(decision(at(0), CREATED), decision(at(10), DELETED))
    assert as_of(story, at(5)) is not None
    assert as_of(story, at(10)) is None


def test_compare_gives_old_and_new_value_and_change_of_each_changed_cell() -> None:
    before, after = as_of(STORY, at(1800)), as_of(STORY, at(99_999))
    difference = compare(before, after)
    assert difference.cells == (
        CellChange((BUDGET, AREA, 2019), 500_000, 700_000),
        CellChange((BUDGET, AREA, 2020), None, 300_000),
        CellChange((BUDGET, OTHER_AREA, 2019), 1_500_000, None),
    )
    assert [c.change for c in difference.cells] == [200_000, 300_000, -1_500_000]
    assert difference.fields == ()
    assert difference.count(BUDGET) == 3
    assert difference.count(FINANCING) == 0


def test_compare_gives_the_changed_decision_fields() -> None:
    story = history(
        decision(at(0), CREATED),
        decision(at(10), status="approved", title="Rummelig imidt II", last_year=2021),
    )
    difference = compare(as_of(story, at(0)), as_of(story, at(10)))
    assert difference.fields == (
        FieldChange("title", "Rummelig imidt", "Rummelig imidt II"),
        FieldChange("status", "draft", "approved"),
        FieldChange("last_year", 2020, 2021),
    )
    assert not difference.cells


def test_compare_of_a_state_with_itself_is_empty() -> None:
    state = as_of(STORY, at(99_999))
    assert not compare(state, state)


def test_the_records_of_one_save_by_one_user_make_one_version() -> None:
    found = versions(STORY)
    assert [v.number for v in found] == [1, 2, 3]
    creation, first, second = found
    assert creation.created and creation.user == "User 1"
    assert first.started == at(60)
    assert first.at == at(60.04)  # the version bump closes the save
    assert first.changes.count(BUDGET) == 2
    assert first.changes.count(FINANCING) == 1
    assert second.user_id == 2
    assert second.changes.count(BUDGET) == 3
    assert not second.created and not second.deleted


def test_a_version_stands_for_the_state_as_of_its_last_record() -> None:
    second = versions(STORY)[2]
    state = as_of(STORY, second.at)
    assert state is not None
    assert state.cells[(BUDGET, AREA, 2019)] == 700_000


def test_another_user_right_after_starts_a_new_version() -> None:
    story = history(decision(at(0), CREATED, user=1), decision(at(0.1), user=2, status="approved"))
    assert [v.user_id for v in versions(story)] == [1, 2]


def test_a_pause_longer_than_the_gap_starts_a_new_version() -> None:
    story = history(
        decision(at(0), CREATED),
        line(at(0.5), 1, 100),
        line(at(1.4), 2, 200, key=OTHER_AREA),  # 0.9 s after the previous record: same save
        line(at(3), 3, 300, year=2020),  # 1.6 s later: a new save
    )
    found = versions(story)
    assert len(found) == 2
    assert found[0].changes.count(BUDGET) == 2
    assert found[1].changes.count(BUDGET) == 1


def test_a_save_without_changes_is_a_version_with_an_empty_difference() -> None:
    story = history(decision(at(0), CREATED), decision(at(10), status="draft"))
    assert not versions(story)[1].changes


def test_no_records_means_no_versions_and_no_beginning() -> None:
    empty = DecisionHistory(decision_id=7)
    assert versions(empty) == []
    assert first_recorded(empty) is None
    assert as_of(empty, at(0)) is None
    assert first_recorded(STORY) == at(0)
