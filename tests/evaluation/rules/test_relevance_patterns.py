"""The relevance rule on answer patterns the first rule got wrong (issue 21): a flat profile,
answers per statement withheld, a lesson that would contradict the round's facts, and the
"waarom" line for each kind of reason. Pure: no database."""

from decimal import Decimal

from evaluation.bands import BY_SLUG, TIP
from evaluation.caseload import check_caseload
from evaluation.lessons import StatementLine, why_line
from evaluation.relevance import (
    BUDGET_SLOW,
    CASELOAD_ABOVE_BAND,
    NO_BAND,
    NO_TEAM_BUDGET,
    Candidate,
    ConditionInput,
    Reason,
    facts_not_holding,
    is_low,
    relevant_lessons,
)
from evaluation.wording import Subject, statement_problem

KNELPUNT = BY_SLUG["knelpunt"].lessons


def lesson(slug, codes=(), facts=(), evidence=1, project=None):
    return Candidate(
        slug=slug,
        kind=TIP,
        evidence=evidence,
        project=project,
        conditions=frozenset({"mandaat"}),
        statements=frozenset(codes),
        facts=frozenset(facts),
    )


def slugs(links):
    return [link.slug for link in links]


class TestLow:
    def test_below_the_mean_or_below_the_middle_of_the_scale(self):
        assert is_low(25.0, 25.0)  # all equally bad: low in absolute terms
        assert is_low(60.0, 70.0)  # below the mean
        assert not is_low(50.0, 50.0)  # neutral, and equal to the mean
        assert not is_low(80.0, 70.0)


class TestAFlatProfile:
    def test_all_statements_equally_low_are_all_low_and_outrank_off_topic_lessons(self):
        flat = ConditionInput(
            rule=KNELPUNT,
            mean=25.0,
            statements={"MAN-2": 25.0, "MAN-5": 25.0, "MAN-6": 25.0},
        )
        lessons = [
            lesson("a-off-topic-outcome", evidence=0),
            lesson("b-off-topic-old-code", codes=["MAN-1"], evidence=0),
            lesson("c-man-2", codes=["MAN-2"], evidence=2),
            lesson("d-man-5-man-6", codes=["MAN-5", "MAN-6"], evidence=3),
        ]
        result = relevant_lessons({"mandaat": flat}, lessons)["mandaat"]
        assert slugs(result) == [
            "c-man-2",
            "d-man-5-man-6",
            "a-off-topic-outcome",
            "b-off-topic-old-code",
        ]
        assert result[0].reason == Reason(statements=("MAN-2",))
        assert result[1].reason == Reason(statements=("MAN-5", "MAN-6"))
        # A code the round did not ask is no reason: MAN-1 is not in this version.
        assert result[3].reason.fallback

    def test_fallbacks_only_fill_places_that_addressing_lessons_leave(self):
        flat = ConditionInput(
            rule=BY_SLUG["sterk"].lessons,  # two places
            mean=80.0,
            statements={"MAN-2": 80.0, "MAN-5": 80.0},
        )
        lessons = [
            lesson("a-algemeen", evidence=0),
            lesson("b-man-2", codes=["MAN-2"], evidence=3),
            lesson("c-man-5", codes=["MAN-5"], evidence=3),
        ]
        result = relevant_lessons({"mandaat": flat}, lessons)["mandaat"]
        assert slugs(result) == ["b-man-2", "c-man-5"]
        assert [link.reason for link in result] == [
            Reason(asked=("MAN-2",)),
            Reason(asked=("MAN-5",)),
        ]


class TestWithheldAnswers:
    def test_lessons_about_asked_statements_come_before_general_ones(self):
        withheld = ConditionInput(
            rule=KNELPUNT, mean=20.0, statements={}, asked=frozenset({"MAN-2", "MAN-5"})
        )
        lessons = [
            lesson("a-algemeen", evidence=0),
            lesson("b-man-5", codes=["MAN-5"], evidence=2),
            lesson("c-man-2-en-5", codes=["MAN-2", "MAN-5"], evidence=1),
        ]
        result = relevant_lessons({"mandaat": withheld}, lessons)["mandaat"]
        assert slugs(result) == ["c-man-2-en-5", "b-man-5", "a-algemeen"]
        assert result[0].reason == Reason(asked=("MAN-2", "MAN-5"))
        assert not any(link.reason.statements for link in result)  # nothing is known low


