import pytest

from evaluation.constants import NOT_APPLICABLE
from evaluation.rounds.imports import parse_responses_csv

CODES = ["MAN-1", "MAN-2", "BUD-1"]


def parse(text: str, encoding: str = "utf-8"):
    return parse_responses_csv(text.encode(encoding), CODES)


def test_a_good_file_with_semicolons_is_read():
    result = parse("perspectief;MAN-1;MAN-2;BUD-1\nprofessional;4;5;\nketenpartner;1;2;3\n")
    assert result.ok
    assert [row.role for row in result.rows] == ["professional", "ketenpartner"]
    assert result.rows[0].values == {"MAN-1": 4, "MAN-2": 5, "BUD-1": None}


def test_commas_labels_case_bom_and_blank_lines_are_accepted():
    text = "\ufeffPerspectief,man-1,MAN-2,BUD-1\nTeamleider of coördinator,3,weet niet,2\n\n"
    result = parse(text)
    assert result.ok, result.errors
    assert result.rows[0].role == "teamleider"
    assert result.rows[0].values["MAN-2"] is None


def test_windows_1252_files_are_read():
    result = parse("perspectief;MAN-1;MAN-2;BUD-1\nTeamleider of coördinator;3;3;3\n", "cp1252")
    assert result.ok, result.errors


def test_every_wrong_row_gets_its_own_dutch_message():
    result = parse(
        "perspectief;MAN-1;MAN-2;BUD-1\n"
        "professional;4;5;3\n"
        "directeur;4;5;3\n"
        "professional;7;x;3\n"
        "professional;4;5\n"
    )
    assert not result.ok
    assert result.errors == [
        "Rij 3: onbekende rol 'directeur'.",
        "Rij 4: waarde '7' bij MAN-1 is geen 1 tot en met 5 of leeg; "
        "waarde 'x' bij MAN-2 is geen 1 tot en met 5 of leeg.",
        "Rij 5: 3 cellen, verwacht 4.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Het bestand is leeg."),
        ("MAN-1;MAN-2;BUD-1\n4;4;4\n", "De kolom 'rol' ontbreekt"),
        (
            "perspectief;MAN-1;MAN-2;BUD-1;XYZ-9\nprofessional;1;1;1;1\n",
            "Onbekende kolommen: XYZ-9",
        ),
        ("perspectief;MAN-1;BUD-1\nprofessional;1;1\n", "ontbreken als kolom: MAN-2"),
        ("perspectief;MAN-1;MAN-1;MAN-2;BUD-1\nprofessional;1;1;1;1\n", "dubbel"),
        ("perspectief;MAN-1;MAN-2;BUD-1\n", "geen antwoorden"),
    ],
)
def test_file_level_problems_are_explained(text, message):
    result = parse(text)
    assert not result.ok
    assert any(message in error for error in result.errors), result.errors


def test_binary_data_is_refused():
    result = parse_responses_csv(b"\x00\x01\x02PK\x03\x04", CODES)
    assert not result.ok
    assert "geen leesbaar CSV-bestand" in result.errors[0]


@pytest.mark.parametrize("cell", ["²", "٣", "３", "¹", "4²"])
def test_digits_other_than_ascii_are_a_row_error_not_a_crash(cell):
    # "²" passes str.isdigit() and then failed int(): a 500 on the import page.
    result = parse(f"perspectief;MAN-1;MAN-2;BUD-1\nprofessional;{cell};1;1\n")
    assert not result.ok
    assert result.errors == [f"Rij 2: waarde '{cell}' bij MAN-1 is geen 1 tot en met 5 of leeg."]


