"""Scoring rules (evaluation/scoring.py): unit tests and properties, no database."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.bands import band_for
from evaluation.disclosure import Count, Policy, policy
from evaluation.scoring import (
    DIVIDED_SPREAD,
    StatementSpec,
    is_divided,
    percentile_rank,
    quartile,
    score_response,
    statement_score,
)

MAN = [StatementSpec(f"MAN-{i}", "mandaat") for i in range(1, 5)]
REVERSED = StatementSpec("MAN-R", "mandaat", reverse_keyed=True)


def test_the_scale_maps_to_0_to_100():
    assert [statement_score(v) for v in range(1, 6)] == [0.0, 25.0, 50.0, 75.0, 100.0]


def test_reverse_keyed_statement_counts_the_other_way():
    assert statement_score(1, reverse_keyed=True) == 100.0
    assert statement_score(4, reverse_keyed=True) == 25.0


def test_dont_know_has_no_score_and_is_not_counted():
    result = score_response(MAN, {"MAN-1": 5, "MAN-2": 3, "MAN-3": None, "MAN-4": None})
    assert result["mandaat"].score == 75.0
    assert (result["mandaat"].answered, result["mandaat"].total) == (2, 4)


def test_exactly_half_answered_is_enough():
    assert score_response(MAN, {"MAN-1": 1, "MAN-2": 5})["mandaat"].score == 50.0


def test_condition_is_undefined_when_fewer_than_half_answered():
    result = score_response(MAN, {"MAN-1": 5, "MAN-2": None})
    assert result["mandaat"].score is None
    assert result["mandaat"].answered == 1


def test_each_condition_is_scored_on_its_own_statements():
    statements = [*MAN[:2], StatementSpec("BUD-1", "teambudget")]
    result = score_response(statements, {"MAN-1": 5, "MAN-2": 5, "BUD-1": 1})
    assert (result["mandaat"].score, result["teambudget"].score) == (100.0, 0.0)


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "3", True])
def test_values_outside_the_scale_raise(value):
    with pytest.raises(ValueError, match="an answer must"):
        statement_score(value)


def test_answers_to_unknown_statements_raise():
    with pytest.raises(ValueError, match="unknown"):
        score_response(MAN, {"XYZ-1": 3})


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "knelpunt"),
        (39.99, "knelpunt"),
        (40, "aandachtspunt"),
        (59.99, "aandachtspunt"),
        (60, "op-weg"),
        (74.99, "op-weg"),
        (75, "sterk"),
        (100, "sterk"),
    ],
)
def test_band_boundaries(score, band):
    assert band_for(score).slug == band


def test_no_score_has_no_band():
    assert band_for(None) is None


def test_divided_from_a_spread_of_twenty_points():
    assert not is_divided(2, statistics.pstdev([30.0, 69.98]))  # spread 19.99
    assert is_divided(2, statistics.pstdev([30.0, 70.0]))  # spread 20
    assert not is_divided(1, 40.0)  # one score is no picture of a team
    assert DIVIDED_SPREAD == 20.0


def test_reportable_from_the_minimum():
    assert not Policy(
        minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5
    ).reportable(Count(2, 2))
    assert policy().reportable(Count(3, 3))


answers = st.one_of(st.none(), st.integers(1, 5))


@given(st.lists(answers, min_size=1, max_size=8), st.lists(st.booleans(), min_size=8, max_size=8))
def test_every_defined_score_lies_between_0_and_100(values, reversed_flags):
    statements = [
        StatementSpec(f"S-{i}", "c", reverse_keyed=reversed_flags[i]) for i in range(len(values))
    ]
    result = score_response(statements, {f"S-{i}": v for i, v in enumerate(values)})["c"]
    assert result.score is None or 0 <= result.score <= 100
    assert result.answered == sum(v is not None for v in values)


@given(st.lists(st.integers(1, 5), min_size=1, max_size=8))
def test_reversing_every_statement_mirrors_the_score(values):
    plain = [StatementSpec(f"S-{i}", "c") for i in range(len(values))]
    mirrored = [StatementSpec(f"S-{i}", "c", reverse_keyed=True) for i in range(len(values))]
    given_answers = {f"S-{i}": v for i, v in enumerate(values)}
    a = score_response(plain, given_answers)["c"].score
    b = score_response(mirrored, given_answers)["c"].score
    assert a + b == pytest.approx(100.0)


@given(st.lists(answers, min_size=1, max_size=8))
def test_a_missing_answer_counts_as_dont_know(values):
    statements = [StatementSpec(f"S-{i}", "c") for i in range(len(values))]
    explicit = {f"S-{i}": v for i, v in enumerate(values)}
    missing = {code: v for code, v in explicit.items() if v is not None}
    assert score_response(statements, explicit) == score_response(statements, missing)


class TestNationalComparison:
    """Percentile ranks on a small hand-made set of team scores."""

    TEAMS = [20.0, 40.0, 40.0, 60.0, 80.0, 90.0, 95.0, 100.0]

    @pytest.mark.parametrize(
        ("score", "rank"),
        [
            (20.0, 6.25),  # lowest: half of itself
            (40.0, 25.0),  # one below, two equal: (1 + 2/2) / 8
            (60.0, 43.75),
            (100.0, 93.75),
            (50.0, 37.5),  # not in the list: three below
        ],
    )
    def test_percentile_rank_counts_lower_teams_and_half_the_ties(self, score, rank):
        assert percentile_rank(self.TEAMS, score) == rank

    @pytest.mark.parametrize(
        ("rank", "expected"), [(0, 1), (24.9, 1), (25, 2), (50, 3), (74.99, 3), (75, 4), (100, 4)]
    )
    def test_quartiles(self, rank, expected):
        assert quartile(rank) == expected

    def test_no_teams_is_an_error_not_a_rank(self):
        with pytest.raises(ValueError, match="no scores"):
            percentile_rank([], 50)

    @given(st.lists(st.floats(0, 100), min_size=1, max_size=50), st.floats(0, 100))
    def test_a_rank_is_between_0_and_100_and_grows_with_the_score(self, scores, score):
        ordered = sorted(scores)
        rank = percentile_rank(ordered, score)
        assert 0 <= rank <= 100
        assert percentile_rank(ordered, min(100.0, score + 1)) >= rank
