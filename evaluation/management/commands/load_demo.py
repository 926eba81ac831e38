"""Loads the reference data and a complete demo. Safe to run again: nothing is duplicated."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from evaluation.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Laadt de kennisbank, de vragenlijst en de demogegevens (kan vaker worden uitgevoerd)."

    def handle(self, *args, **options) -> None:
        call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Kennisbank, vragenlijst en demogegevens geladen."))
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<24} {role}")
        self.stdout.write("Open http://127.0.0.1:8000/ en log in via 'Inloggen'.")
