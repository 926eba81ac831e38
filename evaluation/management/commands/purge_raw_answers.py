"""python manage.py purge_raw_answers [--days N] [--dry-run] — the retention rule.

Deletes the raw answers, comments and unfinished drafts of rounds closed more than N days ago
(default: RETENTION_DAYS), keeping the scores and aggregates that results, reports and trends
read. Safe to run again (for example nightly): a round is purged once.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluation import services
from evaluation.models import Round


class Command(BaseCommand):
    help = (
        "Verwijdert na de bewaartermijn de losse antwoorden en opmerkingen van gesloten rondes; "
        "scores, verdelingen en rapporten blijven bestaan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Bewaartermijn in dagen na het sluiten (standaard RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat alleen zien welke rondes het zou doen."
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days kan niet negatief zijn.")
        cutoff = timezone.now() - timedelta(days=days)
        rounds = list(
            Round.objects.filter(closed_at__lt=cutoff, raw_purged_at__isnull=True)
            .select_related("team")
            .order_by("closed_at", "pk")
        )
        if not rounds:
            self.stdout.write(f"Niets te doen: geen gesloten rondes ouder dan {days} dagen over.")
            return
        totals = [0, 0, 0]
        for round_ in rounds:
            if dry_run:
                self.stdout.write(f"Zou opschonen: {round_}")
                continue
            result = services.round_purge_raw(round_=round_)
            totals = [
                totals[0] + result.answers,
                totals[1] + result.comments,
                totals[2] + result.drafts,
            ]
            self.stdout.write(
                f"{round_}: {result.answers} antwoorden, {result.comments} opmerkingen en "
                f"{result.drafts} onafgemaakte scans verwijderd."
            )
        if not dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(rounds)} rondes opgeschoond: {totals[0]} antwoorden, {totals[1]} "
                    f"opmerkingen en {totals[2]} onafgemaakte scans verwijderd. Scores en "
                    "rapporten zijn bewaard."
                )
            )
