"""The lessons a results page shows, with the real knowledge base (fixtures/knowledge.json).

The expected lists are worked out by hand from the rule in docs/scoring.md ("Lessons linked to
scores"), from the lessons' tags, evidence, projects and addressed statements and facts in the
fixture; they are not produced by calling the rule.
"""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluation import services
from evaluation.disclosure import Audience
from evaluation.lessons import lesson_facts
from evaluation.models import Questionnaire, Round
from evaluation.relevance import CASELOAD_ABOVE_BAND
from evaluation.report import report_html
from evaluation.team_results import round_results
from tests.factories import TeamFactory, UserFactory, import_responses, make_round

pytestmark = pytest.mark.django_db

FALLBACK = "Algemene les bij deze voorwaarde: er zijn weinig lessen over jullie laagste stellingen."
ABOVE = "Jullie caseload ligt boven jullie eigen bandbreedte."
NO_BUDGET = "Jullie team heeft geen vrij besteedbaar budget."
# Statement texts of the standard questionnaire, version 1 (fixtures/questionnaire.json).
CAS_2 = "Ik heb genoeg tijd om gezinnen op te zoeken waar zij zijn, thuis of in de wijk"
MAN_4 = "Ik kan doen wat nodig is voor een gezin, ook als dat buiten de gewone regels valt"
VAS_5 = "Gezinnen moeten hun verhaal vaak opnieuw vertellen aan een nieuwe hulpverlener"


def low(statement: str, more: int = 0) -> str:
    if more:
        return f"Jullie scoren laag op ‘{statement}’ en op nog {more} stelling hierover."
    return f"Jullie scoren laag op ‘{statement}’."


def shown(results) -> dict[str, list[tuple[str, str]]]:
    return {
        c.condition.slug: [(lesson.slug, lesson.why) for lesson in c.lessons]
        for c in results.conditions
    }


def assert_each_lesson_answers_the_team(results, facts):
    """Each lesson addresses a statement of its condition scoring below the condition mean, or
    an applying fact; or it is a fallback and the condition says so."""
    seen = []
    for c in results.conditions:
        means = {d.code: d.mean for d in c.distribution}
        for lesson in c.lessons:
            seen.append(lesson.slug)
            assert c.condition in lesson.conditions.all()
            low_codes = [
                code
                for code in lesson.addresses_statements
                if code in means and means[code] < c.mean
            ]
            if lesson.reason.fallback:
                assert not low_codes
                assert not set(lesson.addresses_facts) & facts
                assert c.has_fallback
            else:
                assert low_codes or set(lesson.addresses_facts) & facts
    assert len(seen) == len(set(seen)), "a lesson appears twice on one page"


def assert_page_shows_each_lesson_once_with_its_why(client, user, round_, results):
    client.force_login(user)
    html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    ids = re.findall(
        r'<article class="card mb-2 result-lesson" aria-labelledby="les-([\w-]+)"', html
    )
    assert ids == [lesson.slug for c in results.conditions for lesson in c.lessons]
    for c in results.conditions:
        for lesson in c.lessons:
            assert lesson.why.replace("‘", "&lsquo;") in html or lesson.why in html
    return html


