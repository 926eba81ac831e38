"""The relevance rule (evaluation/relevance.py): which lessons a condition shows, and why.

Pure: no database. Expected lists are worked out by hand from the rule in docs/scoring.md.
"""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from evaluation.bands import BANDS, BY_SLUG, CONDITION, TIP, WENT_WRONG, WORKED, LinkRule
from evaluation.caseload import check_caseload
from evaluation.relevance import (
    BUDGET_SLOW,
    CASELOAD_ABOVE_BAND,
    FACTS,
    NO_BAND,
    NO_TEAM_BUDGET,
    Candidate,
    ConditionInput,
    Reason,
    applying_facts,
    relevant_lessons,
)
from knowledge.constants import FACT_CONDITION_CODES, LessonFact

OUTCOME, EXPERIENCE, LITERATURE, INTENTION = 0, 1, 2, 3
FIVE = LinkRule((WORKED, WENT_WRONG, TIP, CONDITION), 5)


def lesson(slug, *conditions, kind=TIP, evidence=EXPERIENCE, project=None, codes=(), facts=()):
    return Candidate(
        slug=slug,
        kind=kind,
        evidence=evidence,
        project=project,
        conditions=frozenset(conditions or ["mandaat"]),
        statements=frozenset(codes),
        facts=frozenset(facts),
    )


def mandaat(rule=FIVE, mean=50.0, facts=()):
    # MAN-1 is the lowest, MAN-2 next; MAN-3 equals the mean and MAN-4 lies above it.
    return ConditionInput(
        rule=rule,
        mean=mean,
        statements={"MAN-1": 10.0, "MAN-2": 30.0, "MAN-3": 50.0, "MAN-4": 80.0},
        facts=frozenset(facts),
    )


def slugs(links):
    return [link.slug for link in links]


