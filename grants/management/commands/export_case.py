from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.forms import parse_id
from grants.cases.pdf import case_pdf
from grants.cases.presentation import case_presentation
from grants.models import Case


class Command(BaseCommand):
    help = (
        "Write the case presentation of a case as PDF (tagged PDF/A-3a and PDF/UA-1). "
        "IDs are the case ids that --list prints first on each line."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("id", nargs="?", help="The case's id (see --list).")
        parser.add_argument("-o", "--output", help="The PDF file to write.")
        parser.add_argument(
            "--pdfa", action="store_true", help="Accepted for older scripts: every PDF is PDF/A."
        )
        parser.add_argument("--list", action="store_true", help="List the cases, id first.")
        parser.add_argument("--language", default="da", help="da (default) or en")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            if options["list"]:
                self._list()
                return
            if not options["id"] or not options["output"]:
                raise CommandError("Give a case id and -o FILE, or --list.")
            pk = parse_id(str(options["id"]))
            if pk is None:
                raise CommandError(f"Unknown case id {options['id']!r}: see --list.")
            case = Case.objects.select_related("project").filter(pk=pk).first()
            if case is None:
                raise CommandError(f"No case with id {options['id']}: see --list.")
            # Rendered in full before the file is opened: a failure writes nothing.
            content = case_pdf(case_presentation(case))
            try:
                Path(options["output"]).write_bytes(content)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}") from exc
            self.stdout.write(
                f"Wrote {options['output']} (PDF/A-3a, PDF/UA-1, {len(content)} bytes)."
            )

    def _list(self) -> None:
        for case in Case.objects.select_related("project").order_by("pk"):
            number = case.case_number or "-"
            date = case.meeting_date.isoformat() if case.meeting_date else "-"
            self.stdout.write(f"{case.pk}\t{number}\t{date}\t{case.project.name}\t{case.title}")
