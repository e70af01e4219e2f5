"""The lists participants are described by: the case paper's target groups and the ESF data.

ESF: Regulation (EU) No 1304/2013, Annex I (common output and result indicators). Indicator
codes are not shown to users until checked against the regulation's text.
"""

from django.db import migrations

ESF = "Regulation (EU) No 1304/2013, Annex I"

CATEGORIES = {
    "target_group": [
        ("young-mental-health", "Unge med psykiske udfordringer", "Young people with mental health challenges", ""),
        ("refugee-immigrant", "Flygtninge og indvandrere", "Refugees and immigrants", ""),
        ("lost-unemployment-benefit", "Har mistet retten til dagpenge", "Lost the right to unemployment benefit", ""),
        ("long-municipal-effort", "Lang kommunal indsats uden held", "Long unsuccessful municipal effort", ""),
        ("early-retirement-regained", "Førtidspensionist med genvundet arbejdsevne", "Early-retirement pensioner with regained work capacity", ""),
        ("no-public-benefit", "Modtager ingen offentlig ydelse", "Receives no public benefit", ""),
        ("other", "Andet", "Other", ""),
    ],
    "employment_status": [
        ("unemployed", "Ledig", "Unemployed", ESF),
        ("long-term-unemployed", "Langtidsledig", "Long-term unemployed", ESF),
        ("inactive", "Inaktiv", "Inactive", ESF),
        ("inactive-not-in-education", "Inaktiv, ikke i uddannelse", "Inactive, not in education or training", ESF),
        ("employed", "I beskæftigelse (også selvstændig)", "Employed, including self-employed", ESF),
    ],
    "education": [
        ("isced-1-2", "Grundskole (ISCED 1–2)", "Primary or lower secondary (ISCED 1–2)", ESF),
        ("isced-3-4", "Ungdomsuddannelse (ISCED 3–4)", "Upper secondary or post-secondary non-tertiary (ISCED 3–4)", ESF),
        ("isced-5-8", "Videregående uddannelse (ISCED 5–8)", "Tertiary (ISCED 5–8)", ESF),
    ],
    "result_on_leaving": [
        ("job-searching", "Jobsøgende ved afslutning", "Engaged in job searching upon leaving", ESF),
        ("in-education", "I uddannelse ved afslutning", "In education or training upon leaving", ESF),
        ("qualification", "Har opnået kvalifikation", "Gaining a qualification upon leaving", ESF),
        ("in-employment", "I beskæftigelse ved afslutning", "In employment upon leaving", ESF),
    ],
    "result_six_months": [
        ("in-employment-6m", "I beskæftigelse seks måneder efter", "In employment six months after leaving", ESF),
        ("improved-6m", "Forbedret arbejdsmarkedssituation seks måneder efter", "Improved labour-market situation six months after leaving", ESF),
    ],
}


def load(apps, schema_editor):
    Category = apps.get_model("participants", "Category")
    for kind, entries in CATEGORIES.items():
        for order, (code, label, label_en, regulation) in enumerate(entries, start=1):
            Category.objects.update_or_create(
                kind=kind,
                code=code,
                defaults={"label": label, "label_en": label_en, "order": order, "regulation": regulation},
            )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
