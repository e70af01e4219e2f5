from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation

from core.forms import parse_id
from grants import exports
from grants.models import Case, GrantDecision, Project
from grants.queries import BUDGET_SOURCES

WRITERS = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "pdf": exports.to_pdf}


class Command(BaseCommand):
    help = (
        "Export the budget-and-financing table of a case or a decision. "
        "IDs are 'case-N', 'decision-N' or 'project-N' as --list prints them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("id", nargs="?", help="case-N or decision-N (see --list)")
        parser.add_argument("--list", action="store_true", help="List cases and decisions.")
        parser.add_argument(
            "--format", choices=["html", "csv", "xlsx", "pdf"], default="xlsx", dest="fmt"
        )
        parser.add_argument("-o", "--output", help="File to write.")
        parser.add_argument("--language", default="da", help="da (default) or en")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            if options["list"]:
                self._list()
                return
            if not options["id"] or not options["output"]:
                raise CommandError("Give an ID and -o FILE, or --list.")
            kind, _, number = options["id"].partition("-")
            pk = parse_id(number)
            if kind not in ("case", "decision", "project") or pk is None:
                raise CommandError(
                    f"Unknown ID {options['id']!r}: use case-N, decision-N or project-N."
                )
            # The command runs on the server, as its operator: no user, no access scope.
            queryset, _perm, make_report = BUDGET_SOURCES[kind]
            obj = queryset.filter(pk=pk).first()
            if obj is None:
                raise CommandError(f"No {kind} with id {number}.")
            report = make_report(obj)
            fmt = options["fmt"]
            if fmt == "html":
                content = render_to_string(
                    "grants/budget_table_print.html",
                    {"object": obj, "report": report, "table_kind": kind},
                ).encode()
            else:
                content = WRITERS[fmt](report)
            Path(options["output"]).write_bytes(content)
            self.stdout.write(f"Wrote {options['output']} ({len(content)} bytes).")

    def _list(self) -> None:
        for project in Project.objects.order_by("pk"):
            self.stdout.write(f"project-{project.pk}\t{project.name}")
        for case in Case.objects.select_related("project").order_by("pk"):
            self.stdout.write(f"case-{case.pk}\t{case.project.name}\t{case.title}")
        for decision in GrantDecision.objects.select_related("project").order_by("pk"):
            self.stdout.write(
                f"decision-{decision.pk}\t{decision.project.name}\t{decision.title}"
                f"\t{decision.first_year}-{decision.last_year}\t{decision.get_status_display()}"
            )
