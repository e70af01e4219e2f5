# Written by hand (the operations makemigrations gives for these model changes only).
#
# A disbursement row may name the funding source it pays out. A row that names none pays out
# the decision's recommendations as a whole, as every existing row does: one such row a year,
# as before, and one a year for each named source.
#
# Depends on the set-up pages' migration (numbered 0008 as well) so that the graph keeps one
# leaf while both are in the tree; renumber this one 0009 when they are merged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0008_project_funding_sources"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="disbursement",
            options={
                "ordering": ["decision", "year", "pk"],
                "verbose_name": "disbursement",
                "verbose_name_plural": "disbursements",
            },
        ),
        migrations.RemoveConstraint(
            model_name="disbursement",
            name="disbursement_one_per_year",
        ),
        migrations.AddField(
            model_name="disbursement",
            name="funding_source",
            field=models.ForeignKey(
                blank=True,
                help_text="Leave empty when the row pays out the recommendations as a whole.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="grants.fundingsource",
                verbose_name="funding source",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisbursement",
            name="funding_source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Leave empty when the row pays out the recommendations as a whole.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="grants.fundingsource",
                verbose_name="funding source",
            ),
        ),
        migrations.AddConstraint(
            model_name="disbursement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("funding_source__isnull", True)),
                fields=("decision", "year"),
                name="disbursement_one_per_year",
                violation_error_message="The schedule already pays out an amount that year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="disbursement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("funding_source__isnull", False)),
                fields=("decision", "funding_source", "year"),
                name="disbursement_one_per_source_and_year",
                violation_error_message=(
                    "The schedule already pays out an amount of that funding source that year."
                ),
            ),
        ),
    ]
