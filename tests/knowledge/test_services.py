"""The rule that links lessons to a condition's score band (knowledge.services)."""

import pytest

from evaluation.results.reads import lessons_for_bands
from knowledge.constants import LessonKind
from tests.factories import ConditionFactory, LessonFactory, ProjectFactory

pytestmark = pytest.mark.django_db

W, G, T, C = LessonKind.WORKED, LessonKind.WENT_WRONG, LessonKind.TIP, LessonKind.CONDITION


@pytest.fixture
def mandaat():
    return ConditionFactory(slug="mandaat", name="Mandaat")


def lesson(slug, kind, condition, *, general=False):
    return LessonFactory(slug=slug, kind=kind, conditions=[condition], general=general)


def slugs(lessons):
    return [item.slug for item in lessons]


def test_a_bottleneck_alternates_what_worked_and_what_went_wrong(mandaat):
    for slug, kind in [("w1", W), ("w2", W), ("w3", W), ("g1", G), ("g2", G), ("t1", T), ("c1", C)]:
        lesson(slug, kind, mandaat)
    chosen = lessons_for_bands({"mandaat": "knelpunt"})["mandaat"]
    assert slugs(chosen) == ["w1", "g1", "t1", "c1", "w2"]


def test_a_point_of_attention_gets_four(mandaat):
    for slug, kind in [("w1", W), ("w2", W), ("g1", G), ("t1", T), ("c1", C), ("c2", C)]:
        lesson(slug, kind, mandaat)
    chosen = lessons_for_bands({"mandaat": "aandachtspunt"})["mandaat"]
    assert slugs(chosen) == ["w1", "g1", "c1", "t1"]


def test_a_strong_condition_gets_two_lessons_about_keeping_it(mandaat):
    for slug, kind in [("w1", W), ("g1", G), ("t1", T), ("t2", T), ("c1", C)]:
        lesson(slug, kind, mandaat)
    chosen = lessons_for_bands({"mandaat": "sterk"})["mandaat"]
    assert slugs(chosen) == ["c1", "t1"]
    assert {item.kind for item in chosen} <= {T, C}


def test_project_lessons_come_before_literature_within_a_kind(mandaat):
    lesson("a-literatuur", W, mandaat, general=True)
    lesson("z-project", W, mandaat)
    chosen = lessons_for_bands({"mandaat": "op-weg"})["mandaat"]
    assert slugs(chosen) == ["z-project", "a-literatuur"]


def test_only_lessons_tagged_with_the_condition_appear(mandaat):
    other = ConditionFactory(slug="caseload")
    lesson("eigen", W, mandaat)
    lesson("ander", W, other)
    both = LessonFactory(slug="beide", kind=G, conditions=[mandaat, other])
    result = lessons_for_bands({"mandaat": "knelpunt", "caseload": "knelpunt"})
    assert slugs(result["mandaat"]) == ["eigen", "beide"]
    assert slugs(result["caseload"]) == ["ander", "beide"]
    assert both in result["caseload"]


def test_no_score_means_no_lessons(mandaat):
    lesson("w1", W, mandaat)
    assert lessons_for_bands({"mandaat": None}) == {"mandaat": []}


def test_the_rule_is_deterministic(mandaat):
    for index in range(12):
        lesson(f"les-{index:02d}", [W, G, T, C][index % 4], mandaat)
    first = lessons_for_bands({"mandaat": "knelpunt"})
    assert all(lessons_for_bands({"mandaat": "knelpunt"}) == first for _ in range(3))


def test_two_queries_whatever_the_number_of_conditions(django_assert_num_queries):
    conditions = [ConditionFactory() for _ in range(5)]
    project = ProjectFactory()
    for condition in conditions:
        for kind in (W, G, T):
            LessonFactory(kind=kind, conditions=[condition], project=project)
    with django_assert_num_queries(2):
        lessons_for_bands({c.slug: "knelpunt" for c in conditions})
