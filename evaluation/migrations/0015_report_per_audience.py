# A stored report per round and audience (the team's, and the gemeente's which shows comments
# only when the team shares them), where one row per round let the two overwrite each other.
# The stored reports are a cache: they are removed and made again on the next download.

import django.db.models.deletion
from django.db import migrations, models


def forget_stored_reports(apps, schema_editor):
    apps.get_model("evaluation", "RoundReport").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0014_role_not_perspective"),
    ]

    operations = [
        migrations.RunPython(forget_stored_reports, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="roundreport",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="evaluation.round",
                verbose_name="ronde",
            ),
        ),
        migrations.AddField(
            model_name="roundreport",
            name="audience",
            field=models.CharField(
                choices=[("team", "het team"), ("gemeente", "de gemeente")],
                default="team",
                max_length=10,
                verbose_name="voor",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="roundreport",
            constraint=models.UniqueConstraint(
                fields=("round", "audience"), name="one_report_per_round_and_audience"
            ),
        ),
    ]
