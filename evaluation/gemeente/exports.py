"""Team-level exports (CSV and XLSX) of a gemeente's pages. Never individual responses.

Everything comes from the reads of the pages (``overview.team_comparison``, the trends, the
statements per condition, the questions to the gemeente), so the privacy thresholds hold exactly
as on the page. Only rounds that have ended give scores; running rounds are listed, with their
count and response rate only and the status *voorlopig*, when the analyst asks for them. The
choice is printed in the export. Text that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe.
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from knowledge import services as knowledge

from ..caseload import households_per_fte
from ..disclosure import policy
from ..models import Gemeente, Round
from ..scoring import shown_score
from .overview import GemeenteOverview, team_comparison
from .questions import GemeenteQuestions, gemeente_questions
from .rounds import (
    ROUNDS_FINISHED,
    ROUNDS_WITH_RUNNING,
    participation_warning,
    period_label,
    response_rate,
)
from .statements import statement_drilldowns
from .trends import Trend, gemeente_trends

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value that no spreadsheet will execute."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class ExportData:
    overview: GemeenteOverview
    trends: list[Trend]
    drilldowns: list
    questions: GemeenteQuestions | None

    @property
    def gemeente(self) -> Gemeente:
        return self.overview.gemeente


def export_data(
    gemeente: Gemeente,
    *,
    period: str | None = None,
    kind: str | None = None,
    scope: str = ROUNDS_FINISHED,
    sheets: bool = True,
) -> ExportData:
    """What the export reads: a constant number of queries. ``sheets=False``: the teams only
    (all the CSV holds)."""
    overview = team_comparison(gemeente, period=period, kind=kind, scope=scope)
    if not sheets:
        return ExportData(overview=overview, trends=[], drilldowns=[], questions=None)
    return ExportData(
        overview=overview,
        trends=gemeente_trends(gemeente, kind=kind),
        drilldowns=statement_drilldowns(gemeente, knowledge.conditions(), period=period, kind=kind),
        questions=gemeente_questions(gemeente, period=period, kind=kind),
    )


# --- Sheets: (title, header, rows) ------------------------------------------------------------


def _one(value: float | None, digits: int = 1) -> float | None:
    """A measured figure that is not a score (households per fte), to one decimal. Scores go
    through ``shown_score``: whole points, as on the page and in the PDF."""
    return round(value, digits) if value is not None else None


def _facts(round_: Round) -> list:
    caseload = round_.caseload_check()
    return [
        _one(households_per_fte(round_.fte, round_.households)),
        round_.bandwidth_low,
        round_.bandwidth_high,
        str(caseload.position.value) if caseload else "",
        round_.get_budget_available_display() if round_.budget_available else "",
        round_.budget_per_year,
        round_.budget_days,
    ]


FACT_COLUMNS = 7


def teams_header(overview: GemeenteOverview) -> list[str]:
    columns = [
        _("Gemeente"),
        _("Team"),
        _("Soort team"),
        _("Teamleden"),
        _("Ronde"),
        _("Status"),
        _("Geëindigd op"),
        _("Ingediende scans"),
        _("Respons (%)"),
        _("Minder representatief"),
        _("Huishoudens per fte"),
        _("Bandbreedte: ondergrens"),
        _("Bandbreedte: bovengrens"),
        _("Caseload t.o.v. bandbreedte"),
        _("Vrij besteedbaar teambudget"),
        _("Teambudget per jaar (euro)"),
        _("Dagen tot inzet budget"),
    ]
    for condition in overview.conditions:
        columns += [
            f"{condition.label} – {_('score')}",
            f"{condition.label} – {_('beoordeling')}",
            f"{condition.label} – {_('aantal scores')}",
        ]
    columns.append(_("Opmerking"))
    return columns


def _rate(submitted: int, size: int | None) -> tuple[float | None, str]:
    rate = response_rate(submitted, size)
    if rate is None:
        return None, ""
    return round(rate * 100), _("ja") if rate < participation_warning() else _("nee")


def teams_rows(overview: GemeenteOverview) -> list[list]:
    result = []
    blank_scores = [None, "", None] * len(overview.conditions)
    for row in overview.rows:
        round_ = row.round
        team = [overview.gemeente.name, row.team.name, row.team.get_kind_display(), row.team.size]
        if round_ is not None:
            rate, low = _rate(row.submitted, row.team.size)
            values = [
                *team,
                round_.title,
                _("definitief"),
                round_.ended_on,
                row.submitted,
                rate,
                low,
                *_facts(round_),
            ]
            for cell in row.cells:
                values += [
                    shown_score(cell.mean),
                    str(cell.band.label) if cell.band else "",
                    cell.n if cell.mean is not None else None,
                ]
            if not row.reportable:
                note = _("Te weinig scans om scores te tonen (minder dan %(threshold)s)") % {
                    "threshold": policy().minimum
                }
            else:
                note = ""
            values.append(note)
            result.append(values)
        elif row.running is None or overview.scope != ROUNDS_WITH_RUNNING:
            result.append(
                [
                    *team,
                    "",
                    "",
                    None,
                    0,
                    None,
                    "",
                    *([None] * FACT_COLUMNS),
                    *blank_scores,
                    _("Nog geen afgesloten ronde"),
                ]
            )
        if row.running is not None and overview.scope == ROUNDS_WITH_RUNNING:
            running = row.running
            rate, low = _rate(running.submitted_count, row.team.size)
            result.append(
                [
                    *team,
                    running.title,
                    _("voorlopig"),
                    None,
                    running.submitted_count,
                    rate,
                    low,
                    *[None] * FACT_COLUMNS,
                    *blank_scores,
                    _("Loopt nog: alleen het aantal; scores na het sluiten"),
                ]
            )
    return [[neutralise(value) for value in row] for row in result]


def statements_sheet(data: ExportData) -> tuple[list[str], list[list]]:
    header = [
        _("Voorwaarde"),
        _("Code"),
        _("Stelling"),
        _("Wie kan dit veranderen"),
        _("Team"),
        _("Ronde"),
        _("Score"),
        _("Aantal antwoorden"),
        _("Omgekeerd gescoord"),
        _("Een lage score betekent"),
    ]
    rows = []
    for drilldown in data.drilldowns:
        for statement in drilldown.rows:
            for column, cell in zip(drilldown.columns, statement.cells, strict=True):
                if column.round is None:
                    continue
                rows.append(
                    [
                        drilldown.condition.label,
                        statement.code,
                        statement.text,
                        statement.lever_label,
                        column.team.name,
                        column.round.title,
                        shown_score(cell.score) if cell else None,
                        cell.n if cell and cell.score is not None else None,
                        _("ja") if statement.reverse_keyed else _("nee"),
                        statement.low_means,
                    ]
                )
    return header, [[neutralise(value) for value in row] for row in rows]


def trends_sheet(data: ExportData) -> tuple[list[str], list[list]]:
    header = [
        _("Voorwaarde"),
        _("Periode"),
        _("Team"),
        _("Ronde"),
        _("Score"),
        _("Aantal scores"),
        _("Aantal teams"),
        _("Verandering bij dezelfde teams"),
        _("Opmerking"),
    ]
    rows = []
    for trend in data.trends:
        for key, label in trend.periods:
            for series in trend.series:
                point = series.points.get(key)
                if point is not None:
                    rows.append(
                        [
                            trend.condition.label,
                            label,
                            series.team.name,
                            point.round_title,
                            shown_score(point.mean),
                            point.n,
                            None,
                            None,
                            "",
                        ]
                    )
        for gemeente_point in trend.gemeente:
            rows.append(
                [
                    trend.condition.label,
                    gemeente_point.label,
                    _("Gemiddelde %(name)s") % {"name": data.gemeente.name},
                    "",
                    shown_score(gemeente_point.mean),
                    None,
                    len(gemeente_point.teams),
                    shown_score(gemeente_point.change),
                    _("Andere teams dan in de vorige periode") if gemeente_point.changed else "",
                ]
            )
    return header, [[neutralise(value) for value in row] for row in rows]


def questions_sheet(data: ExportData) -> tuple[list[str], list[list]]:
    header = [
        _("Soort"),
        _("Code"),
        _("Stelling of actiepunt"),
        _("Voorwaarde"),
        _("Aantal teams"),
        _("Teams"),
        _("Gemiddelde score"),
        _("Status"),
        _("Antwoord van de gemeente"),
    ]
    questions = data.questions
    assert questions is not None  # read with the sheets (export_data(sheets=True))
    rows = []
    for question in questions.questions:
        rows.append(
            [
                _("stelling"),
                question.code,
                question.problem,
                question.condition.label,
                len(question.teams),
                ", ".join(team.name for team, _score in question.teams),
                shown_score(question.mean),
                "",
                "",
            ]
        )
    for action in questions.actions:
        rows.append(
            [
                _("actiepunt voor %(actor)s") % {"actor": action.get_actor_display().lower()},
                "",
                action.description,
                action.condition.label,
                1,
                action.round.team.name,
                None,
                action.get_status_display(),
                action.answer,
            ]
        )
    return header, [[neutralise(value) for value in row] for row in rows]


def about_rows(data: ExportData) -> list[list]:
    overview = data.overview
    return [
        [_("Gemeente"), data.gemeente.name],
        [_("Rondes"), overview.scope_label],
        [_("Periode"), overview.period_text],
        [_("Soort team"), overview.kind or _("Alle soorten")],
        [_("Privacydrempel (scans)"), policy().minimum],
        [_("Minder representatief onder (respons %)"), round(participation_warning() * 100)],
        [_("Gemaakt op"), timezone.localdate().isoformat()],
    ]


def export_filename(data: ExportData, fmt: str) -> str:
    """The download name: the gemeente, then each filter that differs from the page's default
    (period, kind of team, running rounds included), so a file says what it holds without a
    line above its header. Lower case, hyphens, no spaces."""
    overview = data.overview
    parts = ["zelfscan", slugify(data.gemeente.name), "teams"]
    if overview.period:
        parts.append(slugify(period_label(overview.period)))
    if overview.kind:
        parts.append(slugify(overview.kind))
    if overview.scope == ROUNDS_WITH_RUNNING:
        parts.append(slugify(ROUNDS_WITH_RUNNING))
    return "-".join(part for part in parts if part) + f".{fmt}"


# --- Writers ----------------------------------------------------------------------------------


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # Dutch decimal comma, as Excel expects
    return value


def to_csv(data: ExportData) -> bytes:
    """The teams, one row each, under a header on the first line (what csv.Sniffer and
    spreadsheet imports expect). The filters are in the file name (``export_filename``) and in
    the XLSX's sheet "Over deze export"."""
    buffer = io.StringIO()
    # Semicolons and a BOM: what Dutch Excel opens correctly by double-clicking.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(value) for value in teams_header(data.overview)])
    for row in teams_rows(data.overview):
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet(workbook, title: str, header: list[str], rows: list[list]) -> None:
    """One sheet: a bold frozen header, an autofilter, widths that fit the text. Written in
    openpyxl's write-only (streaming) mode, several times faster than the default; a text cell
    can never become a formula, since every text went through ``neutralise``."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    widths = [len(str(value)) for value in header]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value if value is not None else "")))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    bold = Font(bold=True)
    cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(row)


def to_xlsx(data: ExportData) -> bytes:
    """A sheet per view: teams, statements, trends, questions to the gemeente, and what the
    export contains. Numbers are numbers, every sheet has a frozen header and an autofilter."""
    # openpyxl: the well-kept pure-Python XLSX writer; imported here, only exports need it.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, _("Teams"), teams_header(data.overview), teams_rows(data.overview))
    _sheet(workbook, _("Stellingen"), *statements_sheet(data))
    _sheet(workbook, _("Trends"), *trends_sheet(data))
    _sheet(workbook, _("Vragen aan de gemeente"), *questions_sheet(data))
    about = workbook.create_sheet(_("Over deze export")[:31])
    about.column_dimensions["A"].width = 42
    about.column_dimensions["B"].width = 40
    for label, value in about_rows(data):
        about.append([neutralise(label), neutralise(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORTERS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