class TestWithinACondition:
    def test_the_lowest_statement_comes_first_then_the_next_then_the_rest(self):
        lessons = [
            lesson("a-op-man-2", codes=["MAN-2"]),
            lesson("b-op-man-1", codes=["MAN-1"]),
            lesson("c-algemeen"),
            lesson("d-op-man-4", codes=["MAN-4"]),  # above the mean and 50: asked, not low
            lesson("e-op-man-3", codes=["MAN-3"]),  # equal to the mean and 50: not below
        ]
        result = relevant_lessons({"mandaat": mandaat()}, lessons)["mandaat"]
        assert slugs(result) == [
            "b-op-man-1",
            "a-op-man-2",
            "e-op-man-3",
            "d-op-man-4",
            "c-algemeen",
        ]
        assert [link.reason for link in result] == [
            Reason(statements=("MAN-1",)),
            Reason(statements=("MAN-2",)),
            Reason(asked=("MAN-3",)),
            Reason(asked=("MAN-4",)),
            Reason(),
        ]
        assert [link.reason.fallback for link in result] == [False] * 4 + [True]

    def test_an_applying_fact_comes_before_the_lowest_statement(self):
        lessons = [
            lesson("a-op-man-1", codes=["MAN-1"], evidence=OUTCOME),
            lesson("z-feit", facts=[NO_TEAM_BUDGET], evidence=INTENTION),
            lesson("y-feit-dat-niet-geldt", facts=[BUDGET_SLOW], evidence=OUTCOME),
        ]
        result = relevant_lessons({"mandaat": mandaat(facts=[NO_TEAM_BUDGET])}, lessons)["mandaat"]
        assert slugs(result) == ["z-feit", "a-op-man-1", "y-feit-dat-niet-geldt"]
        assert result[0].reason == Reason(facts=(NO_TEAM_BUDGET,))
        assert result[2].reason.fallback

    def test_the_reason_lists_every_low_statement_lowest_first(self):
        lessons = [lesson("les", codes=["MAN-4", "MAN-2", "MAN-1"])]
        (link,) = relevant_lessons({"mandaat": mandaat()}, lessons)["mandaat"]
        assert link.reason == Reason(statements=("MAN-1", "MAN-2"), asked=("MAN-4",))

    def test_evidence_breaks_a_tie_on_the_same_statement(self):
        lessons = [
            lesson("a-voornemen", codes=["MAN-1"], evidence=INTENTION),
            lesson("b-literatuur", codes=["MAN-1"], evidence=LITERATURE),
            lesson("c-uitkomst", codes=["MAN-1"], evidence=OUTCOME),
            lesson("d-ervaring", codes=["MAN-1"], evidence=EXPERIENCE),
        ]
        result = relevant_lessons({"mandaat": mandaat()}, lessons)["mandaat"]
        assert slugs(result) == ["c-uitkomst", "d-ervaring", "b-literatuur", "a-voornemen"]

    def test_a_lower_statement_outranks_stronger_evidence(self):
        lessons = [
            lesson("a-uitkomst-man-2", codes=["MAN-2"], evidence=OUTCOME),
            lesson("b-voornemen-man-1", codes=["MAN-1"], evidence=INTENTION),
        ]
        result = relevant_lessons({"mandaat": mandaat()}, lessons)["mandaat"]
        assert slugs(result) == ["b-voornemen-man-1", "a-uitkomst-man-2"]

    def test_a_second_lesson_of_a_project_waits_while_another_project_has_one(self):
        lessons = [
            lesson("a-leiden", codes=["MAN-1"], project="leiden"),
            lesson("b-leiden", codes=["MAN-1"], project="leiden"),
            lesson("c-leiden", codes=["MAN-1"], project="leiden"),
            lesson("d-zwolle", codes=["MAN-1"], project="zwolle"),
            lesson("e-literatuur", codes=["MAN-1"]),
        ]
        result = relevant_lessons({"mandaat": mandaat()}, lessons)["mandaat"]
        # Literature lessons never repeat a project; once Zwolle is used, Leiden takes its turn.
        assert slugs(result) == ["a-leiden", "d-zwolle", "e-literatuur", "b-leiden", "c-leiden"]

    def test_variety_does_not_outrank_a_lower_statement_or_stronger_evidence(self):
        lessons = [
            lesson("a-leiden", codes=["MAN-1"], project="leiden"),
            lesson("b-leiden", codes=["MAN-1"], project="leiden"),
            lesson("c-zwolle", codes=["MAN-2"], project="zwolle"),
            lesson("d-zwolle-zwakker", codes=["MAN-1"], project="zwolle", evidence=INTENTION),
        ]
        result = relevant_lessons({"mandaat": mandaat()}, lessons)["mandaat"]
        assert slugs(result) == ["a-leiden", "b-leiden", "d-zwolle-zwakker", "c-zwolle"]

    def test_the_bands_kind_preference_breaks_the_remaining_tie(self):
        lessons = [
            lesson("a-tip", kind=TIP, codes=["MAN-1"]),
            lesson("b-voorwaarde", kind=CONDITION, codes=["MAN-1"]),
            lesson("c-ging-mis", kind=WENT_WRONG, codes=["MAN-1"]),
            lesson("d-werkte", kind=WORKED, codes=["MAN-1"]),
        ]
        strong = BY_SLUG["sterk"].lessons  # prefers conditions, then tips; limit 2
        result = relevant_lessons({"mandaat": mandaat(rule=strong, mean=80.0)}, lessons)
        assert slugs(result["mandaat"]) == ["b-voorwaarde", "a-tip"]
        bottleneck = relevant_lessons({"mandaat": mandaat(rule=FIVE)}, lessons)
        assert slugs(bottleneck["mandaat"]) == ["d-werkte", "c-ging-mis", "a-tip", "b-voorwaarde"]

    def test_a_kind_the_band_does_not_name_comes_last_but_is_not_excluded(self):
        lessons = [
            lesson("a-werkte", kind=WORKED, codes=["MAN-1"]),
            lesson("b-tip", kind=TIP, codes=["MAN-1"]),
        ]
        rule = LinkRule((TIP, CONDITION), 2)
        result = relevant_lessons({"mandaat": mandaat(rule=rule)}, lessons)["mandaat"]
        assert slugs(result) == ["b-tip", "a-werkte"]

    def test_the_band_limits_the_number(self):
        lessons = [lesson(f"les-{index}", codes=["MAN-1"]) for index in range(9)]
        for band in BANDS:
            result = relevant_lessons({"mandaat": mandaat(rule=band.lessons)}, lessons)
            assert len(result["mandaat"]) == band.lessons.limit

    def test_fallbacks_fill_only_what_addressing_lessons_leave(self):
        lessons = [
            lesson("a-algemeen-uitkomst", evidence=OUTCOME),
            lesson("b-algemeen"),
            lesson("c-algemeen"),
            lesson("z-op-man-2", codes=["MAN-2"], evidence=INTENTION),
        ]
        rule = LinkRule((TIP,), 2)
        result = relevant_lessons({"mandaat": mandaat(rule=rule)}, lessons)["mandaat"]
        assert [(link.slug, link.reason.fallback) for link in result] == [
            ("z-op-man-2", False),
            ("a-algemeen-uitkomst", True),
        ]

    def test_a_condition_without_a_rule_or_mean_gets_nothing(self):
        lessons = [lesson("les", codes=["MAN-1"])]
        no_rule = ConditionInput(rule=None, mean=None)
        assert relevant_lessons({"mandaat": no_rule}, lessons) == {"mandaat": []}

    def test_only_lessons_tagged_with_the_condition_are_considered(self):
        lessons = [lesson("eigen", "mandaat"), lesson("ander", "caseload", codes=["MAN-1"])]
        result = relevant_lessons({"mandaat": mandaat()}, lessons)
        assert slugs(result["mandaat"]) == ["eigen"]

    def test_without_answers_per_statement_every_lesson_is_a_fallback(self):
        lessons = [lesson("b", codes=["MAN-1"]), lesson("a", evidence=OUTCOME)]
        bare = ConditionInput(rule=FIVE, mean=30.0)
        result = relevant_lessons({"mandaat": bare}, lessons)["mandaat"]
        assert [(link.slug, link.reason.fallback) for link in result] == [("a", True), ("b", True)]

    def test_the_input_order_does_not_matter(self):
        lessons = [
            lesson(
                f"les-{index:02d}",
                codes=[["MAN-1"], ["MAN-2"], []][index % 3],
                project=f"p{index % 2}",
            )
            for index in range(12)
        ]
        first = relevant_lessons({"mandaat": mandaat()}, lessons)
        assert relevant_lessons({"mandaat": mandaat()}, list(reversed(lessons))) == first


