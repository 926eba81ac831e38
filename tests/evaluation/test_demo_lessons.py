"""The demo that `make run` loads runs on the newest questionnaire version, and its lessons show
every kind of "waarom" line a team can meet (issue 21)."""

import pytest
from django.core.management import call_command

from evaluation.disclosure import Audience
from evaluation.models import Questionnaire, Round
from evaluation.team_results import round_results

pytestmark = pytest.mark.django_db

README_ROUNDS = [
    ("wijkteam-noord", "Najaar 2025"),
    ("wijkteam-noord", "Voorjaar 2026"),
    ("wijkteam-centrum", "Voorjaar 2026"),
    ("sociaal-team-west", "Voorjaar 2026"),
    ("sociaal-team-west", "Najaar 2026"),
]


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_the_teams_the_readme_names_answered_the_newest_version(demo):
    newest = Questionnaire.objects.filter(key="standaard", is_published=True).latest("version")
    for team, title in README_ROUNDS:
        assert Round.objects.get(team__slug=team, title=title).questionnaire == newest
    assert not Round.objects.filter(team__gemeente__slug__in=["rijnwaarde", "lindehoven"]).exclude(
        questionnaire=newest
    )


def test_the_demo_lessons_show_every_kind_of_why(demo):
    whys = []
    for team, title in README_ROUNDS:
        round_ = Round.objects.get(team__slug=team, title=title)
        for condition in round_results(round_, audience=Audience.TEAM).conditions:
            whys += [lesson.why for lesson in condition.lessons]
    kinds = {
        "a fact": "Jullie caseload ligt boven jullie eigen bandbreedte.",
        "no budget": "Jullie team heeft geen vrij besteedbaar budget.",
        "a low statement": "Jullie scoren laag op ‘",
        "lower than the rest": "lager dan op de andere stellingen van deze voorwaarde",
        "a reverse-keyed problem": "Jullie herkennen: ",
        "withheld answers": "Jullie antwoorden per stelling worden niet getoond (privacy)",
        "asked, not low": "Dat herkennen jullie gemiddeld niet.",
    }
    for kind, text in kinds.items():
        assert any(text in why for why in whys), kind
    # A general lesson only fills places that lessons on the team's answers leave; with the
    # knowledge base linked to the newest version, the demo needs none.
    assert not any(why.startswith("Algemene les") for why in whys)
    assert not any("laag op ‘Gezinnen moeten" in why for why in whys)
