"""List stored records whose dates no form would accept now: before the rules, or past them.

Every path in refuses a course that starts before its participant's birth year and any date
outside the plausible range (`core.validators.validate_plausible_date`); records stored before
those rules, or by a bulk update, are still shown (the participant's page warns). This command
finds them, to correct them, e.g. before a database constraint makes them impossible.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.db.models import F, Min, Q

from core.validators import MAX_DATE, MIN_DATE
from participants.models import Participant

APPS = ("grants", "participants", "companies")


def implausible_dates() -> list[tuple[str, int, str, str]]:
    """(model label, id, field, date) for every stored date outside MIN_DATE–MAX_DATE."""
    found: list[tuple[str, int, str, str]] = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if (model._meta.model_name or "").startswith("historical"):
                continue  # earlier versions: corrected with their record, if at all
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.DateField) or isinstance(
                    field, models.DateTimeField
                ):
                    continue
                outside = Q(**{f"{field.name}__lt": MIN_DATE}) | Q(
                    **{f"{field.name}__gt": MAX_DATE}
                )
                rows = model._default_manager.filter(outside).values_list("pk", field.name)
                found.extend(
                    (model._meta.label_lower, pk, field.name, value.isoformat())
                    for pk, value in rows.order_by("pk")
                )
    return found


def courses_before_birth() -> list[tuple[int, str, int, str]]:
    """(participant id, reference, birth year, first start) where the start comes first."""
    participants = (
        Participant.objects.annotate(first_start=Min("courses__start_date"))
        .filter(first_start__year__lt=F("birth_year"))
        .order_by("pk")
    )
    return [
        (p.pk, p.reference, p.birth_year, p.first_start.isoformat())  # type: ignore[attr-defined]
        for p in participants
    ]


class Command(BaseCommand):
    help = (
        "List participants whose first course starts before their birth year, and every stored "
        "date outside the plausible range. Changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 if anything is found."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        before_birth = courses_before_birth()
        self.stdout.write(
            f"Participants whose first course starts before their birth year: {len(before_birth)}"
        )
        for pk, reference, birth_year, start in before_birth:
            self.stdout.write(
                f"  participants.participant {pk} ({reference}): born {birth_year}, "
                f"first course starts {start}"
            )
        outside = implausible_dates()
        self.stdout.write(
            f"Dates outside {MIN_DATE.isoformat()} – {MAX_DATE.isoformat()}: {len(outside)}"
        )
        for label, pk, field, value in outside:
            self.stdout.write(f"  {label} {pk}: {field} {value}")
        if options["check"] and (before_birth or outside):
            raise CommandError("Stored records have impossible dates: correct them.")
