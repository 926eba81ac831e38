"""Reverse-keyed statements are stated the way the teams answered them, never as "laag op …":
on the gemeente's questions, in the drill-down and in the exports (issue 21). The team's own
pages word them through the same function (tests/evaluation/test_relevance_patterns.py)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.constants import Lever
from evaluation.gemeente.questions import gemeente_questions
from tests.factories import GemeenteFactory, TeamFactory, UserFactory, import_responses, make_round

pytestmark = pytest.mark.django_db

# QuestionnaireFactory: BUD-2 ("Stelling 2 over Teambudget") is reverse-keyed. Answering it 4
# (agree) scores 25: the team recognises the problem it names.
ROWS = [("professional", {"MAN-1": 4, "MAN-2": 2, "BUD-1": 2, "BUD-2": 4})] * 3


@pytest.fixture
def gemeente(questionnaire):
    gemeente = GemeenteFactory(name="Rijnwaarde", slug="rijnwaarde")
    questionnaire.statements.filter(code__startswith="BUD").update(lever=Lever.GEMEENTE)
    round_ = make_round(
        team=TeamFactory(gemeente=gemeente, name="Noord"), questionnaire=questionnaire
    )
    import_responses(round_, ROWS)
    return gemeente


@pytest.fixture
def analyst(gemeente):
    user = UserFactory(username="analist")
    gemeente.analysts.add(user)
    return user


def test_the_questions_name_the_problem_teams_recognise(client, analyst, gemeente):
    questions = {q.code: q for q in gemeente_questions(gemeente).questions}
    assert questions["BUD-2"].problem == "Teams herkennen: stelling 2 over Teambudget"
    assert questions["BUD-1"].problem == "Teams scoren laag op ‘Stelling 1 over Teambudget’"
    client.force_login(analyst)
    html = client.get(reverse("evaluation:gemeente", args=[gemeente.slug])).content.decode()
    assert "Teams herkennen: stelling 2 over Teambudget" in html
    assert "laag op &lsquo;Stelling 2" not in html
    assert "laag op ‘Stelling 2" not in html
    # The explanation of "laag" holds for both kinds of statement.
    assert "het team het er gemiddeld mee oneens is" in html
    assert "dat het team dat probleem gemiddeld herkent" in html


def test_the_drilldown_marks_a_reverse_keyed_statement(client, analyst, gemeente):
    client.force_login(analyst)
    url = reverse("evaluation:gemeente_drilldown", args=[gemeente.slug, "teambudget"])
    html = client.get(url).content.decode()
    assert html.count("Omgekeerd gescoord: een lage score betekent") == 1


def test_the_exports_say_what_a_low_score_means(client, analyst, gemeente):
    client.force_login(analyst)
    url = reverse("evaluation:gemeente_export", args=[gemeente.slug, "xlsx"])
    workbook = load_workbook(io.BytesIO(client.get(url).content))
    sheet = list(workbook["Stellingen"].iter_rows(values_only=True))
    header, rows = sheet[0], [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    assert "Omgekeerd gescoord" in header
    by_code = {row["Code"]: row for row in rows}
    assert by_code["BUD-2"]["Omgekeerd gescoord"] == "ja"
    assert (
        by_code["BUD-2"]["Een lage score betekent"]
        == "Het team herkent: stelling 2 over Teambudget"
    )
    assert by_code["BUD-1"]["Omgekeerd gescoord"] == "nee"
    questions = list(workbook["Vragen aan de gemeente"].iter_rows(values_only=True))
    texts = [row[2] for row in questions[1:]]
    assert "Teams herkennen: stelling 2 over Teambudget" in texts
    assert not any("laag op ‘Stelling 2" in (text or "") for text in texts)
