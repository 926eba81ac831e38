"""Every role: statements worded for each role, statements left out where a role cannot see
them, and the plain-Dutch (B1) version for inwoners and ouders (questionnaire version 3).

The codes stay the same, so every role's answers count towards the same condition; scores,
imports and the disclosure of answers per statement follow what each role was asked.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import selectors, services
from evaluation.constants import Role
from evaluation.disclosure import Audience, Count, Policy
from evaluation.gemeente.statements import statement_drilldown
from evaluation.models import ConditionScore, Questionnaire, StatementWording
from evaluation.rounds.imports import import_columns, parse_responses_csv
from evaluation.team_results import round_results
from tests.factories import (
    TeamFactory,
    UserFactory,
    import_responses,
    make_round,
    submit_response,
)
from tests.knowledge.test_fidelity import citation_problem

pytestmark = pytest.mark.django_db

RESIDENT = Role.RESIDENT
ROLES = list(Role.values)
# Words a family does not use: the jargon of the professional version.
JARGON = ("mandaat", "caseload", "integraal", "budget", "regie", "casus", "professional")
# First-person words of a team member, wrong for someone outside the team.
TEAM_MEMBER_WORDS = re.compile(r"\b(ik|mijn|ons team|onze opdracht|we|wij hebben)\b", re.I)


@pytest.fixture
def versions(knowledge_base):
    call_command("loaddata", "questionnaire", verbosity=0)
    return {q.version: q for q in Questionnaire.objects.filter(key="standaard")}


@pytest.fixture
def v3(versions):
    return versions[3]


def asked(questionnaire, role) -> dict[str, str]:
    """code -> text as asked of the role."""
    return {s.code: s.text for s in selectors.role_statements(questionnaire.pk, role)}


class TestVersion3:
    def test_it_is_version_2_with_wordings_per_role(self, versions, v3):
        fields = (
            "code",
            "order",
            "text",
            "explanation",
            "reverse_keyed",
            "lever",
            "source_section",
            "source_page",
            "may_not_apply",
            "condition_id",
        )
        assert list(v3.statements.order_by("code").values_list(*fields)) == list(
            versions[2].statements.order_by("code").values_list(*fields)
        )
        assert v3.is_published
        # Professionals read the standard text: no wording for them.
        assert not StatementWording.objects.filter(role=Role.PROFESSIONAL).exists()
        assert asked(v3, Role.PROFESSIONAL) == dict(v3.statements.values_list("code", "text"))

    def test_every_role_is_asked_something_about_every_condition(self, v3):
        for role in ROLES:
            steps = selectors.role_steps(v3.pk, role)
            assert [c.slug for c, _s in steps] == [
                "een-vaste-professional",
                "mandaat",
                "caseload",
                "teambudget",
                "gedeelde-visie",
            ], role
            assert min(len(statements) for _c, statements in steps) >= 2, role

    def test_outsiders_are_asked_about_the_team_not_as_a_team_member(self, v3):
        for role in (Role.MUNICIPALITY, Role.PARTNER):
            for code, text in asked(v3, role).items():
                assert not TEAM_MEMBER_WORDS.search(text), (role, code, text)
        # What cannot be seen from outside the team is left out for them.
        for code in ("CAS-3", "CAS-5", "CAS-7", "BUD-3", "VIS-1"):
            assert code not in asked(v3, Role.MUNICIPALITY)
            assert code not in asked(v3, Role.PARTNER)
        assert "CAS-1" in asked(v3, Role.MUNICIPALITY)
        assert "CAS-1" not in asked(v3, Role.PARTNER)

    def test_the_team_lead_is_asked_everything_about_the_professionals(self, v3):
        lead = asked(v3, Role.TEAM_LEAD)
        assert set(lead) == set(asked(v3, Role.PROFESSIONAL))
        for code, text in lead.items():
            assert not re.search(r"\b(ik|mijn)\b", text, re.I), (code, text)
        assert lead["CAS-1"].startswith("Het aantal gezinnen dat professionals in ons team")

    def test_the_plain_version_is_short_simple_and_about_the_family(self, v3):
        plain = asked(v3, RESIDENT)
        assert 10 <= len(plain) <= 12
        standard = dict(v3.statements.values_list("code", "text"))
        for code, text in plain.items():
            assert text != standard[code], code  # every statement worded for families
            for sentence in re.split(r"(?<=[.:])\s+", text):
                assert len(sentence.split()) <= 15, (code, sentence)
            assert not any(word in text.casefold() for word in JARGON), (code, text)
        # One fixed professional, telling the story again, quick practical help.
        assert "één vaste hulpverlener" in plain["VAS-1"]
        assert "verhaal steeds opnieuw" in plain["VAS-5"]
        assert "snel" in plain["BUD-2"]
        assert selectors.is_plain_version(v3.pk, RESIDENT)
        assert not selectors.is_plain_version(v3.pk, Role.PROFESSIONAL)
        assert not selectors.is_plain_version(v3.pk, Role.MUNICIPALITY)

    def test_versions_1_and_2_ask_every_role_everything_in_the_standard_text(self, versions):
        for version in (1, 2):
            questionnaire = versions[version]
            standard = dict(questionnaire.statements.values_list("code", "text"))
            for role in ROLES:
                assert asked(questionnaire, role) == standard
            assert not selectors.is_plain_version(questionnaire.pk, RESIDENT)

    def test_a_worded_statement_is_the_statement_itself(self, v3):
        worded = next(s for s in selectors.role_statements(v3.pk, RESIDENT) if s.code == "VAS-1")
        original = v3.statements.get(code="VAS-1")
        assert (worded.pk, worded.condition_id, worded.reverse_keyed) == (
            original.pk,
            original.condition_id,
            original.reverse_keyed,
        )
        original.refresh_from_db()
        assert original.text.startswith("Een gezin met vragen")  # the copy changed nothing

    def test_the_steps_of_a_role_are_read_once(self, v3):
        selectors.role_steps(v3.pk, RESIDENT)
        with CaptureQueriesContext(connection) as queries:
            selectors.role_steps(v3.pk, RESIDENT)
            selectors.is_plain_version(v3.pk, RESIDENT)
        assert len(queries) == 0

    def test_a_new_version_copies_the_wordings(self, v3):
        copy = services.questionnaire_new_version(questionnaire=v3)
        assert asked(copy, RESIDENT) == asked(v3, RESIDENT)
        assert asked(copy, Role.PARTNER) == asked(v3, Role.PARTNER)
        assert not copy.is_published


class TestWordingRules:
    def test_a_wording_has_a_text_or_is_left_out(self, v3):
        from django.core.exceptions import ValidationError

        statement = services.questionnaire_new_version(questionnaire=v3).statements.get(
            code="MAN-7"
        )
        for text, left_out in (("", False), ("Toch een tekst", True)):
            wording = StatementWording(
                statement=statement, role=RESIDENT, text=text, left_out=left_out
            )
            with pytest.raises(ValidationError):
                wording.full_clean()

    def test_a_wording_of_a_version_in_use_cannot_change(self, v3):
        from django.core.exceptions import ValidationError

        make_round(questionnaire=v3)
        wording = StatementWording.objects.get(
            statement__questionnaire=v3, statement__code="VAS-1", role=RESIDENT
        )
        wording.text = "Anders"
        with pytest.raises(ValidationError):
            wording.full_clean()


class TestScoring:
    def test_a_family_is_scored_on_what_it_was_asked(self, v3):
        round_ = make_round(questionnaire=v3)
        response = submit_response(round_, role=RESIDENT, value=4)
        scores = {
            s.condition.slug: (s.answered, s.total, s.score)
            for s in ConditionScore.objects.filter(response=response).select_related("condition")
        }
        plain = selectors.role_steps(v3.pk, RESIDENT)
        for condition, statements in plain:
            answered, total, score = scores[condition.slug]
            assert (answered, total) == (len(statements), len(statements))
            # 4 everywhere: 75, reverse-keyed ones 25; the mean of what was asked.
            expected = sum(25 if s.reverse_keyed else 75 for s in statements) / len(statements)
            assert score == pytest.approx(expected)
        assert response.answers.count() == sum(len(s) for _c, s in plain)

    def test_a_statement_left_out_for_the_role_cannot_be_saved(self, v3):
        round_ = make_round(questionnaire=v3)
        response, _token = services.response_start(round_=round_, role=RESIDENT)
        left_out = v3.statements.get(code="MAN-2")  # not asked of families
        with pytest.raises(services.ServiceError, match="niet gevraagd"):
            services.response_save_step(
                response=response, statements=[left_out], values={left_out.pk: 3}
            )
        assert not response.answers.exists()

    def test_a_submit_needs_only_what_the_role_was_asked(self, v3):
        round_ = make_round(questionnaire=v3)
        response, _token = services.response_start(round_=round_, role=RESIDENT)
        steps = selectors.role_steps(v3.pk, RESIDENT)
        for _condition, statements in steps[:-1]:
            services.response_save_step(
                response=response, statements=statements, values={s.pk: 3 for s in statements}
            )
        with pytest.raises(services.ServiceError, match="Nog niet alle stellingen"):
            services.response_submit(response=response)
        _condition, statements = steps[-1]
        services.response_save_step(
            response=response, statements=statements, values={s.pk: 3 for s in statements}
        )
        assert not services.response_submit(response=response).already_submitted


def plain_row(value: int = 4) -> dict:
    return {
        "VAS-1": value,
        "VAS-5": value,
        "VAS-4": value,
        "MAN-5": value,
        "MAN-8": value,
        "CAS-1": value,
        "CAS-2": value,
        "BUD-2": value,
        "BUD-5": value,
        "VIS-7": value,
        "VIS-8": value,
    }


def full_row(questionnaire, value: int = 4) -> dict:
    return dict.fromkeys(questionnaire.statements.values_list("code", flat=True), value)


class TestImport:
    def csv(self, v3, rows: list[tuple[str, dict]]) -> bytes:
        codes = import_columns(make_round(questionnaire=v3)).codes
        lines = [";".join(["rol", *codes])]
        for role, values in rows:
            lines.append(";".join([role, *(str(values.get(code, "")) for code in codes)]))
        return "\n".join(lines).encode()

    def test_a_family_row_leaves_the_statements_it_was_not_asked_empty(self, v3):
        round_ = make_round(questionnaire=v3)
        columns = import_columns(round_)
        assert columns.left_out[RESIDENT] == frozenset(columns.codes) - set(plain_row())
        assert Role.PROFESSIONAL not in columns.left_out
        data = self.csv(
            v3,
            [
                ("Inwoner of ouder", plain_row()),
                ("ouder", plain_row(2)),
                ("professional", full_row(v3)),
            ],
        )
        parsed = parse_responses_csv(data, columns.codes, columns.not_applicable, columns.left_out)
        assert parsed.errors == []
        assert [row.role for row in parsed.rows] == [RESIDENT, RESIDENT, "professional"]
        assert set(parsed.rows[0].values) == set(plain_row())
        assert services.responses_import(round_=round_, rows=parsed.rows) == 3
        family = round_.responses.filter(role=RESIDENT).first()
        assert family.answers.count() == len(plain_row())
        assert family.scores.count() == 5

    def test_an_answer_to_a_statement_the_role_was_not_asked_is_refused(self, v3):
        round_ = make_round(questionnaire=v3)
        columns = import_columns(round_)
        data = self.csv(v3, [("inwoner", {**plain_row(), "MAN-2": 3, "CAS-3": "?"})])
        parsed = parse_responses_csv(data, columns.codes, columns.not_applicable, columns.left_out)
        assert parsed.rows == []
        assert parsed.errors == [
            "Rij 2: MAN-2, CAS-3 worden niet gevraagd aan de rol 'Inwoner of ouder': laat die "
            "cellen leeg."
        ]

    def test_the_service_refuses_a_row_with_other_statements_than_its_role(self, v3):
        round_ = make_round(questionnaire=v3)
        with pytest.raises(services.ServiceError, match="voor die rol"):
            services.responses_import(
                round_=round_,
                rows=[services.ImportRow(role=RESIDENT, values=full_row(v3))],
            )
        assert not round_.responses.exists()

    def test_the_import_page_lists_what_each_role_is_not_asked(self, client, v3):
        user = UserFactory()
        round_ = make_round(questionnaire=v3, team=TeamFactory(coordinators=[user]))
        client.force_login(user)
        html = client.get(reverse("evaluation:import", args=[round_.pk])).content.decode()
        assert "Inwoner of ouder" in html
        assert "laat die cellen leeg" in html


def rows(questionnaire, professionals: int, families: int) -> list:
    return [("professional", full_row(questionnaire, 4))] * professionals + [
        (RESIDENT, plain_row(2))
    ] * families


class TestDisclosure:
    @pytest.mark.parametrize(
        ("groups", "shown"),
        [
            ([5], True),
            ([5, 3], True),
            ([5, 2], False),
            ([5, 1], False),
            ([5, 0], True),  # nobody of the other group: one group
            ([3, 3, 3], True),
            ([3, 3, 1], False),
            ([], True),
        ],
    )
    def test_answers_per_statement_need_every_group_large_enough(self, groups, shown):
        assert (
            Policy(
                minimum=3, national_minimum=10, range_minimum=5, comment_minimum=5
            ).statements_shown([Count(n, n) for n in groups])
            is shown
        )

    def test_families_are_compared_when_their_group_is_large_enough(self, v3):
        round_ = make_round(questionnaire=v3)
        import_responses(round_, rows(v3, 4, 3))
        results = round_results(round_, audience=Audience.TEAM)
        assert results.roles_shown == ["Professional", "Inwoner of ouder"]
        for condition in results.conditions:
            by_role = {p.label: (p.n, p.mean) for p in condition.roles}
            assert by_role["Inwoner of ouder"][0] == 3
            assert by_role["Professional"][0] == 4
            assert condition.distribution, condition.condition.slug
            assert not condition.statements_withheld
        vas = next(c for c in results.conditions if c.condition.slug == "een-vaste-professional")
        by_code = {d.code: d.total for d in vas.distribution}
        assert by_code["VAS-1"] == 7  # asked of both
        assert by_code["VAS-2"] == 4  # professionals only

    def test_a_small_group_of_families_is_hidden_and_cannot_be_worked_out(self, v3):
        round_ = make_round(questionnaire=v3)
        import_responses(round_, rows(v3, 5, 1))
        results = round_results(round_, audience=Audience.TEAM)
        assert results.reportable
        assert results.roles_shown == []
        for condition in results.conditions:
            assert condition.mean is not None
            assert condition.roles == []
            # With the answers per statement and the mean, the one family's score would follow:
            # its statements weigh differently. So they are held back, and said so.
            assert condition.distribution == []
            assert condition.statements_withheld

    def test_the_results_page_says_why_the_statements_are_missing(self, client, v3):
        user = UserFactory()
        round_ = make_round(questionnaire=v3, team=TeamFactory(coordinators=[user]))
        import_responses(round_, rows(v3, 5, 1))
        client.force_login(user)
        html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
        assert "niet elke rol kreeg dezelfde stellingen" in html
        assert "Antwoorden per stelling" not in html
        assert "Inwoner of ouder" not in html

    def test_the_gemeente_sees_no_statements_of_such_a_round(self, v3):
        team = TeamFactory()
        round_ = make_round(questionnaire=v3, team=team)
        import_responses(round_, rows(v3, 5, 1))
        condition = v3.statements.get(code="VAS-1").condition
        drilldown = statement_drilldown(team.gemeente, condition)
        assert [column.withheld for column in drilldown.columns] == [True]
        other = TeamFactory(gemeente=team.gemeente)
        import_responses(make_round(questionnaire=v3, team=other), rows(v3, 5, 3))
        drilldown = statement_drilldown(team.gemeente, condition)
        shown = {column.team.pk: column.withheld for column in drilldown.columns}
        assert shown == {team.pk: True, other.pk: False}


class TestScanPages:
    def start(self, client, round_, role):
        token = round_.invitations.get().token
        client.post(reverse("evaluation:scan_start", args=[token]), {"role": role})
        return token

    def test_the_landing_page_mentions_the_plain_version_only_where_there_is_one(
        self, client, versions
    ):
        v3_round = make_round(questionnaire=versions[3])
        v2_round = make_round(questionnaire=versions[2])
        html = client.get(
            reverse("evaluation:scan_landing", args=[v3_round.invitations.get().token])
        ).content.decode()
        assert "korte vragenlijst in eenvoudige taal: 11 zinnen" in html
        assert "27 stellingen" in html
        html = client.get(
            reverse("evaluation:scan_landing", args=[v2_round.invitations.get().token])
        ).content.decode()
        assert "eenvoudige taal" not in html

    def test_a_family_gets_plain_steps(self, client, v3):
        round_ = make_round(questionnaire=v3)
        token = self.start(client, round_, RESIDENT)
        html = client.get(reverse("evaluation:scan_step", args=[token, 1])).content.decode()
        assert "<h1>Eén vaste hulpverlener</h1>" in html
        assert "Ons gezin heeft één vaste hulpverlener." in html
        assert "Wil je nog iets vertellen?" in html
        assert html.count('class="scale-legend"') == 3
        assert "Mandaat" not in html  # the step list uses the plain names too
        assert "Snel de goede hulp" in html

    def test_a_municipality_gets_the_standard_steps_in_its_wording(self, client, v3):
        round_ = make_round(questionnaire=v3)
        token = self.start(client, round_, Role.MUNICIPALITY)
        html = client.get(reverse("evaluation:scan_step", args=[token, 3])).content.decode()
        assert "<h1>Caseload</h1>" in html
        assert "professionals in het team begeleiden" in html
        assert html.count('class="scale-legend"') == 3  # CAS-1, CAS-6, CAS-2

    def test_a_family_in_a_version_without_a_plain_version_gets_the_standard_scan(
        self, client, versions
    ):
        round_ = make_round(questionnaire=versions[2])
        token = self.start(client, round_, RESIDENT)
        html = client.get(reverse("evaluation:scan_step", args=[token, 1])).content.decode()
        assert "<h1>Eén vaste professional</h1>" in html
        assert html.count('class="scale-legend"') == 5

    def test_the_review_page_uses_the_plain_names(self, client, v3):
        round_ = make_round(questionnaire=v3)
        token = self.start(client, round_, RESIDENT)
        html = client.get(reverse("evaluation:scan_review", args=[token])).content.decode()
        assert "1. Eén vaste hulpverlener" in html
        assert "Tijd voor jullie" in html


def test_a_new_round_defaults_to_version_3(versions):
    from evaluation.rounds.forms import RoundForm

    assert RoundForm().initial["questionnaire"] == versions[3].pk


def test_demo_round_of_families(knowledge_base):
    call_command("load_demo", verbosity=0)
    from evaluation.models import Round

    round_ = Round.objects.get(team__slug="sociaal-team-west", title="Najaar 2026")
    assert round_.questionnaire.version == 3
    results = round_results(round_, audience=Audience.TEAM)
    assert round_.is_finished()
    assert results.roles_shown == ["Professional", "Inwoner of ouder"]
    assert all(c.distribution for c in results.conditions)


# Where docs/selfscan.md grounds the plain-Dutch version (a few words of each passage, kept
# here and never in the product).
PLAIN_GROUNDS = [
    (
        "kennissynthese-2023",
        "3.5 Ervaringsdeskundigheid en de inbreng van de doelgroep",
        37,
        "Niemand is een grotere expert",
    ),
    (
        "kennissynthese-2023",
        "3.5 Ervaringsdeskundigheid en de inbreng van de doelgroep",
        39,
        "perspectief van de ouders als van de professionals gelijkwaardig",
    ),
    (
        "kennissynthese-2023",
        "3.5 Ervaringsdeskundigheid en de inbreng van de doelgroep",
        39,
        "niet om in gesprek te komen met cliënten",
    ),
    (
        "kennissynthese-2023",
        "3.1 Integraal werken – Integraal samenwerken (professionals)",
        17,
        "ruimte voor het eigen verhaal",
    ),
    (
        "kennissynthese-2023",
        "3.1 Integraal werken – Wat werkt bij integraal werken?",
        14,
        "biedt waar nodig praktische hulp",
    ),
    (
        "jaarverslag-iww-2020",
        "Zelfevaluatietool (ZET)",
        None,
        "de inwoner is het vertrekpunt van de evaluatie",
    ),
]


@pytest.mark.usefixtures("sources_dir")
@pytest.mark.parametrize(("source", "section", "page", "phrase"), PLAIN_GROUNDS)
def test_the_plain_version_is_grounded_where_the_docs_say(source, section, page, phrase):
    assert citation_problem(source, section, page, phrase) is None


class TestAdmin:
    def test_the_statement_page_shows_its_wordings_read_only_once_in_use(self, admin_client, v3):
        make_round(questionnaire=v3)
        statement = v3.statements.get(code="MAN-2")
        html = admin_client.get(
            reverse("admin:evaluation_statement_change", args=[statement.pk])
        ).content.decode()
        assert "Formuleringen per rol" in html
        assert "Als partner volgen wij het advies van het team" in html
        assert 'name="wordings-0-text"' not in html  # read only

    def test_the_wordings_of_a_new_version_can_be_edited(self, admin_client, v3):
        statement = services.questionnaire_new_version(questionnaire=v3).statements.get(
            code="MAN-2"
        )
        html = admin_client.get(
            reverse("admin:evaluation_statement_change", args=[statement.pk])
        ).content.decode()
        assert 'name="wordings-0-text"' in html

    def test_the_list_of_wordings_filters_by_role(self, admin_client, v3):
        html = admin_client.get(
            reverse("admin:evaluation_statementwording_changelist"),
            {"role__exact": RESIDENT, "left_out__exact": "0"},
        ).content.decode()
        assert "Ons gezin heeft één vaste hulpverlener" in html
        assert "Als partner volgen wij" not in html
