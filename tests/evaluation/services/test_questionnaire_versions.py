"""Questionnaire version 2 (fixtures/questionnaire.json) beside version 1.

Version 1 stays exactly as its rounds saw it; version 2 grounds every statement in a source
page, says who can change it, and offers "niet van toepassing" on follow-ups that assume
something not every team has. Rounds of the two versions stay comparable per condition.
"""

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from evaluation import services
from evaluation.constants import NOT_APPLICABLE, Lever
from evaluation.disclosure import Audience
from evaluation.gemeente.trends import gemeente_trends
from evaluation.models import ConditionScore, Questionnaire, Statement
from evaluation.report import report_html
from evaluation.rounds.forms import RoundForm
from evaluation.team_results import round_results
from tests.factories import TeamFactory, UserFactory, past_round
from tests.knowledge.test_fidelity import citation_problem

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "questionnaire.json"

# v2 code -> a few words of the cited passage (kept here, never in the product).
V2_LOCATORS: dict[str, str] = {
    "VAS-1": "vaste professional voor het hele huishouden",
    "VAS-2": "zorgt voor afstemming en samenhang",
    "VAS-3": "als een spin in het web",
    "VAS-4": "biedt waar nodig praktische hulp",
    "VAS-5": "voorkomen van wisselingen van professionals",
    "MAN-2": "vlotter meegaan in diens advies",
    "MAN-5": "vlotter meegaan in diens advies",
    "MAN-6": "zelf kunnen indelen van tijd en ruimte",
    "MAN-7": "centraal punt waar alle organisaties die vastlopen",
    "MAN-8": "ontschotting van systemen",
    "CAS-1": "verantwoorde caseload die passen bij de opdrachten",
    "CAS-2": "actief zoeken naar mensen in hun eigen leefwereld",
    "CAS-3": "reflectietijd om te leren en verbeteren",
    "CAS-5": "weinig ruimte krijgen om hier tijd voor te maken",
    "CAS-6": "qua menskracht en middelen",
    "CAS-7": "kennisontwikkeling en intervisie van professionals",
    "BUD-1": "vrij inzetbaar teambudget of maatwerkbudget",
    "BUD-2": "direct hulp kunnen bieden als snelheid geboden is",
    "BUD-3": "vrij inzetbaar teambudget",
    "BUD-4": "vrij inzetbaar teambudget",
    "BUD-5": "waar nodig is maatwerk mogelijk",
    "VIS-1": "alsmede op integraal werken",
    "VIS-3": "heldere opdrachten voor de sociaal teams",
    "VIS-5": "stabiele beleidscontext voor een integrale aanpak",
    "VIS-6": "gezamenlijke visie op ondersteuning en zorg",
    "VIS-7": "gedeelde visie, missie en leidende principes",
    "VIS-8": "'meedenken' in plaats van 'meewerken'",
}

# Follow-ups that assume a vaste professional or a teambudget.
MAY_NOT_APPLY = {"VAS-2", "VAS-4", "BUD-3", "BUD-4"}
# v1 statements whose meaning changed: their codes are not reused in v2.
RETIRED = {"MAN-1", "MAN-3", "MAN-4", "CAS-4", "VIS-2", "VIS-4"}


def fixture_statements(version: int) -> list[dict]:
    return [
        item["fields"]
        for item in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if item["model"] == "evaluation.statement" and item["fields"]["questionnaire"][1] == version
    ]


@pytest.fixture
def questionnaires(knowledge_base):
    call_command("loaddata", "questionnaire", verbosity=0)
    return (
        Questionnaire.objects.get(key="standaard", version=1),
        Questionnaire.objects.get(key="standaard", version=2),
    )