class TestDemoTeam:
    """Wijkteam Noord, Voorjaar 2026: caseload 27.4 households per fte against its own 18–24,
    no teambudget."""

    @pytest.fixture
    def round_(self):
        call_command("load_demo", verbosity=0)
        return Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")

    def test_the_lessons_and_their_why_are_what_the_rule_predicts(self, round_):
        results = round_results(round_, audience=Audience.TEAM)
        assert lesson_facts(round_) == {CASELOAD_ABOVE_BAND, "geen-teambudget"}
        assert shown(results) == {
            # 21, knelpunt (5). The fact first; then BUD-1 (18.75, the lowest with BUD-3);
            # nothing else addresses BUD-1..4, and BUD-5 (27) is above the mean: fallbacks by
            # evidence (experience, then literature by kind and slug). integraal-beleid-
            # ontschotten would be the fourth, but it addresses MAN-4 (41, below mandaat's 53)
            # and stays there; middelen-passend-bij-opdracht moves up.
            "teambudget": [
                ("vrij-inzetbaar-teambudget", NO_BUDGET),
                (
                    "vig-praktische-hulp-motiveert",
                    low("Ons team heeft geld dat we zelf kunnen inzetten voor een gezin"),
                ),
                ("leiden-financiering-partners-botst", FALLBACK),
                ("maatwerk-mogelijk-waar-nodig", FALLBACK),
                ("middelen-passend-bij-opdracht", FALLBACK),
            ],
            # 49, aandachtspunt (4). The fact: menskracht also addresses CAS-4 (45.8, the
            # lowest), the denkkader only CAS-1 (52, above the mean). Then CAS-2/CAS-4 (both
            # 45.8): two Groningen lessons with experience beat the literature ones.
            "caseload": [
                ("menskracht-tijd-en-verantwoorde-caseload", ABOVE),
                ("caseload-denkkader-bandbreedte", ABOVE),
                (
                    "groningen-generalisten-niet-de-zwaarste-casussen",
                    low(CAS_2),
                ),
                (
                    "groningen-vaste-tijdsblokken-bewaken",
                    low(CAS_2),
                ),
            ],
            # 53, aandachtspunt (4). MAN-4 (41) is the lowest: three experience lessons
            # (Groningen, then Leiden, then Leiden's second), then literature: a condition
            # lesson before a tip (the band's kinds).
            "mandaat": [
                (
                    "groningen-grenzen-belemmeren-en-helpen",
                    low(MAN_4),
                ),
                (
                    "leiden-flexibiliteit-en-maatwerk",
                    low(MAN_4),
                ),
                (
                    "leiden-ruimte-om-te-doen-wat-nodig-is",
                    low(
                        MAN_4,
                        more=1,
                    ),
                ),
                (
                    "integraal-beleid-ontschotten",
                    low(MAN_4),
                ),
            ],
            # 66, op weg (3). VIS-5 (62.5) is the lowest; three experience lessons: the tip,
            # the condition lesson, then what went wrong (a kind op weg does not name).
            "gedeelde-visie": [
                (
                    "werkzame-elementen-bevestigd",
                    low("Beleid en afspraken veranderen zo vaak dat we er niet op kunnen bouwen"),
                ),
                (
                    "amsterdam-gedeelde-visie-en-stabiel-beleid",
                    low(
                        "Beleid en afspraken veranderen zo vaak dat we er niet op kunnen bouwen",
                        more=1,
                    ),
                ),
                (
                    "amsterdam-onduidelijke-positie-team",
                    low("Beleid en afspraken veranderen zo vaak dat we er niet op kunnen bouwen"),
                ),
            ],
            # 78, sterk (2). VAS-5 (72.7) is the lowest: the outcome first, then experience;
            # Amsterdam's second waits for Leiden (variety), and between the two Leiden lessons
            # the slug decides.
            "een-vaste-professional": [
                (
                    "amsterdam-meedenken-vaak-genoeg",
                    low(
                        VAS_5,
                        more=1,
                    ),
                ),
                (
                    "leiden-stappen-in-het-zorgnetwerk",
                    low(VAS_5),
                ),
            ],
        }

    def test_each_lesson_answers_the_team_and_appears_once(self, client, round_):
        results = round_results(round_, audience=Audience.TEAM)
        assert_each_lesson_answers_the_team(results, lesson_facts(round_))
        coordinator = round_.team.coordinators.get()
        html = assert_page_shows_each_lesson_once_with_its_why(client, coordinator, round_, results)
        assert "daarom staan hier ook algemene lessen" in html  # teambudget has fallbacks
        assert html.count("Bewijskracht:") == sum(len(c.lessons) for c in results.conditions)

    def test_the_report_and_the_action_form_give_the_same_why(self, client, round_):
        results = round_results(round_, audience=Audience.TEAM)
        html = report_html(round_, audience=Audience.TEAM)
        coordinator = round_.team.coordinators.get()
        client.force_login(coordinator)
        form = client.get(reverse("evaluation:action_create", args=[round_.pk])).content.decode()
        for c in results.conditions:
            for lesson in c.lessons:
                assert f"<strong>Waarom deze les:</strong> {lesson.why}" in html
                assert f"{lesson.title} — {lesson.why}" in form
        assert "bewijskracht: uitkomst uit een projectevaluatie" in html
        assert "Wat kun je proberen" not in html


