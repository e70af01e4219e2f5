"""The four indicators that were choices of `Target.indicator` become `Indicator` rows.

Each keeps its English label as its English name (and the label's Danish translation as its
Danish name), is computed by the measure that counted it before, and is chosen by every
programme whose projects have targets of it; every target and every historical record of a
target points at its row. What each target counts is the same query as before, so every
progress figure stays as it was (`tests/progress/test_demo_figures.py`).
"""

from django.db import migrations

# (old choice, code, Danish name, English name, unit, kind), in the order the choices had.
FORMER_CHOICES = [
    (
        "citizens_in_courses",
        "INK01",
        "borgere i indslusningsforløb",
        "citizens in onboarding courses",
        "borgere",
        "output",
    ),
    ("ordinary_jobs", "INK02", "ordinære job", "ordinary jobs", "job", "result"),
    ("flex_jobs", "INK03", "fleksjob", "flex jobs", "job", "result"),
    (
        "companies_inclusion",
        "INK04",
        "virksomheder der arbejder aktivt med inklusion",
        "companies working actively with inclusion",
        "virksomheder",
        "output",
    ),
]


def choices_to_rows(apps, schema_editor):
    Indicator = apps.get_model("grants", "Indicator")
    ProgrammeIndicator = apps.get_model("grants", "ProgrammeIndicator")
    Target = apps.get_model("grants", "Target")
    HistoricalTarget = apps.get_model("grants", "HistoricalTarget")
    for choice, code, name_da, name_en, unit, kind in FORMER_CHOICES:
        indicator, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_da": name_da,
                "name_en": name_en,
                "unit": unit,
                "kind": kind,
                "measurement": "computed",
                "measure": choice,
            },
        )
        programme_ids = set(
            Target.objects.filter(old_indicator=choice).values_list(
                "decision__project__programme_id", flat=True
            )
        )
        for programme_id in sorted(programme_ids):
            ProgrammeIndicator.objects.get_or_create(
                programme_id=programme_id, indicator=indicator
            )
        Target.objects.filter(old_indicator=choice).update(indicator=indicator)
        HistoricalTarget.objects.filter(old_indicator=choice).update(indicator=indicator)


def rows_to_choices(apps, schema_editor):
    Indicator = apps.get_model("grants", "Indicator")
    Target = apps.get_model("grants", "Target")
    HistoricalTarget = apps.get_model("grants", "HistoricalTarget")
    for choice, code, *_ in FORMER_CHOICES:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        Target.objects.filter(indicator=indicator).update(old_indicator=choice)
        HistoricalTarget.objects.filter(indicator=indicator).update(old_indicator=choice)
    if Target.objects.exclude(indicator__code__in=[row[1] for row in FORMER_CHOICES]).exists():
        raise RuntimeError(
            "Targets of indicators other than the four former choices cannot be migrated back."
        )


class Migration(migrations.Migration):
    dependencies = [("grants", "0011_indicators")]

    operations = [migrations.RunPython(choices_to_rows, rows_to_choices)]
