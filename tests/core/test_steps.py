"""The step indicator's data: which steps are done, current and to come, and what a screen
reader hears. Pure: no database."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.steps import State, steps_at


def test_the_steps_before_the_current_one_are_done_and_those_after_it_to_come() -> None:
    steps = steps_at(["a", "b", "c", "d"], 2)
    assert [step.state for step in steps] == [State.DONE, State.DONE, State.CURRENT, State.TO_COME]
    assert [(step.number, step.total) for step in steps] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_screen_reader_hears_the_step_its_number_and_where_the_object_stands() -> None:
    with translation.override("da"):
        labels = [step.label for step in steps_at(["a", "b", "c", "d", "e"], 1)]
    assert labels == [
        "Trin 1 af 5, gennemført",
        "Trin 2 af 5, nuværende",
        "Trin 3 af 5, kommende",
        "Trin 4 af 5, kommende",
        "Trin 5 af 5, kommende",
    ]


def test_only_the_current_step_carries_the_error_mark_and_the_notes_sit_where_given() -> None:
    steps = steps_at(["a", "b", "c"], 0, notes={0: "Sendt retur"}, error=True)
    assert [(step.error, step.note) for step in steps] == [
        (True, "Sendt retur"),
        (False, ""),
        (False, ""),
    ]


@pytest.mark.parametrize("current", [-1, 3])
def test_a_current_step_outside_the_steps_is_a_programming_error(current: int) -> None:
    with pytest.raises(ValueError):
        steps_at(["a", "b", "c"], current)
