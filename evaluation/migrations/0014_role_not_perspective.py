# One word for one concept: a respondent's "role" (it was also called "perspective").

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0013_statement_wordings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="statementwording",
            name="statement_wording_unique_role",
        ),
        migrations.RenameField(
            model_name="response",
            old_name="perspective",
            new_name="role",
        ),
        migrations.RenameField(
            model_name="statementwording",
            old_name="perspective",
            new_name="role",
        ),
        migrations.AlterField(
            model_name="response",
            name="role",
            field=models.CharField(
                choices=[
                    ("professional", "Professional"),
                    ("teamleider", "Teamleider of coördinator"),
                    ("gemeente", "Gemeente of beleid"),
                    ("ketenpartner", "Ketenpartner"),
                    ("inwoner", "Inwoner of ouder"),
                ],
                max_length=20,
                verbose_name="rol",
            ),
        ),
        migrations.AlterModelOptions(
            name="statementwording",
            options={
                "ordering": ["statement", "role"],
                "verbose_name": "formulering per rol",
                "verbose_name_plural": "formuleringen per rol",
            },
        ),
        migrations.AddConstraint(
            model_name="statementwording",
            constraint=models.UniqueConstraint(
                fields=("statement", "role"), name="statement_wording_unique_role"
            ),
        ),
    ]
