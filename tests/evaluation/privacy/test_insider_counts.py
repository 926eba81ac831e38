"""Anonymity against the one who runs the round (issue 22, findings 1–3): every threshold counts
only the responses the viewer cannot know (link scans, not imported rows), every disclosure is
a snapshot, and no individual values show at small n. Each test reproduces an attack that
worked before."""

import pytest

from evaluation.disclosure import Audience
from evaluation.report import report_html
from evaluation.team_results import round_results
from tests.factories import (
    finish_round,
    import_responses,
    reopen_round,
    scores,
    submit_response,
)

pytestmark = pytest.mark.django_db

LATE = "Ik durf hier niets over te zeggen"


class TestFindingOneReopenAndImport:
    def test_a_late_respondent_is_not_isolated_by_imported_rows(self, round_):
        for _ in range(5):
            submit_response(round_, value=4)
        finish_round(round_)
        assert round_results(round_, audience=Audience.TEAM).reportable
        reopen_round(round_)
        submit_response(round_, value=1, comment=LATE)
        import_responses(round_, [("professional", scores(3, 3))] * 2, imported=True)
        results = round_results(round_, audience=Audience.TEAM)
        # One new unknown response since the last disclosure: the figures may not change.
        assert not results.reportable
        assert results.withheld == "te-weinig-nieuw"
        assert results.missing == 2
        assert LATE not in report_html(round_, audience=Audience.TEAM)

    def test_enough_new_link_responses_show_the_figures_again(self, round_):
        for _ in range(5):
            submit_response(round_, value=4)
        finish_round(round_)
        round_results(round_, audience=Audience.TEAM)
        reopen_round(round_)
        for _ in range(3):
            submit_response(round_, value=2)
        import_responses(round_, [("professional", scores(3, 3))], imported=True)
        assert round_results(round_, audience=Audience.TEAM).reportable


class TestFindingTwoImportsLiftNoThreshold:
    def test_imported_rows_lift_neither_the_range_nor_the_comments(self, round_):
        for value in (1, 3, 5):
            submit_response(round_, value=value, comment=f"Opmerking {value}")
        import_responses(round_, [("professional", scores(4, 4))] * 2, imported=True)
        results = round_results(round_, audience=Audience.TEAM)
        assert results.reportable  # 3 via the link: the figures themselves may show
        assert not results.comments_shown
        for condition in results.conditions:
            assert condition.minimum is None
            assert condition.maximum is None
            assert condition.median is None
            assert condition.comments == []
        html = report_html(round_, audience=Audience.TEAM)
        assert "laagste" not in html.lower().replace("laagste, mediaan", "")
        assert "Opmerking 1" not in html

    def test_a_round_of_imported_rows_only_is_not_lifted_by_them(self, round_):
        submit_response(round_, value=5)
        import_responses(round_, [("professional", scores(4, 4))] * 4, imported=True)
        results = round_results(round_, audience=Audience.TEAM)
        assert not results.reportable
        assert results.withheld == "te-weinig-via-link"
        assert (results.via_link, results.missing) == (1, 2)


class TestFindingThreeSmallGroups:
    def test_no_numeric_spread_below_the_range_minimum(self, round_):
        for value in (1, 3, 5):
            submit_response(round_, value=value)
        finish_round(round_)
        results = round_results(round_, audience=Audience.TEAM)
        assert results.reportable
        for condition in results.conditions:
            assert condition.spread is None
        html = report_html(round_, audience=Audience.TEAM)
        assert "Spreiding " not in html.replace("Spreiding (", "")

    def test_divided_stays_a_category_below_the_range_minimum(self, round_):
        import_responses(round_, [("professional", scores(v, v)) for v in (1, 5, 1)])
        results = round_results(round_, audience=Audience.TEAM)
        assert all(c.divided for c in results.conditions)

    def test_a_role_groups_newcomers_are_not_shown_by_a_reopening(self, round_):
        for _ in range(3):
            submit_response(round_, role="professional", value=4)
            submit_response(round_, role="teamleider", value=4)
        finish_round(round_)
        before = round_results(round_, audience=Audience.TEAM)
        assert before.roles_shown
        reopen_round(round_)
        submit_response(round_, role="teamleider", value=1)
        for _ in range(2):
            submit_response(round_, role="professional", value=4)
        finish_round(round_)
        # Three new ones in total, but one team lead: the team leads' mean would give them away.
        after = round_results(round_, audience=Audience.TEAM)
        assert not after.reportable
        assert after.withheld == "te-weinig-nieuw"
