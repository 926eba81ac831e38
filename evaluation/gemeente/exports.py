"""Team-level exports (CSV and XLSX) of a gemeente's overview. Never individual responses.

The rows come from ``reads.gemeente_overview``, so the privacy threshold holds exactly as on
the page: a team below it has its count but no scores. Text that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with
an apostrophe.
"""

import csv
import io

from django.utils.translation import gettext as _

from ..disclosure import policy
from .reads import GemeenteOverview, period_key, period_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value that no spreadsheet will execute."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header(overview: GemeenteOverview) -> list[str]:
    columns = [
        _("Gemeente"),
        _("Team"),
        _("Soort team"),
        _("Ronde"),
        _("Periode"),
        _("Ingediende scans"),
    ]
    for condition in overview.conditions:
        columns += [
            f"{condition.name} – {_('score')}",
            f"{condition.name} – {_('beoordeling')}",
            f"{condition.name} – {_('aantal scores')}",
        ]
    columns.append(_("Opmerking"))
    return columns


def rows(overview: GemeenteOverview) -> list[list]:
    result = []
    for row in overview.rows:
        round_ = row.round
        values = [
            overview.gemeente.name,
            row.team.name,
            row.team.get_kind_display(),
            round_.title if round_ else "",
            period_label(period_key(round_.opens_on)) if round_ else "",
            row.submitted,
        ]
        for cell in row.cells:
            values += [
                round(cell.mean, 1) if cell.mean is not None else None,
                str(cell.band.label) if cell.band else "",
                cell.n if cell.mean is not None else None,
            ]
        if round_ is None:
            note = _("Nog geen ronde")
        elif not row.reportable:
            note = _("Te weinig scans om scores te tonen (minder dan %(threshold)s)") % {
                "threshold": policy().minimum
            }
        else:
            note = ""
        values.append(note)
        result.append([neutralise(value) for value in values])
    return result


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # Dutch decimal comma, as Excel expects
    return value


def to_csv(overview: GemeenteOverview) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a BOM: what Dutch Excel opens correctly by double-clicking.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(value) for value in header(overview)])
    for row in rows(overview):
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(overview: GemeenteOverview) -> bytes:
    # openpyxl: the well-kept pure-Python XLSX writer; imported here, only exports need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Teams")[:31]
    sheet.append([neutralise(value) for value in header(overview)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(overview):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORTERS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