class TestFixture:
    def test_loading_twice_adds_nothing(self, questionnaires):
        before = (Questionnaire.objects.count(), Statement.objects.count())
        call_command("loaddata", "questionnaire", verbosity=0)
        assert (Questionnaire.objects.count(), Statement.objects.count()) == before
        assert before == (3, 25 + 27 + 27)  # version 3: version 2 with wordings per role

    def test_both_versions_are_published(self, questionnaires):
        assert all(q.is_published for q in questionnaires)

    def test_every_v2_statement_has_a_source_and_a_lever(self, questionnaires):
        _v1, v2 = questionnaires
        for statement in v2.statements.all():
            statement.full_clean()
            assert statement.source_section, statement.code
            assert statement.source_page, statement.code
            assert statement.lever in Lever.values, statement.code

    def test_every_v1_statement_has_a_lever_and_no_not_applicable(self, questionnaires):
        v1, _v2 = questionnaires
        assert v1.statements.count() == 25
        assert not v1.statements.filter(may_not_apply=True).exists()
        levers = dict(v1.statements.values_list("code", "lever"))
        assert levers["BUD-1"] == Lever.GEMEENTE
        assert levers["VIS-1"] == Lever.TEAM
        assert levers["CAS-1"] == Lever.ORGANISATION

    def test_every_lever_is_used(self, questionnaires):
        _v1, v2 = questionnaires
        assert set(v2.statements.values_list("lever", flat=True)) == set(Lever.values)

    def test_v1_and_v2_cover_the_same_conditions_with_at_least_four_statements(
        self, questionnaires
    ):
        per_version = []
        for questionnaire in questionnaires:
            counts: dict[str, int] = defaultdict(int)
            for slug in questionnaire.statements.values_list("condition__slug", flat=True):
                counts[slug] += 1
            assert min(counts.values()) >= 4, (questionnaire.version, counts)
            per_version.append(set(counts))
        assert per_version[0] == per_version[1]
        assert len(per_version[0]) == 5

    def test_only_the_assumed_follow_ups_may_not_apply(self, questionnaires):
        _v1, v2 = questionnaires
        codes = set(v2.statements.filter(may_not_apply=True).values_list("code", flat=True))
        assert codes == MAY_NOT_APPLY

    def test_changed_statements_get_new_codes(self, questionnaires):
        v1, v2 = questionnaires
        v2_codes = set(v2.statements.values_list("code", flat=True))
        assert not v2_codes & RETIRED
        v1_text = dict(v1.statements.values_list("code", "text"))
        assert "meerdere hulpverleners" in v2.statements.get(code="VAS-3").text
        assert "direct" not in v1_text["BUD-2"]
        assert "meteen" in v2.statements.get(code="BUD-2").text

    def test_no_unsupported_wording_is_left(self, questionnaires):
        _v1, v2 = questionnaires
        texts = " ".join(v2.statements.values_list("text", flat=True)).casefold()
        for phrase in ("door te pakken", "buiten de gewone regels", "binnen een paar dagen"):
            assert phrase not in texts
        assert "meewerk" in v2.statements.get(code="VIS-8").explanation.casefold()

    def test_reverse_keyed_statements_sit_in_different_positions(self, questionnaires):
        _v1, v2 = questionnaires
        positions = list(v2.statements.filter(reverse_keyed=True).values_list("order", flat=True))
        assert len(positions) == 5
        assert len(set(positions)) == 5

    def test_the_newest_version_is_published_without_changing_v1(self, questionnaires):
        v1, v2 = questionnaires
        # The fixture's v1 is the version earlier rounds answered: same codes and texts.
        assert [s["code"] for s in fixture_statements(1)] == list(
            v1.statements.order_by("condition__order", "order").values_list("code", flat=True)
        )
        assert v2.version > v1.version


class TestSources:
    def test_every_v2_statement_has_a_locator(self):
        assert {s["code"] for s in fixture_statements(2)} == set(V2_LOCATORS)

    @pytest.mark.usefixtures("sources_dir")
    @pytest.mark.parametrize("code", sorted(V2_LOCATORS))
    def test_statement_is_found_where_it_is_cited(self, code):
        statement = next(s for s in fixture_statements(2) if s["code"] == code)
        problem = citation_problem(
            "kennissynthese-2023",
            statement["source_section"],
            statement["source_page"],
            V2_LOCATORS[code],
        )
        assert problem is None, f"{code}: {problem}"


