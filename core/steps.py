"""A lifecycle as the design system's step indicator (trinindikator) shows it: its steps, each
done, current or to come, and the one next action the page offers as its primary button.

Each room says its own lifecycle in a pure function (`meetings.lifecycle`,
`spending.lifecycle`, `progress.lifecycle`): plain data in (the object's status, a few counts,
what the user may do), a `Lifecycle` out. The page renders it with
`templates/includes/step_indicator.html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class State(StrEnum):
    DONE = "done"
    CURRENT = "current"
    TO_COME = "to_come"


@dataclass(frozen=True)
class Step:
    """One step: its title, where the object stands to it, and an optional note under it
    ("3 of 5 items decided"). `error` marks a step the object was sent back to."""

    number: int
    total: int
    title: str
    state: State
    note: str = ""
    error: bool = False

    @property
    def label(self) -> str:
        """What a screen reader hears before the title: "Trin 2 af 5, nuværende"."""
        values = {"number": self.number, "total": self.total}
        if self.state == State.DONE:
            return _("Step %(number)s of %(total)s, done") % values
        if self.state == State.CURRENT:
            return _("Step %(number)s of %(total)s, current") % values
        return _("Step %(number)s of %(total)s, to come") % values

    @property
    def done(self) -> bool:
        return self.state == State.DONE

    @property
    def current(self) -> bool:
        return self.state == State.CURRENT


@dataclass(frozen=True)
class Action:
    """What the user can do next: a code the page maps to its button, and the button's label."""

    code: str
    label: str


@dataclass(frozen=True)
class Lifecycle:
    """The steps of one object's lifecycle and the next action for this user, if any.

    `waiting` says, when there is no next action for this user, who acts next ("Another
    person must authorise it.")."""

    title: str
    steps: tuple[Step, ...]
    next_action: Action | None = None
    waiting: str = ""

    @property
    def current(self) -> Step:
        return next(step for step in self.steps if step.current)


def steps_at(
    titles: Sequence[str],
    current: int,
    *,
    notes: dict[int, str] | None = None,
    error: bool = False,
) -> tuple[Step, ...]:
    """The steps called `titles`, the one at index `current` current (marked `error` if the
    object was sent back to it), those before it done, those after it to come."""
    if not 0 <= current < len(titles):
        raise ValueError(f"No step {current} among {len(titles)}")
    notes = notes or {}
    total = len(titles)
    return tuple(
        Step(
            number=index + 1,
            total=total,
            title=title,
            state=(
                State.DONE
                if index < current
                else State.CURRENT
                if index == current
                else State.TO_COME
            ),
            note=notes.get(index, ""),
            error=error and index == current,
        )
        for index, title in enumerate(titles)
    )