class TestFactsThatDoNotHold:
    def test_a_team_with_a_bandwidth_is_not_told_to_set_one(self):
        condition = ConditionInput(
            rule=KNELPUNT, mean=20.0, statements={"CAS-1": 10.0}, facts=frozenset()
        )
        lessons = [
            lesson("bandbreedte-bepalen", codes=["CAS-1"], facts=[NO_BAND]),
            lesson(
                "boven-of-zonder-bandbreedte", codes=["CAS-1"], facts=[NO_BAND, CASELOAD_ABOVE_BAND]
            ),
            lesson("over-cas-1", codes=["CAS-1"]),
        ]
        not_holding = facts_not_holding(
            caseload=check_caseload(fte=Decimal("5"), households=80, low=14, high=20),
            bandwidth_low=14,
            bandwidth_high=20,
            budget_available="ja",
            budget_days=2,
        )
        assert not_holding == {NO_BAND, CASELOAD_ABOVE_BAND, NO_TEAM_BUDGET, BUDGET_SLOW}
        result = relevant_lessons({"mandaat": condition}, lessons, not_holding=not_holding)
        assert slugs(result["mandaat"]) == ["over-cas-1"]

    def test_a_lesson_stays_when_one_of_its_facts_applies_or_is_unknown(self):
        condition = ConditionInput(rule=KNELPUNT, mean=20.0, facts=frozenset({CASELOAD_ABOVE_BAND}))
        lessons = [lesson("boven-of-zonder-bandbreedte", facts=[NO_BAND, CASELOAD_ABOVE_BAND])]
        result = relevant_lessons({"mandaat": condition}, lessons, not_holding=frozenset({NO_BAND}))
        assert result["mandaat"][0].reason == Reason(facts=(CASELOAD_ABOVE_BAND,))
        # Without a caseload figure nothing is known about it: no contradiction.
        assert (
            facts_not_holding(
                caseload=None,
                bandwidth_low=None,
                bandwidth_high=None,
                budget_available="onbekend",
                budget_days=None,
            )
            == frozenset()
        )


VAS_5 = StatementLine(
    "Gezinnen moeten hun verhaal vaak opnieuw vertellen aan een nieuwe hulpverlener.", True, 25.0
)
MAN_2 = StatementLine("Partners buiten ons team volgen ons advies.", False, 60.0)


class TestWhyLine:
    def test_a_reverse_keyed_statement_is_stated_the_way_the_team_answered(self):
        line = why_line(Reason(statements=("VAS-5",)), {"VAS-5": VAS_5})
        assert line == (
            "Jullie herkennen: gezinnen moeten hun verhaal vaak opnieuw vertellen aan een nieuwe "
            "hulpverlener."
        )
        assert "laag op" not in line

    def test_a_statement_low_only_against_the_mean_is_not_called_low_outright(self):
        line = why_line(Reason(statements=("MAN-2",)), {"MAN-2": MAN_2})
        assert line == (
            "Jullie scoren op ‘Partners buiten ons team volgen ons advies’ lager dan op de andere "
            "stellingen van deze voorwaarde."
        )

    def test_more_low_statements_are_counted(self):
        line = why_line(
            Reason(statements=("VAS-5", "VAS-1", "VAS-2")),
            {"VAS-5": VAS_5},
        )
        assert line.endswith("De les gaat ook over nog 2 stellingen die bij jullie laag scoren.")

    def test_withheld_answers_are_not_called_low(self):
        line = why_line(
            Reason(asked=("VAS-5",)),
            {"VAS-5": VAS_5._replace(score=None)},
            withheld=True,
        )
        assert line == (
            "Gaat over het probleem ‘Gezinnen moeten hun verhaal vaak opnieuw vertellen aan een "
            "nieuwe hulpverlener’. Jullie antwoorden per stelling worden niet getoond (privacy), "
            "dus hoe jullie hierop antwoordden, staat hier niet."
        )

    def test_an_asked_statement_that_is_not_low(self):
        high = MAN_2._replace(score=80.0)
        assert why_line(Reason(asked=("MAN-2",)), {"MAN-2": high}) == (
            "Gaat over ‘Partners buiten ons team volgen ons advies’. Daarop scoren jullie niet "
            "laag."
        )

    def test_a_fallback_says_honestly_why_it_is_there(self):
        assert why_line(Reason(), {}, withheld=True) == (
            "Algemene les bij deze voorwaarde. Ze gaat niet over een stelling of feit uit jullie "
            "scan; ze staat hier omdat er niet meer lessen zijn die dat wel doen."
        )


class TestStatementProblem:
    def test_each_subject(self):
        text = VAS_5.text
        assert statement_problem(text, reverse_keyed=True, subject=Subject.TEAMS) == (
            "Teams herkennen: gezinnen moeten hun verhaal vaak opnieuw vertellen aan een nieuwe "
            "hulpverlener"
        )
        assert statement_problem(text, reverse_keyed=True, subject=Subject.TEAM).startswith(
            "Het team herkent: gezinnen"
        )
        assert statement_problem("Onze opdracht is duidelijk.", reverse_keyed=False) == (
            "Jullie scoren laag op ‘Onze opdracht is duidelijk’"
        )
