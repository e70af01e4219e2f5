import io
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo.scale import already_built, beyond_demo, build_scale_data
from demo.scale.request_steps import build_requests

MAX_SCALE = 4.0


def scale_factor(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= MAX_SCALE:
        raise CommandError(f"--scale must be a number above 0 and at most {MAX_SCALE:g}.")
    return value


class Command(BaseCommand):
    help = (
        "Build the scale data set for benchmarks on top of the demo (loaded first): 500 projects "
        "in 5 programmes with about 1,500 balanced grant decisions, 500 cases and 6,000 "
        "targets, 20,000 companies, about 200,000 participants and 250,000 onboarding courses "
        "(50,000 of them in Rummelig imidt). The same --seed gives the same data; --scale "
        "multiplies every count (0.002 for a quick try). It refuses a database that holds more "
        "than the demo data, since hundreds of thousands of rows are not easily taken out "
        "again: use a database of its own, or --force to add the data anyway. A database that "
        "already holds the scale data is always refused: drop it to build again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2016, help="Random seed (default 2016).")
        parser.add_argument(
            "--scale",
            type=str,
            default="1",
            help=f"Factor on every count, above 0 and at most {MAX_SCALE:g} (default 1).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the data although the database holds more than the demo data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = scale_factor(options["scale"])
        if already_built():
            raise CommandError(
                "This database already holds the scale data: drop the database to build it again."
            )
        found = beyond_demo()
        if found and not options["force"]:
            raise CommandError(
                "The database holds more than the demo data ("
                + ", ".join(found)
                + "). Build the scale data in a database of its own, or add --force."
            )
        started = time.monotonic()
        # The demo first (idempotent): the scale data adds to its project and its logins.
        call_command("load_demo", stdout=io.StringIO())
        counts = build_scale_data(
            seed=options["seed"], scale=scale, report=lambda line: self.stdout.write(f"  {line}")
        )
        requests = build_requests(
            seed=options["seed"], scale=scale, report=lambda line: self.stdout.write(f"  {line}")
        )
        # The planner's statistics, before anything is timed: until autovacuum gets round to
        # the new rows, PostgreSQL plans for empty tables (a 50,000-row scan estimated at 824
        # rows, nested loops where hash joins belong). VACUUM also marks the pages all-visible,
        # so that counts and index-only scans need not visit the table, as in a settled
        # database. VACUUM runs in no transaction: called inside one (a test), ANALYZE alone.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data built in {time.monotonic() - started:.0f} s: {counts.projects} "
                f"projects, {counts.decisions} decisions, {counts.cases} cases, "
                f"{counts.targets} targets, {counts.companies} companies, "
                f"{counts.participants} participants, {counts.courses} courses and "
                f"{requests} requests added to the demo."
            )
        )
