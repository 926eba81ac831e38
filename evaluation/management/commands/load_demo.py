"""Loads the reference data and a complete demo. Safe to run again: nothing is duplicated."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from evaluation import synthetic
from evaluation.demo import DEMO_PASSWORD, load_demo
from evaluation.models import Gemeente

# 1 % of the national scale: 34 teams in 3 synthetic gemeenten, enough for a national comparison.
DEMO_NATIONAL_SCALE = 0.01


class Command(BaseCommand):
    help = "Laadt de kennisbank, de vragenlijst en de demogegevens (kan vaker worden uitgevoerd)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Het adres waarop de app draait (make run geeft HOST en PORT mee).",
        )

    def handle(self, *args, **options) -> None:
        call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Kennisbank, vragenlijst en demogegevens geladen."))
        if not Gemeente.objects.filter(slug__startswith=synthetic.PREFIX).exists():
            # Without other teams the analysts' national comparison would stay empty.
            made = synthetic.generate(DEMO_NATIONAL_SCALE)
            self.stdout.write(
                f"Landelijke vergelijking: {made.teams} synthetische teams in "
                f"{made.gemeenten} gemeenten."
            )
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<24} {role}")
        self.stdout.write(f"Open {options['url']} en log in via 'Inloggen'.")
