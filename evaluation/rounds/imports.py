"""Reading responses from a CSV file (paper forms, another survey tool).

The whole file is checked before anything is stored: a file with any wrong row is refused with
one Dutch message per problem, and nothing is imported.
"""

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from .. import selectors
from ..constants import COMMENT_MAX_LENGTH, NOT_APPLICABLE, Role
from ..models import Round
from ..parsing import whole_number
from ..services import ImportRow, comment_too_long_message

MAX_ROWS = 5000
# Cells that mean "weet ik niet" (case and extra spaces do not matter). Listed in
# docs/selfscan.md and in the import help.
DONT_KNOW_VALUES = {"", "weet niet", "weet ik niet", "weet ik het niet", "weet-niet", "wn", "?"}
# The column with the respondent's role: either name, in any case.
ROLE_COLUMNS = {"perspectief", "rol"}
# Only for statements that offer it (``Statement.may_not_apply``); compared in lower case.
NOT_APPLICABLE_VALUES = {"nvt", "n.v.t.", "n.v.t", "nvt.", "niet van toepassing"}
# Comment columns: "opmerking-MAN" (or "toelichting-MAN"; "-", "_" or a space), one per
# condition code, optional.
COMMENT_COLUMN = re.compile(r"^(?:opmerking|toelichting)[-_ ]+([a-z0-9]+)$", re.IGNORECASE)
# Words that name a role besides its code and its label ("Gemeente/beleid" and "GEMEENTE OF
# BELEID" already match the label "Gemeente of beleid": see _words).
ROLE_ALIASES: dict[str, list[str]] = {
    Role.PROFESSIONAL: ["medewerker", "hulpverlener"],
    Role.TEAM_LEAD: ["coördinator", "teamcoördinator", "leidinggevende"],
    Role.MUNICIPALITY: ["beleid", "beleidsmedewerker"],
    Role.PARTNER: ["partner"],
    # "Inwoner of ervaringsdeskundige" was this role's label before the plain-Dutch version.
    Role.RESIDENT: ["ouder", "ouders", "bewoner", "inwoner of ervaringsdeskundige"],
}


@dataclass(frozen=True)
class ImportColumns:
    """What a round's file may hold: the statement codes in scan order, those that offer
    "niet van toepassing", and per role the codes it is not asked (their cells stay empty)."""

    codes: list[str]
    not_applicable: frozenset[str]
    left_out: Mapping[str, frozenset[str]]


def import_columns(round_: Round) -> ImportColumns:
    """The columns of a round's questionnaire version, for the import page and command."""
    statements = [
        statement
        for _condition, step in selectors.questionnaire_steps(round_.questionnaire_id)
        for statement in step
    ]
    codes = [statement.code for statement in statements]
    left_out = {}
    for role in Role.values:
        asked = {s.code for s in selectors.role_statements(round_.questionnaire_id, role)}
        if missing := frozenset(code for code in codes if code not in asked):
            left_out[role] = missing
    return ImportColumns(
        codes=codes,
        not_applicable=frozenset(s.code for s in statements if s.may_not_apply),
        left_out=left_out,
    )