CAS = {"CAS-1": 20.0, "CAS-2": 60.0}
VIS = {"VIS-1": 5.0, "VIS-2": 45.0}


class TestOncePerPage:
    def test_a_lesson_stays_under_the_condition_where_it_addresses_the_lowest_statement(self):
        conditions = {
            "caseload": ConditionInput(rule=LinkRule((TIP,), 2), mean=40.0, statements=CAS),
            "gedeelde-visie": ConditionInput(rule=LinkRule((TIP,), 2), mean=50.0, statements=VIS),
        }
        lessons = [
            lesson("beide", "caseload", "gedeelde-visie", codes=["CAS-1", "VIS-1"]),
            lesson("cas-a", "caseload", codes=["CAS-1"], evidence=LITERATURE),
            lesson("cas-b", "caseload"),
            lesson("vis-a", "gedeelde-visie", codes=["VIS-2"]),
        ]
        result = relevant_lessons(conditions, lessons)
        # VIS-1 (5) is lower than CAS-1 (20): "beide" goes to gedeelde visie; caseload takes the
        # next one, a fallback.
        assert slugs(result["gedeelde-visie"]) == ["beide", "vis-a"]
        assert slugs(result["caseload"]) == ["cas-a", "cas-b"]
        assert result["caseload"][1].reason.fallback

    def test_a_fact_outranks_a_statement_elsewhere(self):
        conditions = {
            "caseload": ConditionInput(
                rule=LinkRule((TIP,), 1),
                mean=40.0,
                statements=CAS,
                facts=frozenset([CASELOAD_ABOVE_BAND]),
            ),
            "gedeelde-visie": ConditionInput(rule=LinkRule((TIP,), 1), mean=10.0, statements=VIS),
        }
        lessons = [
            lesson(
                "beide", "caseload", "gedeelde-visie", codes=["VIS-1"], facts=[CASELOAD_ABOVE_BAND]
            ),
            lesson("vis-b", "gedeelde-visie"),
        ]
        result = relevant_lessons(conditions, lessons)
        assert slugs(result["caseload"]) == ["beide"]
        assert result["caseload"][0].reason == Reason(facts=(CASELOAD_ABOVE_BAND,))
        assert slugs(result["gedeelde-visie"]) == ["vis-b"]

    def test_a_fallback_shown_twice_stays_under_the_weaker_condition(self):
        conditions = {
            "mandaat": ConditionInput(rule=LinkRule((TIP,), 1), mean=70.0),
            "caseload": ConditionInput(rule=LinkRule((TIP,), 1), mean=30.0),
        }
        lessons = [lesson("beide", "mandaat", "caseload"), lesson("z-mandaat", "mandaat")]
        result = relevant_lessons(conditions, lessons)
        assert slugs(result["caseload"]) == ["beide"]
        assert slugs(result["mandaat"]) == ["z-mandaat"]

    def test_on_equal_terms_the_condition_given_first_keeps_it(self):
        conditions = {
            "mandaat": ConditionInput(rule=LinkRule((TIP,), 1), mean=30.0),
            "caseload": ConditionInput(rule=LinkRule((TIP,), 1), mean=30.0),
        }
        result = relevant_lessons(conditions, [lesson("beide", "mandaat", "caseload")])
        assert result == {"mandaat": [("beide", Reason())], "caseload": []}

    def test_a_lesson_not_shown_at_home_is_not_pushed_out_elsewhere(self):
        # "beide" is more relevant under caseload, but caseload's one slot goes to a fact
        # lesson; gedeelde visie, where it is relevant too, keeps it.
        conditions = {
            "caseload": ConditionInput(
                rule=LinkRule((TIP,), 1), mean=40.0, statements=CAS, facts=frozenset([NO_BAND])
            ),
            "gedeelde-visie": ConditionInput(rule=LinkRule((TIP,), 1), mean=50.0, statements=VIS),
        }
        lessons = [
            lesson("beide", "caseload", "gedeelde-visie", codes=["CAS-1", "VIS-2"]),
            lesson("denkkader", "caseload", facts=[NO_BAND]),
        ]
        result = relevant_lessons(conditions, lessons)
        assert slugs(result["caseload"]) == ["denkkader"]
        assert slugs(result["gedeelde-visie"]) == ["beide"]


