"""Loads the reference data and a complete demo. Safe to run again: nothing is duplicated."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_PASSWORD = "demo-wachtwoord"
DEMO_USERS = [
    # (username, description, is_staff)
    ("beheerder", "beheerder (inhoud en organisaties, /beheer/)", True),
]


class Command(BaseCommand):
    help = "Laadt de kennisbank en de demogegevens (kan vaker worden uitgevoerd)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        call_command("loaddata", "knowledge", verbosity=0)
        User = get_user_model()
        for username, _description, is_staff in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = is_staff
                user.is_superuser = is_staff
                user.save()
        self.stdout.write(self.style.SUCCESS("Kennisbank en demogegevens geladen."))
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, description, _is_staff in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write("Open http://127.0.0.1:8000/ in de browser.")
