import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.caseload import Position, check_caseload
from evaluation.disclosure import Audience, Policy, RoundState, Withheld, policy, visible_groups
from evaluation.models import Round
from tests.factories import make_round


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


class TestRoundDisclosure:
    """When a round's results may be shown (Policy.round): only after it ended, and nothing that
    subtraction would give away."""

    rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)

    def test_a_running_round_shows_only_its_count(self):
        decision = self.rules.round(RoundState(finished=False, submitted=9))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.RUNNING,
            0,
        )

    def test_an_ended_round_below_the_threshold_says_how_many_more(self):
        decision = self.rules.round(RoundState(finished=True, submitted=2))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.TOO_FEW,
            1,
        )

    def test_a_few_link_responses_beside_imported_ones_are_withheld(self):
        # Two real scans and one made-up import: the importer could subtract their own row.
        decision = self.rules.round(RoundState(finished=True, submitted=3, imported=1))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.TOO_FEW_VIA_LINK,
            1,
        )
        assert self.rules.round(RoundState(finished=True, submitted=6, imported=3)).reportable
        assert self.rules.round(RoundState(finished=True, submitted=3, imported=3)).reportable

    def test_a_few_responses_after_a_reopening_are_withheld(self):
        decision = self.rules.round(RoundState(finished=True, submitted=6, disclosed=5))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.TOO_FEW_NEW,
            2,
        )
        assert self.rules.round(RoundState(finished=True, submitted=5, disclosed=5)).reportable
        assert self.rules.round(RoundState(finished=True, submitted=8, disclosed=5)).reportable

    def test_ranges_and_comments_need_more(self):
        rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)
        assert not rules.range_shown(4)
        assert rules.range_shown(5)
        assert not rules.comments_shown(4, audience=Audience.TEAM, shared=False)
        assert rules.comments_shown(5, audience=Audience.TEAM, shared=False)
        # Never below the general threshold, whatever the settings say.
        low = Policy(minimum=3, national_minimum=10, range_minimum=1, comment_minimum=1)
        assert not low.comments_shown(2, audience=Audience.TEAM, shared=True)

    def test_the_gemeente_reads_comments_only_when_the_team_shares_them(self):
        rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)
        assert not rules.comments_shown(9, audience=Audience.GEMEENTE, shared=False)
        assert rules.comments_shown(9, audience=Audience.GEMEENTE, shared=True)
        assert not rules.comments_shown(4, audience=Audience.GEMEENTE, shared=True)

    def test_the_audience_is_a_required_argument(self):
        rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)
        with pytest.raises(TypeError):
            rules.comments_shown(9)  # type: ignore[call-arg]


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    finished=st.booleans(),
    submitted=st.integers(0, 12),
    imported=st.integers(0, 12),
    disclosed=st.integers(0, 12),
    minimum=st.integers(1, 5),
)
def test_the_database_filter_agrees_with_the_rule(
    finished, submitted, imported, disclosed, minimum
):
    """RoundQuerySet.reportable is Policy.round written as one filter: they must agree."""
    from django.test import override_settings

    imported = min(imported, submitted)
    disclosed = min(disclosed, submitted)
    with override_settings(PRIVACY_MIN_RESPONSES=minimum):
        round_ = make_round()
        today = timezone.localdate()
        Round.objects.filter(pk=round_.pk).update(
            submitted_count=submitted,
            imported_count=imported,
            disclosed_count=disclosed,
            closed_at=timezone.now() if finished else None,
        )
        state = RoundState(finished, submitted, imported, disclosed)
        in_filter = Round.objects.reportable(today).filter(pk=round_.pk).exists()
        assert in_filter == policy().round(state).reportable
        Round.objects.filter(pk=round_.pk).delete()
