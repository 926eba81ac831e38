import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.caseload import Position, check_caseload
from evaluation.disclosure import ALL, Audience, Count, Policy, RoundState, Withheld, policy
from evaluation.disclosure import visible_groups as visible_counts
from evaluation.models import Round
from tests.factories import make_round


def visible_groups(counts: dict[str, int], minimum: int) -> set[str]:
    """``visible_groups`` on groups of link responses only."""
    return visible_counts({group: Count(n, n) for group, n in counts.items()}, minimum)


def link(n: int) -> Count:
    return Count(n, n)


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
        decision = self.rules.round(RoundState(finished=False, submitted=9, unknown=9))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.RUNNING,
            0,
        )

    def test_an_ended_round_below_the_threshold_says_how_many_more(self):
        decision = self.rules.round(RoundState(finished=True, submitted=2, unknown=2))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.TOO_FEW,
            1,
        )

    def test_a_few_link_responses_beside_imported_ones_are_withheld(self):
        # Two real scans and one made-up import: the importer could subtract their own row.
        decision = self.rules.round(RoundState(finished=True, submitted=3, unknown=2))
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.TOO_FEW_VIA_LINK,
            1,
        )
        assert self.rules.round(RoundState(finished=True, submitted=6, unknown=3)).reportable
        # Only imported rows: the figures tell the importer nothing they did not type.
        assert self.rules.round(RoundState(finished=True, submitted=3, unknown=0)).reportable
        # Imported rows never lift link responses over the threshold.
        assert not self.rules.round(RoundState(finished=True, submitted=9, unknown=1)).reportable

    def test_a_few_responses_after_a_reopening_are_withheld(self):
        decision = self.rules.round(
            RoundState(finished=True, submitted=6, unknown=6, disclosed={ALL: 5})
        )
        assert (decision.reportable, decision.withheld, decision.missing) == (
            False,
            Withheld.TOO_FEW_NEW,
            2,
        )
        assert self.rules.round(
            RoundState(finished=True, submitted=5, unknown=5, disclosed={ALL: 5})
        ).reportable
        assert self.rules.round(
            RoundState(finished=True, submitted=8, unknown=8, disclosed={ALL: 5})
        ).reportable
        # Imported rows added since do not count as new.
        assert not self.rules.round(
            RoundState(finished=True, submitted=8, unknown=6, disclosed={ALL: 5})
        ).reportable

    def test_every_role_group_that_changed_needs_enough_new_ones(self):
        before = {"professional": 3, "teamleider": 3, ALL: 6}
        one_lead = RoundState(
            finished=True,
            submitted=9,
            unknown=9,
            unknown_by_group={"professional": 5, "teamleider": 4},
            disclosed=before,
        )
        assert self.rules.round(one_lead).withheld is Withheld.TOO_FEW_NEW
        enough = RoundState(
            finished=True,
            submitted=9,
            unknown=9,
            unknown_by_group={"professional": 6, "teamleider": 3},
            disclosed=before,
        )
        assert self.rules.round(enough).reportable

    def test_ranges_and_comments_need_more(self):
        rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)
        assert not rules.range_shown(link(4))
        assert rules.range_shown(link(5))
        assert not rules.comments_shown(link(4), audience=Audience.TEAM, shared=False)
        assert rules.comments_shown(link(5), audience=Audience.TEAM, shared=False)
        # Never below the general threshold, whatever the settings say.
        low = Policy(minimum=3, national_minimum=10, range_minimum=1, comment_minimum=1)
        assert not low.comments_shown(link(2), audience=Audience.TEAM, shared=True)
        # Imported rows do not lift them: three link scans and two imported rows.
        assert not rules.range_shown(Count(5, 3))
        assert not rules.comments_shown(Count(5, 3), audience=Audience.TEAM, shared=False)

    def test_the_gemeente_reads_comments_only_when_the_team_shares_them(self):
        rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)
        assert not rules.comments_shown(link(9), audience=Audience.GEMEENTE, shared=False)
        assert rules.comments_shown(link(9), audience=Audience.GEMEENTE, shared=True)
        assert not rules.comments_shown(link(4), audience=Audience.GEMEENTE, shared=True)

    def test_the_audience_is_a_required_argument(self):
        rules = Policy(minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5)
        with pytest.raises(TypeError):
            rules.comments_shown(link(9))  # type: ignore[call-arg]


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
    with override_settings(PRIVACY_MIN_RESPONSES=minimum):
        round_ = make_round()
        today = timezone.localdate()
        Round.objects.filter(pk=round_.pk).update(
            submitted_count=submitted,
            imported_count=imported,
            disclosed_unknown={ALL: disclosed} if disclosed else None,
            closed_at=timezone.now() if finished else None,
        )
        round_.refresh_from_db()
        round_.store_held_back()  # as every write of the counts or the snapshot does
        round_.save(update_fields=["held_back"])
        state = round_.state(today)
        in_filter = Round.objects.reportable(today).filter(pk=round_.pk).exists()
        assert in_filter == policy().round(state).reportable
        Round.objects.filter(pk=round_.pk).delete()
