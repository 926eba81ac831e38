"""python manage.py import_responses ROUND_ID FILE.csv — the same checks as the web import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation import services
from evaluation.models import Round
from evaluation.rounds.imports import import_columns, parse_responses_csv


class Command(BaseCommand):
    help = "Importeert antwoorden uit een CSV-bestand in een ronde (alles of niets)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("round_id", type=int, help="Het nummer van de ronde.")
        parser.add_argument("file", type=Path, help="Het CSV-bestand.")

    def handle(self, *args, round_id: int, file: Path, **options) -> None:
        round_ = Round.objects.select_related("questionnaire").filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"Ronde {round_id} bestaat niet.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan {file} niet lezen: {exc.strerror}.") from exc
        columns = import_columns(round_)
        parsed = parse_responses_csv(data, columns.codes, columns.not_applicable, columns.left_out)
        if not parsed.ok:
            raise CommandError(
                "Het bestand is niet geïmporteerd:\n" + "\n".join(f"- {e}" for e in parsed.errors)
            )
        try:
            count = services.responses_import(round_=round_, rows=parsed.rows)
        except services.ServiceError as exc:
            raise CommandError(f"Het bestand is niet geïmporteerd: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"{count} antwoordsets geïmporteerd in {round_}."))