class TestNewRounds:
    def test_a_new_round_defaults_to_the_newest_published_version(self, questionnaires):
        v3 = Questionnaire.objects.get(key="standaard", version=3)
        Questionnaire.objects.create(key="standaard", version=4, title="Concept")  # unpublished
        form = RoundForm()
        assert form.initial["questionnaire"] == v3.pk
        choices = list(form.fields["questionnaire"].queryset)
        assert set(choices) == {*questionnaires, v3}

    def test_the_round_page_preselects_the_newest_version(self, client, questionnaires):
        user = UserFactory()
        team = TeamFactory(coordinators=[user])
        client.force_login(user)
        response = client.get(reverse("evaluation:round_create", args=[team.pk]))
        assert response.status_code == 200
        v3 = Questionnaire.objects.get(key="standaard", version=3)
        assert f'value="{v3.pk}" selected' in response.content.decode()

    def test_a_new_version_copies_sources_levers_and_not_applicable(self, questionnaires):
        _v1, v2 = questionnaires
        copy = services.questionnaire_new_version(questionnaire=v2)
        original = v2.statements.get(code="BUD-3")
        copied = copy.statements.get(code="BUD-3")
        assert (copied.lever, copied.source_section, copied.source_page, copied.may_not_apply) == (
            original.lever,
            original.source_section,
            original.source_page,
            True,
        )


def rows_for(questionnaire: Questionnaire, value: int, *, n: int = 3) -> list:
    """n respondents answering every statement with ``value``; reverse-keyed ones mirrored, so
    every condition scores (value - 1) * 25."""
    answers = {
        s.code: 6 - value if s.reverse_keyed else value for s in questionnaire.statements.all()
    }
    return [("professional", answers)] * n


class TestAcrossVersions:
    def test_a_v1_round_then_a_v2_round_compare_per_condition(self, questionnaires):
        v1, v2 = questionnaires
        team = TeamFactory()
        first = past_round(
            team=team,
            questionnaire=v1,
            title="Voorjaar 2025",
            opens_on=date(2025, 3, 1),
            closes_on=date(2025, 3, 21),
            rows=rows_for(v1, 2),
        )
        second = past_round(
            team=team,
            questionnaire=v2,
            title="Najaar 2025",
            opens_on=date(2025, 10, 1),
            closes_on=date(2025, 10, 21),
            rows=rows_for(v2, 4),
        )
        results = round_results(second, audience=Audience.TEAM)
        assert results.previous == first
        for condition in results.conditions:
            assert condition.previous_mean == pytest.approx(25.0), condition.condition.slug
            assert condition.mean == pytest.approx(75.0)
            assert condition.change == pytest.approx(50.0)
        # The v1 round still shows its own statements.
        old = round_results(first, audience=Audience.TEAM)
        codes = {d.code for c in old.conditions for d in c.distribution}
        assert {"MAN-1", "CAS-4", "VIS-4"} <= codes
        assert "Ik mag zelf beslissen" in report_html(first, audience=Audience.TEAM)
        assert "Ik mag mijn tijd voor een gezin zelf indelen" in report_html(
            second, audience=Audience.TEAM
        )
        trends = gemeente_trends(team.gemeente)
        assert len(trends) == 5
        for trend in trends:
            points = [(p.label, round(p.mean), len(p.teams)) for p in trend.gemeente]
            assert points == [
                ("voorjaar 2025", 25, 1),
                ("najaar 2025", 75, 1),
            ]


