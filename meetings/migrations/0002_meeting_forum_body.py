import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A meeting's forum becomes a body of the region's list (`grants.DecisionBody`).

    The former choice is kept as `old_forum` until the next migration has pointed every meeting
    (and its history) at its row; the one after drops it.
    """

    dependencies = [
        ("grants", "0018_decision_bodies"),
        ("meetings", "0001_meetings_agenda_decisions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="meeting", name="meeting_forum_valid"),
        migrations.RenameField(model_name="meeting", old_name="forum", new_name="old_forum"),
        migrations.RenameField(
            model_name="historicalmeeting", old_name="forum", new_name="old_forum"
        ),
        # Nullable while it goes, so the way back can add it again to a table with rows.
        migrations.AlterField(
            model_name="meeting",
            name="old_forum",
            field=models.CharField(
                choices=[
                    ("vaekstforum", "Vækstforum"),
                    ("regional_council", "Regional Council"),
                    ("business_authority", "Danish Business Authority"),
                ],
                default="vaekstforum",
                max_length=30,
                null=True,
                verbose_name="forum",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="old_forum",
            field=models.CharField(
                choices=[
                    ("vaekstforum", "Vækstforum"),
                    ("regional_council", "Regional Council"),
                    ("business_authority", "Danish Business Authority"),
                ],
                default="vaekstforum",
                max_length=30,
                null=True,
                verbose_name="forum",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="forum",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="grants.decisionbody",
                verbose_name="forum",
                help_text="The decision body that holds the meeting.",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="forum",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="grants.decisionbody",
                verbose_name="forum",
                help_text="The decision body that holds the meeting.",
            ),
        ),
    ]