@dataclass
class ParseResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _words(text: str) -> str:
    """A role as plain words: lower case, no accents, "/" "-" "," and the word "of" dropped,
    so "Teamleider/Coördinator" and "teamleider of coordinator" are the same."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(word for word in re.split(r"[^a-z0-9]+", text) if word and word != "of")


def role_lookup() -> dict[str, str]:
    """Every accepted way of writing a role (as _words) -> its code: the code, the Dutch label,
    the label in the current language, and the aliases."""
    lookup = {}
    for value, label in Role.choices:
        names = [value, str(label), *ROLE_ALIASES.get(value, [])]
        with translation.override("nl"):
            names.append(str(label))
        for name in names:
            lookup[_words(name)] = value
    return lookup


def role_spellings(
    left_out: Mapping[str, Collection[str]] | None = None, codes: list[str] | None = None
) -> list[tuple[str, str, list[str], list[str]]]:
    """For the import help: each role's code, label, aliases, and the statement codes it is
    not asked (``left_out``, listed in the order of ``codes``)."""
    left_out = left_out or {}
    return [
        (
            value,
            str(label),
            [str(alias) for alias in ROLE_ALIASES.get(value, [])],
            [code for code in codes or [] if code in left_out.get(value, ())],
        )
        for value, label in Role.choices
    ]


def dont_know_spellings() -> list[str]:
    """For the import help: the cells that mean "weet ik niet", the empty cell left out."""
    return sorted(value for value in DONT_KNOW_VALUES if value)


def comment_columns(statement_codes: list[str]) -> dict[str, str]:
    """The optional comment column of each condition in the file: name -> condition code, in
    the order of the statements ("MAN-3" belongs to condition MAN)."""
    codes = dict.fromkeys(code.split("-", 1)[0].upper() for code in statement_codes)
    return {f"opmerking-{code}": code for code in codes}


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_responses_csv(
    data: bytes,
    statement_codes: list[str],
    not_applicable_codes: Collection[str] = (),
    left_out: Mapping[str, Collection[str]] | None = None,
) -> ParseResult:
    """Parses a CSV of responses against the statement codes of a round's questionnaire.

    A cell holds 1 to 5, "weet ik niet" (``DONT_KNOW_VALUES``, also empty) or, for the codes
    in ``not_applicable_codes``, "niet van toepassing" (``NOT_APPLICABLE_VALUES``). The cells
    of the statements a row's role is not asked (``left_out``: role -> codes) must be empty.
    """
    left_out = left_out or {}
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
    conditions = set(comment_columns(statement_codes).values())

    def comment_condition(column: str) -> str | None:
        match = COMMENT_COLUMN.match(column)
        if match and match.group(1).upper() in conditions:
            return match.group(1).upper()
        return None

    role_columns = [column for column in normalized if column in ROLE_COLUMNS]
    if not role_columns:
        result.errors.append(
            _("De kolom 'rol' ontbreekt in de eerste regel (de kolom mag ook 'perspectief' heten).")
        )
    elif len(set(role_columns)) > 1:
        result.errors.append(_("Gebruik één kolom voor de rol: 'rol' of 'perspectief'."))
    unknown = [
        column
        for column in header
        if column.lower() not in ROLE_COLUMNS
        and column.upper() not in codes_upper
        and comment_condition(column) is None
    ]
    if unknown:
        result.errors.append(
            _(
                "Onbekende kolommen: %(columns)s. Gebruik de stellingcodes van deze vragenlijst "
                "en eventueel een kolom opmerking-CODE per voorwaarde."
            )
            % {"columns": ", ".join(unknown[:20])}
        )
    # "opmerking-man" and "Toelichting MAN" are the same column.
    keys = [
        f"opmerking-{condition}" if (condition := comment_condition(column)) else column.lower()
        for column in header
    ]
    duplicates = {column for column, n in Counter(keys).items() if n > 1}
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

    roles = role_lookup()
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
            role = ""
            values: dict[str, int | str | None] = {}
            filled: set[str] = set()  # codes whose cell is not empty
            comments: dict[str, str] = {}
            for column, cell in zip(header, cells, strict=True):
                cell = cell.strip()
                if column.lower() in ROLE_COLUMNS:
                    role = roles.get(_words(cell), "")
                    if not role:
                        row_errors.append(_("onbekende rol '%(value)s'") % {"value": cell[:40]})
                    continue
                if (condition := comment_condition(column)) is not None:
                    if len(cell) > COMMENT_MAX_LENGTH:
                        row_errors.append(f"{column}: {comment_too_long_message(len(cell))}")
                    elif cell:
                        comments[condition] = cell
                    continue
                code = codes_upper[column.upper()]
                if cell:
                    filled.add(code)
                if " ".join(cell.lower().split()) in DONT_KNOW_VALUES:
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
            not_asked = [code for code in statement_codes if code in left_out.get(role, ())]
            if answered := [code for code in not_asked if code in filled]:
                row_errors.append(
                    _("%(codes)s worden niet gevraagd aan de rol '%(role)s': laat die cellen leeg")
                    % {"codes": ", ".join(answered), "role": Role(role).label}
                )
            for code in not_asked:
                values.pop(code, None)
            if row_errors:
                result.errors.append(
                    _("Rij %(row)d: %(problems)s.")
                    % {"row": line_number, "problems": "; ".join(row_errors)}
                )
            else:
                result.rows.append(ImportRow(role=role, values=values, comments=comments))
    except csv.Error as exc:
        result.errors.append(_("Het bestand kon niet worden gelezen: %(error)s") % {"error": exc})
    if not result.rows and not result.errors:
        result.errors.append(_("Het bestand bevat geen antwoorden."))
    return result