class TestNotApplicable:
    def test_it_counts_as_not_answered_and_is_shown_apart(self, questionnaires):
        _v1, v2 = questionnaires
        round_ = services.round_create(
            team=TeamFactory(),
            questionnaire=v2,
            title="Najaar",
            opens_on=date.today(),
            closes_on=date.today(),
        )
        answers = {
            s.code: 6 - 4 if s.reverse_keyed else 4 for s in v2.statements.all()
        }  # every condition 75
        no_budget = {
            **answers,
            "BUD-1": 1,  # no teambudget: 0
            "BUD-3": NOT_APPLICABLE,
            "BUD-4": NOT_APPLICABLE,
        }
        services.responses_import(
            round_=round_,
            rows=[services.ImportRow(role="professional", values=no_budget)] * 3
            + [services.ImportRow(role="professional", values={**answers, "BUD-3": None})],
        )
        services.round_close(round_=round_)
        budget = next(
            c
            for c in round_results(round_, audience=Audience.TEAM).conditions
            if c.condition.slug == "teambudget"
        )
        # Three respondents: BUD-1 0, BUD-2 75, BUD-5 75 -> 50; one: 75.
        assert budget.mean == pytest.approx((50 * 3 + 75) / 4)
        by_code = {d.code: d for d in budget.distribution}
        assert by_code["BUD-3"].not_applicable == 3
        assert by_code["BUD-3"].dont_know == 1
        assert by_code["BUD-3"].counts == [0, 0, 0, 0, 0]
        assert by_code["BUD-4"].not_applicable == 3
        assert by_code["BUD-4"].counts == [0, 0, 0, 1, 0]
        assert by_code["BUD-4"].total == 4
        assert by_code["BUD-4"].may_not_apply
        assert not by_code["BUD-1"].may_not_apply
        stored = ConditionScore.objects.filter(response__round=round_, condition__slug="teambudget")
        assert sorted(stored.values_list("answered", "total")) == [(3, 5)] * 3 + [(4, 5)]

        # The results page shows them in their own column ("–" where not offered).
        coordinator = UserFactory()
        round_.team.coordinators.add(coordinator)
        client = Client()
        client.force_login(coordinator)
        html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
        assert '<th scope="col" class="text-end">Niet van toepassing</th>' in html
        budget_rows = [r for r in html.split("<tr>") if by_code["BUD-3"].text[:30] in r]
        assert budget_rows
        # weet ik niet 1, n.v.t. 3
        assert (
            '<td class="text-end" data-label="Weet ik niet">1</td>'
            '<td class="text-end" data-label="Niet van toepassing">3</td></tr>'
        ) in budget_rows[0]

        # After the retention period the counts stay apart.
        services.round_purge_raw(round_=round_)
        budget = next(
            c
            for c in round_results(round_, audience=Audience.TEAM).conditions
            if c.condition.slug == "teambudget"
        )
        by_code = {d.code: d for d in budget.distribution}
        assert (by_code["BUD-3"].not_applicable, by_code["BUD-3"].dont_know) == (3, 1)


class TestAdmin:
    def test_the_statement_list_shows_source_and_lever(self, admin_client, questionnaires):
        _v1, v2 = questionnaires
        html = admin_client.get(
            reverse("admin:evaluation_statement_changelist"), {"questionnaire__id__exact": v2.pk}
        ).content.decode()
        assert "3.1 Integraal werken – Beleid en bestuur, p. 22" in html
        assert "De gemeente" in html

    def test_statements_of_a_version_in_use_are_read_only(self, admin_client, questionnaires):
        v1, _v2 = questionnaires
        past_round(
            team=TeamFactory(),
            questionnaire=v1,
            title="Voorjaar 2025",
            opens_on=date(2025, 3, 1),
            closes_on=date(2025, 3, 21),
            rows=rows_for(v1, 3),
        )
        statement = v1.statements.get(code="MAN-1")
        url = reverse("admin:evaluation_statement_change", args=[statement.pk])
        response = admin_client.post(url, {"text": "Anders", "lever": "team"})
        assert response.status_code == 403
        statement.refresh_from_db()
        assert statement.text.startswith("Ik mag zelf beslissen")

    def test_the_questionnaire_page_shows_source_and_lever_per_statement(
        self, admin_client, questionnaires
    ):
        _v1, v2 = questionnaires
        html = admin_client.get(
            reverse("admin:evaluation_questionnaire_change", args=[v2.pk])
        ).content.decode()
        assert "bron: paragraaf" in html.casefold()
        assert "wie kan dit veranderen" in html.casefold()
        assert "4 Reflectie – Betrekken van de doelgroep blijkt moeilijk" in html
