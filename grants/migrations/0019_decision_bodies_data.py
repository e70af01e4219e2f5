"""The three choices of the deciding body become rows of the list, with two bodies of today
beside them; every decision and every historical record of one points at its row.

The codes of the former choices stay as the bodies' short names, so the way back can find them.
"""

from django.db import migrations

# (code, name, description, order): the former choices first, in their order.
BODIES = [
    (
        "vaekstforum",
        "Vækstforum",
        "Regionens vækstforum, der til og med 2018 indstillede om de regionale "
        "erhvervsudviklingsmidler og EU's strukturfondsmidler.",
        1,
    ),
    ("regional_council", "Regionsrådet", "Regionsrådet i regionen.", 2),
    (
        "business_authority",
        "Erhvervsstyrelsen",
        "Erhvervsstyrelsen, der giver tilsagn om tilskud fra EU's strukturfonde.",
        3,
    ),
    (
        "erhvervsfremmebestyrelsen",
        "Danmarks Erhvervsfremmebestyrelse",
        "Indstiller fra 2019 om EU's strukturfondsmidler og de decentrale erhvervsfremmemidler.",
        4,
    ),
    (
        "regional_udvikling",
        "Regionsrådets udvalg for regional udvikling",
        "Regionsrådets udvalg, der fra 2019 behandler sager om regional udvikling.",
        5,
    ),
]


def bodies_by_code(apps):
    """The list's rows by code, created where missing (a database emptied since, a new one)."""
    DecisionBody = apps.get_model("grants", "DecisionBody")
    rows = {}
    for code, name, description, order in BODIES:
        body = DecisionBody.objects.filter(code=code).first()
        if body is None:
            body, _ = DecisionBody.objects.get_or_create(
                name=name, defaults={"code": code, "description": description, "order": order}
            )
        rows[code] = body
    return rows


def map_codes(model, old_field, new_field, rows, DecisionBody):
    """Point every row of `model` at the body its former code named; a code the choices never
    had (written past them) becomes a body of its own, named by the code."""
    for code in model.objects.values_list(old_field, flat=True).distinct():
        body = rows.get(code)
        if body is None:
            body, _ = DecisionBody.objects.get_or_create(name=code or "?", defaults={"code": ""})
            rows[code] = body
        model.objects.filter(**{old_field: code}).update(**{f"{new_field}_id": body.pk})


def codes_to_rows(apps, schema_editor):
    DecisionBody = apps.get_model("grants", "DecisionBody")
    rows = bodies_by_code(apps)
    for name in ("GrantDecision", "HistoricalGrantDecision"):
        map_codes(apps.get_model("grants", name), "old_deciding_body", "deciding_body", rows, DecisionBody)


def unmap_codes(model, old_field, new_field, DecisionBody):
    """The way back: each row's body's code (or name, for a body the list gained since)."""
    for body in DecisionBody.objects.all():
        model.objects.filter(**{f"{new_field}_id": body.pk}).update(
            **{old_field: (body.code or body.name)[:30]}
        )


def rows_to_codes(apps, schema_editor):
    DecisionBody = apps.get_model("grants", "DecisionBody")
    for name in ("GrantDecision", "HistoricalGrantDecision"):
        unmap_codes(apps.get_model("grants", name), "old_deciding_body", "deciding_body", DecisionBody)


class Migration(migrations.Migration):
    dependencies = [("grants", "0018_decision_bodies")]

    operations = [migrations.RunPython(codes_to_rows, rows_to_codes)]
