"""Reading numbers typed by people (evaluation/parsing.py): only ASCII digits count."""

import pytest

from evaluation.parsing import has_foreign_digits, whole_number


@pytest.mark.parametrize(("text", "number"), [("3", 3), (" 12 ", 12), ("007", 7)])
def test_ascii_digits_are_whole_numbers(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", ["", " ", "²", "٣", "３", "1.5", "-1", "+2", "1 2", "x"])
def test_anything_else_is_not_a_whole_number(text):
    assert whole_number(text) is None


@pytest.mark.parametrize(("text", "foreign"), [("8,5", False), ("²", True), ("٣٣", True)])
def test_foreign_digits_are_spotted(text, foreign):
    assert has_foreign_digits(text) is foreign