class CountedCell(str):
    """A header cell that counts the comparisons made with it: work, not time."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountedCell.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__

    def strip(self, *args) -> "CountedCell":
        return CountedCell(str.strip(self, *args))

    def lower(self) -> "CountedCell":
        return CountedCell(str.lower(self))

    def upper(self) -> "CountedCell":
        return CountedCell(str.upper(self))


@pytest.mark.parametrize("columns", [1_000, 90_000])
def test_the_header_check_does_work_in_proportion_to_the_columns(monkeypatch, columns):
    # The attack: a small file whose header has 90,000 columns, all the same.
    from evaluation.rounds import imports

    real_reader = imports.csv.reader

    def counted_reader(*args, **kwargs):
        for row in real_reader(*args, **kwargs):
            yield [CountedCell(cell) for cell in row]

    monkeypatch.setattr(imports.csv, "reader", counted_reader)
    CountedCell.comparisons = 0
    result = parse(";".join(["perspectief"] + ["X"] * columns) + "\n")
    assert any("Onbekende kolommen" in error for error in result.errors)
    assert any("dubbel" in error.lower() for error in result.errors)
    assert CountedCell.comparisons <= 5 * columns  # a quadratic check makes columns² of them


@pytest.mark.parametrize("cell", ["nvt", "NVT", "n.v.t.", "n.v.t", "Niet van toepassing"])
def test_not_applicable_is_read_for_statements_that_offer_it(cell):
    text = f"perspectief;MAN-1;MAN-2;BUD-1\nprofessional;4;{cell};weet niet\n"
    result = parse_responses_csv(text.encode(), CODES, {"MAN-2"})
    assert result.ok, result.errors
    assert result.rows[0].values == {"MAN-1": 4, "MAN-2": NOT_APPLICABLE, "BUD-1": None}


def test_not_applicable_is_refused_where_the_statement_does_not_offer_it():
    result = parse_responses_csv(
        b"perspectief;MAN-1;MAN-2;BUD-1\nprofessional;nvt;4;4\n", CODES, {"MAN-2"}
    )
    assert not result.ok
    assert "MAN-1" in result.errors[0]
    assert "niet van toepassing" in result.errors[0]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Gemeente/beleid", "gemeente"),
        ("gemeente", "gemeente"),
        ("GEMEENTE OF BELEID", "gemeente"),
        ("beleid", "gemeente"),
        ("Teamleider/coördinator", "teamleider"),
        ("teamleider of coordinator", "teamleider"),
        ("  Coördinator ", "teamleider"),
        ("PROFESSIONAL", "professional"),
        ("Inwoner/ervaringsdeskundige", "inwoner"),
        ("ouder", "inwoner"),
        ("partner", "ketenpartner"),
    ],
)
def test_roles_are_accepted_as_codes_labels_and_aliases_in_any_case(cell, expected):
    result = parse(f"rol;MAN-1;MAN-2;BUD-1\n{cell};1;2;3\n")
    assert result.ok, result.errors
    assert result.rows[0].role == expected


@pytest.mark.parametrize(
    "cell", ["", "weet niet", "Weet ik niet", "WEET  IK HET NIET", "weet-niet", "wn", "?"]
)
def test_every_documented_dont_know_spelling_is_accepted(cell):
    result = parse(f"perspectief;MAN-1;MAN-2;BUD-1\nprofessional;{cell};1;1\n")
    assert result.ok, result.errors
    assert result.rows[0].values["MAN-1"] is None


def test_comment_columns_per_condition_are_read_and_optional():
    result = parse(
        "rol;MAN-1;MAN-2;BUD-1;opmerking-MAN;Toelichting BUD\n"
        "professional;4;5;3;Te weinig mandaat;\n"
        "gemeente;4;5;3;;  Budget komt laat  \n"
    )
    assert result.ok, result.errors
    assert [row.comments for row in result.rows] == [
        {"MAN": "Te weinig mandaat"},
        {"BUD": "Budget komt laat"},
    ]


def test_a_comment_column_of_an_unknown_condition_and_an_over_long_comment_are_refused():
    unknown = parse("rol;MAN-1;MAN-2;BUD-1;opmerking-XYZ\nprofessional;1;1;1;x\n")
    assert any("Onbekende kolommen: opmerking-XYZ" in error for error in unknown.errors)
    too_long = parse(f"rol;MAN-1;MAN-2;BUD-1;opmerking-MAN\nprofessional;1;1;1;{'x' * 2001}\n")
    assert not too_long.ok
    assert "Rij 2: opmerking-MAN: Je toelichting is 2.001 tekens lang" in too_long.errors[0]


def test_the_two_names_of_the_role_column_may_not_both_be_used():
    result = parse("rol;perspectief;MAN-1;MAN-2;BUD-1\nprofessional;professional;1;1;1\n")
    assert any("één kolom voor de rol" in error for error in result.errors)
