"""Every meeting, and every historical record of one, points at the body its former forum code
named (`grants.0019_decision_bodies_data` made the rows, their short names the codes)."""

from django.db import migrations

MODELS = ("Meeting", "HistoricalMeeting")


def codes_to_rows(apps, schema_editor):
    DecisionBody = apps.get_model("grants", "DecisionBody")
    for name in MODELS:
        model = apps.get_model("meetings", name)
        for code in model.objects.values_list("old_forum", flat=True).distinct():
            body = DecisionBody.objects.filter(code=code).first()
            if body is None:
                # A code the choices never had (written past them): a body of its own.
                body, _ = DecisionBody.objects.get_or_create(name=code or "?")
            model.objects.filter(old_forum=code).update(forum_id=body.pk)


def rows_to_codes(apps, schema_editor):
    DecisionBody = apps.get_model("grants", "DecisionBody")
    for name in MODELS:
        model = apps.get_model("meetings", name)
        for body in DecisionBody.objects.all():
            model.objects.filter(forum_id=body.pk).update(old_forum=(body.code or body.name)[:30])


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0019_decision_bodies_data"),
        ("meetings", "0002_meeting_forum_body"),
    ]

    operations = [migrations.RunPython(codes_to_rows, rows_to_codes)]
