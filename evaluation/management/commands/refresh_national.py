"""python manage.py refresh_national — recomputes the national comparison (run nightly).

Closing and reopening a round ask for a refresh in the background; a round that ends on its last
day does not, so this job takes it in. Submits ask for none: a running round is in no comparison,
and a refresh per submit would leave a task row that times it.
"""

from django.core.management.base import BaseCommand

from evaluation.national import national_snapshot_refresh


class Command(BaseCommand):
    help = "Berekent de landelijke vergelijking opnieuw (elke nacht)."

    def handle(self, *args, **options) -> None:
        snapshots = national_snapshot_refresh()
        teams = max((s.teams for s in snapshots), default=0)
        self.stdout.write(f"Landelijke vergelijking bijgewerkt: tot {teams} teams per voorwaarde.")
