"""Fixtures shared by the results, report and gemeente tests: two conditions, one team."""

import pytest

from tests.factories import (
    ConditionFactory,
    QuestionnaireFactory,
    TeamFactory,
    UserFactory,
    make_round,
)


@pytest.fixture
def conditions():
    return [
        ConditionFactory(slug="mandaat", name="Mandaat", code="MAN", order=2),
        ConditionFactory(slug="teambudget", name="Teambudget", code="BUD", order=4),
    ]


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator")


@pytest.fixture
def team(coordinator):
    return TeamFactory(name="Wijkteam Noord", coordinators=[coordinator])


@pytest.fixture
def questionnaire(conditions):
    return QuestionnaireFactory(conditions=conditions)


@pytest.fixture
def round_(team, questionnaire):
    return make_round(team=team, questionnaire=questionnaire)
