"""The budget-and-financing computation, without the database."""

from decimal import Decimal

from grants.budget import (
    Column,
    DecisionFigures,
    RowHead,
    build_table,
    effective_figures,
    in_thousands,
    unbalanced_years,
    yearly_balance,
)

AREAS = [RowHead(1, "Flere virksomheder"), RowHead(2, "Indslusning"), RowHead(3, "Socialøk.")]
SOURCES = [
    RowHead(10, "ESF"),
    RowHead(11, "REM"),
    RowHead(12, "Kommune/Stat"),
    RowHead(13, "Privat"),
]
K = 1_000

TOP_UP = DecisionFigures(
    id=1,
    kind="top_up",
    first_year=2017,
    last_year=2018,
    budget={(1, 2017): 500 * K, (1, 2018): 500 * K, (2, 2017): 1500 * K, (2, 2018): 1500 * K},
    financing={
        (10, 2017): 1000 * K,
        (10, 2018): 1000 * K,
        (11, 2017): 500 * K,
        (11, 2018): 500 * K,
        (12, 2017): 500 * K,
        (12, 2018): 500 * K,
    },
)
EXTENSION = DecisionFigures(
    id=2,
    kind="extension",
    first_year=2019,
    last_year=2020,
    budget={
        (1, 2019): 4000 * K,
        (1, 2020): 4000 * K,
        (2, 2019): 7000 * K,
        (2, 2020): 7000 * K,
        (3, 2019): 1000 * K,
        (3, 2020): 1000 * K,
    },
    financing={
        (10, 2019): 6000 * K,
        (10, 2020): 6000 * K,
        (11, 2019): 3000 * K,
        (11, 2020): 3000 * K,
        (12, 2019): 3000 * K,
        (12, 2020): 3000 * K,
    },
)


def test_seed_case_combines_top_up_and_extension_into_four_balanced_years() -> None:
    table = build_table(AREAS, SOURCES, [TOP_UP, EXTENSION])

    assert [c.year for c in table.columns] == [2017, 2018, 2019, 2020]
    assert [r.cells for r in table.budget_rows] == [
        (500 * K, 500 * K, 4000 * K, 4000 * K),
        (1500 * K, 1500 * K, 7000 * K, 7000 * K),
        (None, None, 1000 * K, 1000 * K),
    ]
    assert table.budget_total == (2000 * K, 2000 * K, 12000 * K, 12000 * K)
    assert [r.label for r in table.financing_rows] == ["ESF", "REM", "Kommune/Stat"]
    assert table.financing_total == (-2000 * K, -2000 * K, -12000 * K, -12000 * K)
    assert table.total == (0, 0, 0, 0)
    assert table.balanced


def test_empty_cells_stay_blank_and_a_zero_line_shows_zero() -> None:
    decision = DecisionFigures(
        id=1, kind="original", first_year=2020, last_year=2021, budget={(1, 2020): 0}
    )
    table = build_table(AREAS, SOURCES, [decision])

    assert table.budget_rows[0].cells == (0, None)
    assert table.budget_rows[1].cells == (None, None)
    assert table.budget_total == (0, None)
    assert table.total == (0, None)
    assert table.financing_rows == ()


def test_unbalanced_year_is_reported_with_its_difference() -> None:
    decision = DecisionFigures(
        id=1,
        kind="original",
        first_year=2020,
        last_year=2021,
        budget={(1, 2020): 1000, (1, 2021): 500},
        financing={(10, 2020): 1000, (10, 2021): 900},
    )
    table = build_table(AREAS, SOURCES, [decision])

    assert table.total == (0, -400)
    assert not table.balanced
    assert [(c.year, diff) for c, diff in table.imbalances] == [(2021, -400)]
    assert unbalanced_years(decision) == {2021: -400}
    assert yearly_balance(decision) == {2020: 0, 2021: -400}


def test_year_with_nothing_entered_counts_as_balanced() -> None:
    decision = DecisionFigures(id=1, kind="original", first_year=2020, last_year=2022)
    assert unbalanced_years(decision) == {}
    assert yearly_balance(decision) == {2020: 0, 2021: 0, 2022: 0}


