"""python manage.py report ROUND_ID --voor team|gemeente --output FILE.pdf — the same report as
the download of the team's coordinator (``team``) or of the gemeente's analysts (``gemeente``:
comments only when the team shares them)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.disclosure import Audience
from evaluation.models import Round
from evaluation.report import round_report


class Command(BaseCommand):
    help = "Schrijft het PDF-rapport van een ronde naar een bestand (hetzelfde als de download)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("round_id", type=int, help="Het nummer van de ronde.")
        parser.add_argument(
            "--voor",
            dest="audience",
            choices=[audience.value for audience in Audience],
            required=True,
            help="Voor wie het rapport is: het team (met zijn opmerkingen) of de gemeente "
            "(opmerkingen alleen als het team ze deelt).",
        )
        parser.add_argument(
            "--output", "-o", type=Path, required=True, help="Het PDF-bestand dat wordt geschreven."
        )

    def handle(self, *args, round_id: int, audience: str, output: Path, **options) -> None:
        round_ = (
            Round.objects.select_related("team__gemeente", "questionnaire")
            .filter(pk=round_id)
            .first()
        )
        if round_ is None:
            raise CommandError(f"Ronde {round_id} bestaat niet.")
        if output.is_dir():
            raise CommandError(f"{output} is een map; geef een bestandsnaam op.")
        report = round_report(round_, audience=Audience(audience))
        try:
            output.write_bytes(report.pdf)
        except OSError as exc:
            raise CommandError(f"Kan {output} niet schrijven: {exc.strerror}.") from exc
        how = "bewaard rapport" if report.from_cache else "nieuw gemaakt"
        self.stdout.write(
            self.style.SUCCESS(f"{output} geschreven: {report.pages} pagina's ({how}), {round_}.")
        )