@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(["a", "b", "c"]), min_size=1),
            st.sets(st.sampled_from(["A-1", "A-2", "B-1", "B-2", "C-1"])),
            st.sampled_from([None, "p", "q"]),
            st.integers(0, 4),
            st.sampled_from([WORKED, WENT_WRONG, TIP, CONDITION]),
        ),
        max_size=15,
    ),
    st.lists(st.floats(0, 100), min_size=3, max_size=3),
)
def test_no_lesson_twice_never_over_the_limit_only_tagged_and_reasons_hold(rows, means):
    lessons = [
        Candidate(f"les-{i}", kind, evidence, project, frozenset(conds), frozenset(codes))
        for i, (conds, codes, project, evidence, kind) in enumerate(rows)
    ]
    conditions = {
        slug: ConditionInput(
            rule=BANDS[index % len(BANDS)].lessons,
            mean=mean,
            statements={f"{slug.upper()}-1": 20.0, f"{slug.upper()}-2": 70.0},
        )
        for index, (slug, mean) in enumerate(zip("abc", means, strict=True))
    }
    result = relevant_lessons(conditions, lessons)
    shown = [link.slug for links in result.values() for link in links]
    assert len(shown) == len(set(shown))
    by_slug = {item.slug: item for item in lessons}
    for slug, links in result.items():
        assert len(links) <= conditions[slug].rule.limit
        for link in links:
            assert slug in by_slug[link.slug].conditions
            for code in link.reason.statements:
                assert code in by_slug[link.slug].statements
                score = conditions[slug].statements[code]
                assert score < conditions[slug].mean or score < 50
            for code in link.reason.asked:
                assert code in by_slug[link.slug].statements
                score = conditions[slug].statements[code]
                assert score >= conditions[slug].mean
                assert score >= 50
        # fallbacks only after every addressing lesson
        flags = [link.reason.fallback for link in links]
        assert flags == sorted(flags)
    # a condition with free slots shows every tagged lesson not shown elsewhere
    for slug, links in result.items():
        if len(links) < conditions[slug].rule.limit:
            tagged = {item.slug for item in lessons if slug in item.conditions}
            assert tagged <= set(shown)


class TestFacts:
    def test_caseload_above_the_bandwidth(self):
        check = check_caseload(fte=Decimal("9.5"), households=260, low=18, high=24)
        facts = applying_facts(
            caseload=check,
            bandwidth_low=18,
            bandwidth_high=24,
            budget_available="ja",
            budget_days=2,
        )
        assert facts == {CASELOAD_ABOVE_BAND}

    def test_within_the_bandwidth_no_fact(self):
        check = check_caseload(fte=Decimal("6.0"), households=98, low=14, high=20)
        assert not applying_facts(
            caseload=check,
            bandwidth_low=14,
            bandwidth_high=20,
            budget_available="ja",
            budget_days=5,  # five days is not slow; six is
        )

    def test_no_bandwidth_and_no_budget(self):
        facts = applying_facts(
            caseload=None,
            bandwidth_low=None,
            bandwidth_high=20,
            budget_available="nee",
            budget_days=None,
        )
        assert facts == {NO_BAND, NO_TEAM_BUDGET}

    def test_a_budget_that_takes_more_than_five_days_is_slow(self):
        facts = applying_facts(
            caseload=None,
            bandwidth_low=1,
            bandwidth_high=2,
            budget_available="ja",
            budget_days=6,
        )
        assert facts == {BUDGET_SLOW}

    def test_an_unknown_budget_is_no_fact(self):
        facts = applying_facts(
            caseload=None,
            bandwidth_low=1,
            bandwidth_high=2,
            budget_available="onbekend",
            budget_days=30,
        )
        assert facts == frozenset()

    def test_the_facts_are_the_knowledge_bases_facts(self):
        assert set(FACTS) == set(LessonFact.values)
        assert set(FACT_CONDITION_CODES) == set(FACTS)
