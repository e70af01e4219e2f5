import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every decision now names a body of the list: the former choice goes, the body is required."""

    dependencies = [("grants", "0019_decision_bodies_data")]

    operations = [
        migrations.RemoveField(model_name="grantdecision", name="old_deciding_body"),
        migrations.RemoveField(model_name="historicalgrantdecision", name="old_deciding_body"),
        migrations.AlterField(
            model_name="grantdecision",
            name="deciding_body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="grants.decisionbody",
                verbose_name="deciding body",
            ),
        ),
    ]
