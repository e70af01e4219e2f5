"""A test app for the schedule test: periodic work every second that notes each run in a file.

Only `tests/schedule_settings.py` installs it, in the scheduler and worker processes that
tests/jobs/test_schedule_processes.py starts.
"""

import os
from pathlib import Path

from django.apps import AppConfig

from jobs.schedule import Periodic, register


def tick() -> None:
    with Path(os.environ["RUMMELIG_TICK_LOG"]).open("a") as log:
        log.write(f"{os.getpid()}\n")


class ScheduleTestConfig(AppConfig):
    name = "tests.schedule_app"
    label = "schedule_test"

    def ready(self) -> None:
        register(Periodic(name="tests.tick", label="tick", when=lambda: {"second": "*"}, run=tick))
