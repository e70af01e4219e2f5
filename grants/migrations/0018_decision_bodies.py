"""The decision bodies become a list the region keeps (`grants.DecisionBody`).

The decision's former choice is kept as `old_deciding_body` until the next migration has
pointed every decision (and its history) at its row; the one after drops it.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0017_funding_source_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DecisionBody',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('code', models.CharField(blank=True, help_text='Optional: a short name or code, e.g. for exports.', max_length=30, verbose_name='short name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('retired', models.BooleanField(default=False, help_text='A retired body is not offered for new meetings and decisions; those that name it keep it.', verbose_name='retired')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
            ],
            options={
                'verbose_name': 'decision body',
                'verbose_name_plural': 'decision bodies',
                'ordering': ['order', 'name', 'pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='decision_body_code_unique')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDecisionBody',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=200, verbose_name='name')),
                ('code', models.CharField(blank=True, help_text='Optional: a short name or code, e.g. for exports.', max_length=30, verbose_name='short name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('retired', models.BooleanField(default=False, help_text='A retired body is not offered for new meetings and decisions; those that name it keep it.', verbose_name='retired')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical decision body',
                'verbose_name_plural': 'historical decision bodies',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RenameField(
            model_name='grantdecision', old_name='deciding_body', new_name='old_deciding_body'
        ),
        migrations.RenameField(
            model_name='historicalgrantdecision',
            old_name='deciding_body',
            new_name='old_deciding_body',
        ),
        # Nullable while it goes, so the way back can add it again to a table with rows.
        migrations.AlterField(
            model_name='grantdecision',
            name='old_deciding_body',
            field=models.CharField(choices=[('vaekstforum', 'Vækstforum'), ('regional_council', 'Regional Council'), ('business_authority', 'Danish Business Authority')], max_length=30, null=True, verbose_name='deciding body'),
        ),
        migrations.AlterField(
            model_name='historicalgrantdecision',
            name='old_deciding_body',
            field=models.CharField(choices=[('vaekstforum', 'Vækstforum'), ('regional_council', 'Regional Council'), ('business_authority', 'Danish Business Authority')], max_length=30, null=True, verbose_name='deciding body'),
        ),
        migrations.AddField(
            model_name='grantdecision',
            name='deciding_body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='grants.decisionbody', verbose_name='deciding body'),
        ),
        migrations.AddField(
            model_name='historicalgrantdecision',
            name='deciding_body',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='grants.decisionbody', verbose_name='deciding body'),
        ),
    ]
