import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every meeting now names a body of the list: the former choice goes, the body is required."""

    dependencies = [("meetings", "0003_meeting_forum_body_data")]

    operations = [
        migrations.RemoveField(model_name="meeting", name="old_forum"),
        migrations.RemoveField(model_name="historicalmeeting", name="old_forum"),
        migrations.AlterField(
            model_name="meeting",
            name="forum",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="grants.decisionbody",
                verbose_name="forum",
                help_text="The decision body that holds the meeting.",
            ),
        ),
    ]
