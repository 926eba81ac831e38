"""Done-when of issue 21, with the real knowledge base and the newest questionnaire version: a
team whose statements of one condition all score equally low sees lessons that say which of its
statements they answer, and none that addresses nothing it asked; a reverse-keyed statement is
stated the way the team answered it, on the page and in the report."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluation.disclosure import Audience
from evaluation.models import Questionnaire
from evaluation.report import report_html
from evaluation.team_results import round_results
from knowledge.models import Condition
from tests.factories import TeamFactory, UserFactory, import_responses, make_round

pytestmark = pytest.mark.django_db

CONDITIONS = ["een-vaste-professional", "mandaat", "caseload", "teambudget", "gedeelde-visie"]


@pytest.fixture
def newest(knowledge_base):
    call_command("loaddata", "questionnaire", verbosity=0)
    return (
        Questionnaire.objects.filter(key="standaard", is_published=True)
        .order_by("-version")
        .first()
    )


def flat_round(questionnaire, condition_slug: str, *, overrides: dict | None = None):
    """Three professionals answer every statement of one condition so that it scores 25 (2, or
    4 on a reverse-keyed one), and every other statement neutral (3: 50)."""
    coordinator = UserFactory()
    round_ = make_round(team=TeamFactory(coordinators=[coordinator]), questionnaire=questionnaire)
    values = {}
    for statement in questionnaire.statements.select_related("condition"):
        if statement.condition.slug == condition_slug:
            values[statement.code] = 4 if statement.reverse_keyed else 2
        else:
            values[statement.code] = 3
    values |= overrides or {}
    import_responses(round_, [("professional", values)] * 3)
    return round_


@pytest.mark.parametrize("slug", CONDITIONS)
def test_a_flat_low_condition_gets_lessons_on_its_statements_and_no_general_ones(newest, slug):
    round_ = flat_round(newest, slug)
    result = next(
        c
        for c in round_results(round_, audience=Audience.TEAM).conditions
        if c.condition.slug == slug
    )
    assert result.mean == 25.0
    assert {d.mean for d in result.distribution} == {25.0}
    asked = {d.code for d in result.distribution}
    texts = {d.code: d.text.rstrip(".") for d in result.distribution}
    # A lesson on an applying fact says the fact; the others name their lowest statement.
    naming = [
        lesson for lesson in result.lessons if lesson.reason.statements and not lesson.reason.facts
    ]
    assert len(naming) >= 2, [lesson.slug for lesson in result.lessons]
    for lesson in naming:
        first = lesson.reason.statements[0]
        assert first in asked
        text = texts[first]
        assert text in lesson.why or (text[0].lower() + text[1:]) in lesson.why
    for lesson in result.lessons:
        assert not lesson.reason.fallback, lesson.slug
        assert set(lesson.addresses_statements) & asked or lesson.reason.facts, lesson.slug
    assert not result.has_fallback


def test_mandaat_and_caseload_fill_every_place_with_lessons_on_their_statements(newest):
    # The two conditions the issue found outranked by off-topic lessons: all five places of a
    # knelpunt now go to lessons on the team's statements (or, for caseload, its facts).
    for slug in ("mandaat", "caseload"):
        round_ = flat_round(newest, slug)
        result = next(
            c
            for c in round_results(round_, audience=Audience.TEAM).conditions
            if c.condition.slug == slug
        )
        assert result.band.slug == "knelpunt"
        assert len(result.lessons) == 5
        for off_topic in (
            "amsterdam-onduidelijke-positie-team",
            "poh-sluitende-afspraken-met-wijkteam",
            "werkzame-elementen-bevestigd",
            "covid-projecten-liepen-vertraging-op",
        ):
            assert off_topic not in [lesson.slug for lesson in result.lessons]


def test_a_reverse_keyed_statement_is_never_cited_as_low(client, newest):
    # VAS-5 ("Gezinnen moeten hun verhaal vaak opnieuw vertellen …") fully agreed: score 0.
    round_ = flat_round(newest, "een-vaste-professional", overrides={"VAS-5": 5})
    results = round_results(round_, audience=Audience.TEAM)
    vaste = next(c for c in results.conditions if c.condition.slug == "een-vaste-professional")
    whys = [lesson.why for lesson in vaste.lessons]
    assert any(
        why.startswith("Jullie herkennen: gezinnen moeten hun verhaal vaak opnieuw vertellen")
        for why in whys
    ), whys
    client.force_login(round_.team.coordinators.get())
    page = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    report = report_html(round_, audience=Audience.TEAM)
    reverse_texts = [s.text.rstrip(".") for s in newest.statements.filter(reverse_keyed=True)]
    for html in (page, report):
        for text in reverse_texts:
            assert f"laag op &lsquo;{text}" not in html
            assert f"laag op ‘{text}" not in html
    assert "Jullie herkennen: gezinnen moeten hun verhaal" in page


def test_the_reading_guide_holds_for_every_version(newest):
    assert Condition.objects.count() == 5
    round_ = flat_round(newest, "mandaat")
    report = report_html(round_, audience=Audience.TEAM)
    assert "vijf stellingen per voorwaarde" not in report
    assert f"deze ronde gebruikte versie {newest.version}" in report
    assert "Bewijskracht van een les, van sterk naar zwak" in report
