"""The difference table of a change request: pure data, no database."""

from __future__ import annotations

from applications.difference import AreaRow, DiffCell, difference_table


def test_each_cell_holds_current_proposed_and_their_difference() -> None:
    table = difference_table(
        years=[2019, 2020],
        areas=[AreaRow(key=10, label="Indslusning", effort_area_id=1)],
        sources=[(7, "Regionen"), (8, "Kommunen")],
        proposed_budget={(10, 2019): 88_000, (10, 2020): 50_000},
        proposed_financing={(7, 2019): 88_000, (7, 2020): 50_000},
        current_budget={(1, 2019): 100_000},
        current_financing={(7, 2019): 100_000},
    )
    assert table.years == (2019, 2020)
    (row,) = table.budget_rows
    assert row.cells == (DiffCell(100_000, 88_000), DiffCell(0, 50_000))
    assert [cell.difference for cell in row.cells] == [-12_000, 50_000]
    assert row.total == DiffCell(100_000, 138_000)
    # A source with nothing now and nothing proposed is left out.
    assert [r.label for r in table.financing_rows] == ["Regionen"]
    assert table.financing_total.cells[0].difference == -12_000


def test_a_new_area_has_nothing_now() -> None:
    table = difference_table(
        years=[2021],
        areas=[AreaRow(key=11, label="Ny indsats", effort_area_id=None)],
        sources=[],
        proposed_budget={(11, 2021): 5_000},
        proposed_financing={},
        current_budget={(11, 2021): 999},  # a project area's id that happens to equal the key
        current_financing={},
    )
    assert table.budget_rows[0].cells == (DiffCell(0, 5_000),)
    assert table.budget_total.cells == (DiffCell(0, 5_000),)


def test_no_years_no_cells() -> None:
    table = difference_table(
        years=[],
        areas=[AreaRow(1, "A", None)],
        sources=[(1, "S")],
        proposed_budget={},
        proposed_financing={},
        current_budget={},
        current_financing={},
    )
    assert table.budget_rows[0].cells == ()
    assert table.financing_rows == ()
