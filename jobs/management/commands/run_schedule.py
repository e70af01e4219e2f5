"""Run the scheduler of the periodic work (reminders, digests, purges, the region's standing)."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand

from jobs import schedule
from jobs.scheduler import configure


class Command(BaseCommand):
    help = (
        "Fire the registered periodic work at its times: each slot is claimed in the database "
        "and run once by a task worker, however many servers run this scheduler."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = configure(BlockingScheduler(timezone=settings.TIME_ZONE))
        for periodic in schedule.periodics():
            self.stdout.write(f"{periodic.name}: {periodic.when()}")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)
