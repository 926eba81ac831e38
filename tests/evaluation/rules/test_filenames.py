"""Safe names for downloads and ZIP entries, whatever a coordinator typed as a title."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.filenames import safe_filename


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Wijkteam Noord-Voorjaar 2026", "Wijkteam Noord-Voorjaar 2026"),
        ("Ronde één: najaar", "Ronde één- najaar"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\Windows\\System32\\evil", "Windows-System32-evil"),
        ("C:\\boot.ini", "C-boot.ini"),
        ("team\x00naam\r\nregel", "team naam regel"),
        ("fac\u202etxt.exe", "fac txt.exe"),  # a right-to-left override that hides ".exe"
        ("....", "rapport"),
        ("", "rapport"),
    ],
)
def test_it_keeps_letters_and_removes_what_could_escape_a_folder(title, expected):
    assert safe_filename(title) == expected


@given(st.text())
def test_no_name_can_leave_its_folder(title):
    name = safe_filename(title)
    assert name
    assert not {"/", "\\", "\x00"} & set(name)
    assert ".." not in name
    assert not name.startswith((".", " ", "-"))
    assert len(name) <= 120


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("zelfscan-Wijkteam Noord-Voorjaar 2026", "zelfscan-Wijkteam-Noord-Voorjaar-2026"),
        ("a - b", "a-b"),
        ("  team\tnaam  ", "team-naam"),
    ],
)
def test_a_download_name_can_do_without_spaces(title, expected):
    assert safe_filename(title, spaces="-") == expected


@given(st.text())
def test_a_name_without_spaces_has_none(title):
    name = safe_filename(title, spaces="-")
    assert " " not in name
    assert ".." not in name
