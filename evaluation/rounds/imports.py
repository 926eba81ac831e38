"""Reading responses from a CSV file (paper forms, another survey tool).

The whole file is checked before anything is stored: a file with any wrong row is refused with
one Dutch message per problem, and nothing is imported.
"""

import csv
import io
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..constants import NOT_APPLICABLE, Perspective
from ..parsing import whole_number
from ..services import ImportRow

MAX_ROWS = 5000
DONT_KNOW_VALUES = {"", "weet niet", "weet ik niet", "wn", "?"}
# Only for statements that offer it (``Statement.may_not_apply``); compared in lower case.
NOT_APPLICABLE_VALUES = {"nvt", "n.v.t.", "n.v.t", "nvt.", "niet van toepassing"}
PERSPECTIVE_COLUMN = "perspectief"


@dataclass
class ParseResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _perspective_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Perspective.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_responses_csv(
    data: bytes, statement_codes: list[str], not_applicable_codes: Collection[str] = ()
) -> ParseResult:
    """Parses a CSV of responses against the statement codes of a round's questionnaire.

    A cell holds 1 to 5, "weet ik niet" (``DONT_KNOW_VALUES``, also empty) or, for the codes
    in ``not_applicable_codes``, "niet van toepassing" (``NOT_APPLICABLE_VALUES``).
    """
    result = ParseResult()
    text = _decode(data)
    if text is None or "\x00" in text:
        result.errors.append(_("Het bestand is geen leesbaar CSV-bestand (tekst, UTF-8)."))
        return result
    # Dutch spreadsheets write semicolons, others commas: the header line decides.
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.errors.append(_("Het bestand is leeg."))
        return result
    header = [column.strip() for column in header]
    normalized = [column.lower() for column in header]
    codes_upper = {code.upper(): code for code in statement_codes}

    if PERSPECTIVE_COLUMN not in normalized:
        result.errors.append(_("De kolom 'perspectief' ontbreekt in de eerste regel."))
    unknown = [
        column
        for column in header
        if column.lower() != PERSPECTIVE_COLUMN and column.upper() not in codes_upper
    ]
    if unknown:
        result.errors.append(
            _("Onbekende kolommen: %(columns)s. Gebruik de stellingcodes van deze vragenlijst.")
            % {"columns": ", ".join(unknown[:20])}
        )
    duplicates = {column for column, n in Counter(normalized).items() if n > 1}
    if duplicates:
        result.errors.append(
            _("Kolommen staan er dubbel in: %(columns)s.")
            % {"columns": ", ".join(sorted(duplicates))}
        )
    present = {column.upper() for column in header}
    missing = [code for code in statement_codes if code.upper() not in present]
    if missing:
        result.errors.append(
            _("Deze stellingen ontbreken als kolom: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    if result.errors:
        return result

    perspectives = _perspective_lookup()
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are common at the end of exported files
            if len(result.rows) >= MAX_ROWS:
                result.errors.append(
                    _("Het bestand heeft meer dan %(max)d rijen.") % {"max": MAX_ROWS}
                )
                break
            if len(cells) != len(header):
                result.errors.append(
                    _("Rij %(row)d: %(found)d cellen, verwacht %(expected)d.")
                    % {"row": line_number, "found": len(cells), "expected": len(header)}
                )
                continue
            row_errors: list[str] = []
            perspective = ""
            values: dict[str, int | str | None] = {}
            for column, cell in zip(header, cells, strict=True):
                cell = cell.strip()
                if column.lower() == PERSPECTIVE_COLUMN:
                    perspective = perspectives.get(cell.lower(), "")
                    if not perspective:
                        row_errors.append(
                            _("onbekend perspectief '%(value)s'") % {"value": cell[:40]}
                        )
                    continue
                code = codes_upper[column.upper()]
                if cell.lower() in DONT_KNOW_VALUES:
                    values[code] = None
                elif cell.lower() in NOT_APPLICABLE_VALUES and code in not_applicable_codes:
                    values[code] = NOT_APPLICABLE
                elif cell.lower() in NOT_APPLICABLE_VALUES:
                    row_errors.append(
                        _("bij %(code)s kan niet 'niet van toepassing' worden gekozen")
                        % {"code": code}
                    )
                elif (number := whole_number(cell)) is not None and 1 <= number <= 5:
                    values[code] = number
                else:
                    row_errors.append(
                        _("waarde '%(value)s' bij %(code)s is geen 1 tot en met 5 of leeg")
                        % {"value": cell[:20], "code": code}
                    )
            if row_errors:
                result.errors.append(
                    _("Rij %(row)d: %(problems)s.")
                    % {"row": line_number, "problems": "; ".join(row_errors)}
                )
            else:
                result.rows.append(ImportRow(perspective=perspective, values=values))
    except csv.Error as exc:
        result.errors.append(_("Het bestand kon niet worden gelezen: %(error)s") % {"error": exc})
    if not result.rows and not result.errors:
        result.errors.append(_("Het bestand bevat geen antwoorden."))
    return result
