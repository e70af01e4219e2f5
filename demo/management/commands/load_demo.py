import io
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.applications import load_application_demo
from demo.grants import load_demo
from demo.meetings import load_meeting_demo
from demo.participants import load_participant_demo
from demo.spending import load_spending_demo
from demo.users import ensure_demo_users
from spending.reminders import remind


class Command(BaseCommand):
    help = "Create or refresh the demo data: the Rummelig imidt seed case and a demo user per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-users", action="store_true", help="Load the data only, create no demo logins."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        project = load_demo()
        counts = load_participant_demo(project)
        load_spending_demo(project)
        load_meeting_demo(project)
        load_application_demo(project)
        # Rows written in bulk have no audit history yet: give each its first ("created") record,
        # so the history pages start from the demo's figures.
        call_command("populate_history", auto=True, stdout=io.StringIO(), stderr=io.StringIO())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {project.name} with {counts.companies} companies, "
                f"{counts.participants} participants and {counts.courses} onboarding courses."
            )
        )
        if options["no_users"]:
            return
        self.stdout.write("Demo logins (username / password):")
        for username, password in ensure_demo_users(project).items():
            self.stdout.write(f"  {username} / {password}")
        # The reminders the schedule sends each morning, once now, so that the demo's deadlines
        # are in the bells from the start.
        remind()
