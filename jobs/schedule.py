"""Periodic work: what the rooms ask to run at set times, and the one run of each time slot.

A room registers each periodic piece of work once, as a `Periodic` (a name, when it runs, and a
function of no arguments), from its `AppConfig.ready()`, as it registers its kinds of job. The
scheduler (`manage.py run_schedule`, APScheduler's cron triggers, `jobs.scheduler`) does not run
the work itself: at each slot it claims the slot in the database (`ScheduledRun`, unique by name
and slot time) and, if the claim is new, queues the task that runs it on the project's task
backend (the database worker by default, RQ on Redis as a setting). So any number of
schedulers on any number of servers may fire the same slot: one claim wins, and the task claims
the run once more before it starts, so a task delivered twice still runs once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True, slots=True)
class Periodic:
    """One piece of periodic work: `when` gives APScheduler's cron fields (hour, minute, …).

    `when` is a function, read when the scheduler starts, so that settings (the hour of the
    reminders, say) and tests can set it.
    """

    name: str
    label: str | Promise
    when: Callable[[], Mapping[str, object]]
    run: Callable[[], object]
    # Slots are the times the cron fields give; a slot older than this when the scheduler
    # wakes (it was stopped) is skipped, not run late.
    grace_seconds: int = field(default=60 * 60)


_PERIODIC: dict[str, Periodic] = {}


def register(periodic: Periodic) -> Periodic:
    """Register `periodic` (again, on a reload: the last one wins)."""
    _PERIODIC[periodic.name] = periodic
    return periodic


def unregister(name: str) -> None:
    _PERIODIC.pop(name, None)


def get(name: str) -> Periodic | None:
    return _PERIODIC.get(name)


def periodics() -> list[Periodic]:
    return sorted(_PERIODIC.values(), key=lambda periodic: periodic.name)
