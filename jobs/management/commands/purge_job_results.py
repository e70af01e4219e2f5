"""Delete the files of jobs past their `expires_at`, and fail jobs a worker left running."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.cleanup import ABANDONED_AFTER_HOURS, fail_abandoned_jobs, purge_expired_results


class Command(BaseCommand):
    help = (
        "Delete background job results past their expiry (JOB_RESULT_DAYS), and mark jobs "
        "running for longer than --stale-hours (a worker that died) as failed. The worker does "
        "the same after each job; run it daily where jobs are rare."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-hours",
            type=int,
            default=ABANDONED_AFTER_HOURS,
            help=(
                "A job running this many hours is taken as abandoned "
                f"(default: {ABANDONED_AFTER_HOURS})."
            ),
        )

    def handle(self, *args: Any, stale_hours: int, **options: Any) -> None:
        purged = purge_expired_results()
        failed = fail_abandoned_jobs(hours=stale_hours)
        self.stdout.write(f"Deleted {purged} expired result(s); failed {failed} abandoned job(s).")
