"""python manage.py generate_national --scale 0.1 — a synthetic national dataset (or --clear)."""

from django.core.management.base import BaseCommand, CommandError

from evaluation import synthetic


class Command(BaseCommand):
    help = (
        "Maakt een synthetische landelijke dataset (volledige schaal: ongeveer 340 gemeenten, "
        "3.400 teams en 40.000 scans in twee rondes). Raakt alleen gemeenten waarvan de slug "
        f"begint met '{synthetic.PREFIX}'."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale", type=float, default=0.01, help="Deel van de volledige schaal (0 < x <= 1)."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--clear", action="store_true", help="Verwijder de synthetische data en stop."
        )

    def handle(self, *args, scale: float, seed: int, clear: bool, **options) -> None:
        if clear:
            removed = synthetic.clear()
            self.stdout.write(f"{removed} synthetische gemeenten verwijderd.")
            return
        if not 0 < scale <= 1:
            raise CommandError("--scale moet groter dan 0 en hoogstens 1 zijn.")
        made = synthetic.generate(scale, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemaakt: {made.gemeenten} gemeenten, {made.teams} teams, "
                f"{made.rounds} rondes, {made.responses} scans."
            )
        )
