from hypothesis import given
from hypothesis import strategies as st

from evaluation.caseload import Position, check_caseload
from evaluation.disclosure import visible_groups


def test_groups_at_the_threshold_are_shown():
    assert visible_groups({"professional": 3, "gemeente": 4}, 3) == {"professional", "gemeente"}


def test_a_single_small_group_is_not_revealed_by_subtraction():
    # professional 5, gemeente 4 visible, partner 1 hidden: partner = total - visible. So the
    # smallest visible group is hidden too, making the hidden rest 5 >= 3.
    assert visible_groups({"professional": 5, "gemeente": 4, "ketenpartner": 1}, 3) == {
        "professional"
    }


def test_two_small_groups_together_at_the_threshold_may_stay_hidden_as_a_rest():
    counts = {"professional": 6, "gemeente": 4, "ketenpartner": 2, "inwoner": 1}
    assert visible_groups(counts, 3) == {"professional", "gemeente"}


def test_nothing_is_shown_when_the_team_is_one_group_and_a_small_rest():
    assert visible_groups({"professional": 8, "inwoner": 1}, 3) == set()


def test_empty_groups_do_not_count():
    assert visible_groups({"professional": 4, "gemeente": 0, "inwoner": 3}, 3) == {
        "professional",
        "inwoner",
    }


@given(st.dictionaries(st.sampled_from("abcde"), st.integers(0, 12)), st.integers(1, 6))
def test_a_hidden_rest_is_never_between_one_and_the_threshold(counts, minimum):
    visible = visible_groups(counts, minimum)
    hidden = sum(n for group, n in counts.items() if group not in visible)
    assert all(counts[group] >= minimum for group in visible)
    assert hidden == 0 or hidden >= minimum or not visible


class TestCaseload:
    def test_below_within_and_above_the_bandwidth(self):
        assert check_caseload(fte=10, households=150, low=16, high=22).position == Position.BELOW
        assert check_caseload(fte=10, households=190, low=16, high=22).position == Position.WITHIN
        assert check_caseload(fte=10, households=230, low=16, high=22).position == Position.ABOVE

    def test_the_bounds_themselves_are_within(self):
        assert check_caseload(fte=10, households=160, low=16, high=22).position == Position.WITHIN
        assert check_caseload(fte=10, households=220, low=16, high=22).position == Position.WITHIN

    def test_just_outside_the_bounds(self):
        assert check_caseload(fte=10, households=159, low=16, high=22).position == Position.BELOW
        assert check_caseload(fte=10, households=221, low=16, high=22).position == Position.ABOVE

    def test_missing_facts_give_no_check(self):
        assert check_caseload(fte=None, households=100, low=1, high=2) is None
        assert check_caseload(fte=0, households=100, low=1, high=2) is None
        assert check_caseload(fte=5, households=100, low=None, high=2) is None
