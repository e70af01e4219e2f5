"""Settings of the scheduler and worker processes of the schedule test: the test settings and an
app with periodic work every second (tests/schedule_app)."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.schedule_app.apps.ScheduleTestConfig"]  # noqa: F405
