"""Reference data: the 19 municipalities of Region Midtjylland and the case paper's industries."""

import csv
from pathlib import Path

from django.db import migrations

MUNICIPALITIES = Path(__file__).resolve().parent.parent / "data" / "municipalities-midtjylland.csv"
INDUSTRIES = ["Landbrug", "Turisme", "Små håndværkervirksomheder", "Tekstil og mode"]


def load(apps, schema_editor):
    Municipality = apps.get_model("companies", "Municipality")
    Industry = apps.get_model("companies", "Industry")
    with MUNICIPALITIES.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            Municipality.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for name in INDUSTRIES:
        Industry.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