class TestCaseloadAboveItsBandwidth:
    """A team with 30 households per fte against its own 15–20, a budget it can spend in two
    days, and answers on mandaat, caseload and teambudget only."""

    @pytest.fixture
    def round_(self, knowledge_base):
        call_command("loaddata", "questionnaire", verbosity=0)
        coordinator = UserFactory()
        round_ = make_round(
            team=TeamFactory(coordinators=[coordinator]),
            questionnaire=Questionnaire.objects.get(key="standaard", version=1),
            facts=services.RoundFacts(
                fte=Decimal("5.0"),
                households=150,
                bandwidth_low=15,
                bandwidth_high=20,
                budget_available="ja",
                budget_days=2,
            ),
        )
        values = dict.fromkeys(round_.questionnaire.statements.values_list("code", flat=True))
        values |= {
            # mandaat 65 (op weg): MAN-4 25 is its only low statement.
            "MAN-1": 4, "MAN-2": 4, "MAN-3": 4, "MAN-4": 2, "MAN-5": 2,
            # caseload 35 (knelpunt): CAS-1 0, CAS-2 25, CAS-4 25 below it; CAS-3 50, CAS-5 75.
            "CAS-1": 1, "CAS-2": 2, "CAS-3": 3, "CAS-4": 2, "CAS-5": 2,
            # teambudget 55 (aandachtspunt): BUD-5 25, BUD-3 and BUD-4 50 below it.
            "BUD-1": 4, "BUD-2": 4, "BUD-3": 3, "BUD-4": 3, "BUD-5": 4,
        }  # fmt: skip
        import_responses(round_, [("professional", values)] * 3)
        return round_

    def test_the_lessons_and_their_why_are_what_the_rule_predicts(self, round_):
        results = round_results(round_, audience=Audience.TEAM)
        assert lesson_facts(round_) == {CASELOAD_ABOVE_BAND}
        assert [
            (c.condition.slug, c.mean, c.band.slug if c.band else None) for c in results.conditions
        ] == [
            ("caseload", 35.0, "knelpunt"),
            ("teambudget", 55.0, "aandachtspunt"),
            ("mandaat", 65.0, "op-weg"),
            ("een-vaste-professional", None, None),
            ("gedeelde-visie", None, None),
        ]
        cas_1 = low("Het aantal gezinnen dat ik begeleid, past bij de tijd die ik heb")
        man_4 = low(MAN_4)
        bud_5 = low("Goede oplossingen lopen vast omdat niet duidelijk is wie ze betaalt")
        assert shown(results) == {
            # The two lessons on the fact first (both literature: the tip before the condition
            # lesson in a knelpunt), then CAS-1 (0): experience (Groningen and POH, by slug),
            # then intentions: the general lesson before Leidschendam-Voorburg's by slug.
            "caseload": [
                ("caseload-denkkader-bandbreedte", ABOVE),
                ("menskracht-tijd-en-verantwoorde-caseload", ABOVE),
                (
                    "groningen-generalisten-niet-de-zwaarste-casussen",
                    low("Het aantal gezinnen dat ik begeleid, past bij de tijd die ik heb", more=1),
                ),
                ("poh-warme-overdracht", cas_1),
                ("caseload-gesprek-tussen-uitvoering-en-beleid", cas_1),
            ],
            # BUD-5 (25): Leiden's experience, then two literature condition lessons by slug;
            # the fourth slot is a fallback (literature before an intention; by slug).
            "teambudget": [
                ("leiden-financiering-partners-botst", bud_5),
                ("integraal-beleid-ontschotten", bud_5),
                ("maatwerk-mogelijk-waar-nodig", bud_5),
                ("middelen-passend-bij-opdracht", FALLBACK),
            ],
            # MAN-4 (25): Groningen, Leiden, then Leiden's second (experience beats literature).
            "mandaat": [
                ("groningen-grenzen-belemmeren-en-helpen", man_4),
                ("leiden-flexibiliteit-en-maatwerk", man_4),
                ("leiden-ruimte-om-te-doen-wat-nodig-is", man_4),
            ],
            "een-vaste-professional": [],
            "gedeelde-visie": [],
        }

    def test_each_lesson_answers_the_team_and_appears_once(self, client, round_):
        results = round_results(round_, audience=Audience.TEAM)
        assert_each_lesson_answers_the_team(results, lesson_facts(round_))
        html = assert_page_shows_each_lesson_once_with_its_why(
            client, round_.team.coordinators.get(), round_, results
        )
        assert "daarom staan hier ook algemene lessen" in html  # teambudget's fourth