def test_revision_replaces_the_revised_years_and_is_never_summed_with_the_original() -> None:
    original = DecisionFigures(
        id=1,
        kind="original",
        first_year=2019,
        last_year=2020,
        budget={(1, 2019): 100, (1, 2020): 100},
        financing={(10, 2019): 100, (10, 2020): 100},
        sort_key=("2019-01-01", 1),
    )
    revision = DecisionFigures(
        id=2,
        kind="revision",
        revises_id=1,
        first_year=2020,
        last_year=2020,
        budget={(2, 2020): 250},
        financing={(11, 2020): 250},
        sort_key=("2020-01-01", 2),
    )

    (effective,) = effective_figures([original, revision])
    table = build_table(AREAS, SOURCES, [effective])

    assert effective.budget == {(1, 2019): 100, (2, 2020): 250}
    assert table.budget_total == (100, 250)
    assert table.total == (0, 0)
    assert [r.label for r in table.financing_rows] == ["ESF", "REM"]


def test_later_revision_wins_over_an_earlier_one_for_the_same_year() -> None:
    original = DecisionFigures(
        id=1, kind="original", first_year=2020, last_year=2020, budget={(1, 2020): 100}
    )
    first = DecisionFigures(
        id=2,
        kind="revision",
        revises_id=1,
        first_year=2020,
        last_year=2020,
        budget={(1, 2020): 200},
        sort_key=("2020-01-01", 2),
    )
    second = DecisionFigures(
        id=3,
        kind="revision",
        revises_id=2,
        first_year=2020,
        last_year=2020,
        budget={(1, 2020): 300},
        sort_key=("2020-06-01", 3),
    )

    (effective,) = effective_figures([second, original, first])

    assert effective.budget == {(1, 2020): 300}


def test_revision_of_a_decision_not_counted_stands_on_its_own() -> None:
    revision = DecisionFigures(
        id=2, kind="revision", revises_id=99, first_year=2020, last_year=2020, budget={(1, 2020): 5}
    )
    assert effective_figures([revision]) == [revision]


def test_decision_known_only_by_totals_is_an_unsplit_period_without_budget_or_balance() -> None:
    original = DecisionFigures(
        id=1,
        kind="original",
        first_year=2016,
        last_year=2018,
        split_by_year=False,
        period_totals={11: 10_000 * K, 10: 19_500 * K},
    )
    table = build_table(AREAS, SOURCES, [original, TOP_UP])

    assert table.columns[0] == Column(2016, 2018, unsplit=True)
    assert [c.year for c in table.columns[1:]] == [2017, 2018]
    assert table.has_unsplit
    esf = table.financing_rows[0]
    assert esf.cells == (19_500 * K, 1000 * K, 1000 * K)
    assert table.budget_total[0] is None
    assert table.financing_total[0] == -29_500 * K
    assert table.total == (None, 0, 0)
    assert table.balanced


def test_revision_of_an_unsplit_decision_replaces_its_totals() -> None:
    original = DecisionFigures(
        id=1,
        kind="original",
        first_year=2016,
        last_year=2018,
        split_by_year=False,
        period_totals={10: 900},
    )
    revision = DecisionFigures(
        id=2,
        kind="revision",
        revises_id=1,
        first_year=2016,
        last_year=2018,
        budget={(1, 2016): 300},
        financing={(10, 2016): 300},
    )

    (effective,) = effective_figures([original, revision])

    assert effective.period_totals == {}
    table = build_table(AREAS, SOURCES, [effective])
    assert [c.year for c in table.columns] == [2016, 2017, 2018]


def test_lines_outside_the_period_still_show_as_columns() -> None:
    decision = DecisionFigures(
        id=1, kind="original", first_year=2020, last_year=2020, budget={(1, 2022): 7}
    )
    table = build_table(AREAS, SOURCES, [decision])
    assert [c.year for c in table.columns] == [2020, 2021, 2022]


def test_amounts_in_thousands_are_exact_for_whole_thousands() -> None:
    assert in_thousands(4_000_000) == Decimal(4000)
    assert in_thousands(-12_000_000) == Decimal(-12000)
    assert in_thousands(1_250) == Decimal("1.3")
    assert in_thousands(0) == Decimal(0)
