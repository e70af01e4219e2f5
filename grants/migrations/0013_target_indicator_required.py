import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every target now points at an indicator row: the old choice goes, the row is required."""

    dependencies = [("grants", "0012_indicators_data")]

    operations = [
        migrations.RemoveField(model_name="target", name="old_indicator"),
        migrations.RemoveField(model_name="historicaltarget", name="old_indicator"),
        migrations.AlterField(
            model_name="target",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="targets",
                to="grants.indicator",
                verbose_name="indicator",
            ),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.UniqueConstraint(
                fields=("decision", "indicator"), name="target_one_per_indicator"
            ),
        ),
    ]
