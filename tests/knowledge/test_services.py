"""The knowledge base's read API for the self-scan (knowledge.services).

Which of these lessons a team sees is the relevance rule's choice:
tests/evaluation/rules/test_relevance.py (the pure rule) and
tests/evaluation/results/test_lesson_links.py (with the real knowledge base).
"""

import pytest

from knowledge import services
from tests.factories import ConditionFactory, LessonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_candidates_are_the_lessons_tagged_with_any_given_condition_once_each():
    mandaat, caseload, visie = (ConditionFactory(slug=s) for s in ("mandaat", "caseload", "visie"))
    LessonFactory(slug="b-mandaat", conditions=[mandaat])
    LessonFactory(slug="a-beide", conditions=[mandaat, caseload])
    LessonFactory(slug="c-visie", conditions=[visie])
    lessons = services.lessons_of_conditions(["mandaat", "caseload"])
    assert [lesson.slug for lesson in lessons] == ["a-beide", "b-mandaat"]
    assert {c.slug for c in lessons[0].conditions.all()} == {"mandaat", "caseload"}


def test_no_conditions_no_query(django_assert_num_queries):
    LessonFactory()
    with django_assert_num_queries(0):
        assert services.lessons_of_conditions([]) == []


def test_two_queries_whatever_the_number_of_conditions(django_assert_num_queries):
    conditions = [ConditionFactory() for _ in range(5)]
    project = ProjectFactory()
    for condition in conditions:
        for _ in range(3):
            LessonFactory(conditions=[condition, conditions[0]], project=project)
    with django_assert_num_queries(2):
        lessons = services.lessons_of_conditions([c.slug for c in conditions])
        for lesson in lessons:  # what the rule and the cards read costs nothing more
            _ = (lesson.project.slug, lesson.source.title, list(lesson.conditions.all()))
    assert len(lessons) == 15
