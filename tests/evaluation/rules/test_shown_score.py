"""The one rounding rule for a score that people read (page, PDF, export)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from evaluation.scoring import shown_score


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (49.5, 50),
        (49.47, 49),
        (49.49999, 49),
        (0.5, 1),
        (2.675, 3),
        (100.0, 100),
        (-2.5, -3),
        (-0.4, 0),
        (Decimal("12.5"), 13),
        (7, 7),
        (None, None),
    ],
)
def test_scores_are_whole_points_with_halves_rounded_up(value, shown):
    assert shown_score(value) == shown


# Scores as stored: 0 to 100 with a few decimals (floatformat passes a denormal float through
# unrounded, a value no score takes).
@given(st.decimals(min_value=0, max_value=100, places=4).map(float))
def test_the_template_filter_and_floatformat_agree_with_the_rule(value):
    # The page used floatformat:0 before; the filter keeps its output and names the rule.
    rendered = Template("{% load scores %}{{ v|score }}|{{ v|floatformat:0 }}").render(
        Context({"v": value})
    )
    by_filter, by_floatformat = rendered.split("|")
    assert by_filter == str(shown_score(value)) == by_floatformat


def test_the_filter_shows_nothing_for_no_score():
    assert Template("{% load scores %}[{{ v|score }}]").render(Context({"v": None})) == "[]"
