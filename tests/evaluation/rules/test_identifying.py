"""Comments that may name someone (evaluation/identifying.py): pure, no database."""

import pytest

from evaluation.identifying import Reason, identifying_reasons


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("Mail j.jansen@example.nl voor meer", [Reason.EMAIL]),
        ("Bel 06-12345678 als het niet lukt", [Reason.PHONE]),
        ("Bel +31 6 1234 5678", [Reason.PHONE]),
        ("Nummer 111222333 staat in het dossier", [Reason.BSN]),
        ("Woont op Dorpsstraat 12", [Reason.ADDRESS]),
        ("Postcode 1234 AB", [Reason.ADDRESS]),
        ("Met mevrouw Jansen lukt het niet", [Reason.NAME]),
        ("Bij de familie Bakker liep het mis", [Reason.NAME]),
        ("We hebben met Piet Jansen gesproken", [Reason.NAME]),
    ],
)
def test_it_says_why_a_comment_may_identify_someone(text, reasons):
    assert identifying_reasons(text) == reasons


@pytest.mark.parametrize(
    "text",
    [
        "Te weinig tijd voor overleg met partners.",
        "Het mandaat is onduidelijk. De gemeente moet kiezen.",
        "Wij hebben 123456789 redenen",  # nine digits that fail the BSN check
        "In 2023 liep het beter, 40 gezinnen per fte.",
        "",
    ],
)
def test_ordinary_comments_are_not_flagged(text):
    assert identifying_reasons(text) == []
