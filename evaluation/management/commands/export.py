"""python manage.py export GEMEENTE_SLUG --format csv|xlsx --output FILE — the page's export,
with the same filters: --periode, --soort and --rondes (only ended rounds, or also the running
ones with their counts)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.constants import TeamKind
from evaluation.gemeente import exports, rounds
from evaluation.models import Gemeente


class Command(BaseCommand):
    help = (
        "Exporteert de teamscores van een gemeente (per team, nooit losse antwoorden) naar CSV "
        "of XLSX, met dezelfde privacydrempel als de pagina."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("gemeente", help="De slug van de gemeente, bijvoorbeeld 'rijnwaarde'.")
        parser.add_argument("--format", choices=sorted(exports.EXPORTERS), default="csv")
        parser.add_argument("--output", "-o", type=Path, required=True)
        parser.add_argument(
            "--periode", help="Alleen rondes uit deze periode, bijvoorbeeld 2026-1."
        )
        parser.add_argument("--soort", choices=list(TeamKind.values), help="Alleen dit soort team.")
        parser.add_argument(
            "--rondes",
            choices=[key for key, _label in rounds.ROUND_SCOPES],
            default=rounds.ROUNDS_FINISHED,
            help=(
                "afgesloten (standaard): alleen rondes die zijn geëindigd; ook-lopend: ook "
                "lopende rondes, met alleen hun aantallen (voorlopig)."
            ),
        )

    def handle(
        self,
        *args,
        gemeente: str,
        format: str,
        output: Path,
        periode,
        soort,
        rondes: str,
        **options,
    ) -> None:
        found = Gemeente.objects.filter(slug=gemeente).first()
        if found is None:
            raise CommandError(f"Gemeente '{gemeente}' bestaat niet.")
        if periode:
            try:
                rounds.period_bounds(periode)
            except ValueError:
                raise CommandError(
                    f"Periode '{periode}' is onbekend; "
                    "gebruik jaar-1 (voorjaar) of jaar-2 (najaar)."
                ) from None
        data = exports.export_data(
            found, period=periode, kind=soort, scope=rondes, sheets=format != "csv"
        )
        write, _content_type = exports.EXPORTERS[format]
        try:
            output.write_bytes(write(data))
        except OSError as exc:
            raise CommandError(f"Kan {output} niet schrijven: {exc.strerror}.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{output} geschreven: {len(data.overview.rows)} teams van {found} "
                f"({data.overview.scope_label.lower()})."
            )
        )
