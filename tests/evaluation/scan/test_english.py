"""The scan in English (issue: English statements): every statement, role wording, step title
and step introduction is read in English when English is chosen, from the English text stored
beside the Dutch one (iww/translated.py); a text without an English version is shown in Dutch,
marked lang="nl"."""

import html as html_lib
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from evaluation import selectors, services
from evaluation.constants import Role
from evaluation.models import Questionnaire, Statement, StatementWording
from knowledge.models import Condition
from tests.evaluation.results.test_flat_profiles import flat_round
from tests.evaluation.scan.helpers import url
from tests.factories import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def v3(knowledge_base):
    call_command("loaddata", "questionnaire", verbosity=0)
    return Questionnaire.objects.get(key="standaard", version=3)


@pytest.fixture
def round_(v3):
    return make_round(questionnaire=v3)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def start(client, round_, role) -> str:
    token = round_.invitations.get().token
    response = client.post(url("scan_start", token), {"role": role})
    assert response.status_code == 200  # the page with the personal link
    assert client.session.get("_auth_user_id") is None
    return token


def first_step(round_, role):
    condition, statements = selectors.role_steps(round_.questionnaire_id, role)[0]
    return condition, statements


class TestTheFixture:
    def test_every_statement_wording_and_condition_has_an_english_text(self, v3):
        for statement in Statement.objects.all():
            assert statement.text_en, statement.code
            assert bool(statement.explanation_en) == bool(statement.explanation), statement.code
        for wording in StatementWording.objects.select_related("statement"):
            # A role that is not asked a statement has no text in either language.
            assert bool(wording.text_en) == bool(wording.text), wording
            assert bool(wording.explanation_en) == bool(wording.explanation), wording
        for condition in Condition.objects.all():
            assert condition.name_en
            assert condition.summary_en
            assert bool(condition.plain_name_en) == bool(condition.plain_name)
            assert bool(condition.plain_summary_en) == bool(condition.plain_summary)

    def test_a_reverse_keyed_statement_stays_a_problem_in_english(self, v3):
        statement = v3.statements.get(code="VAS-5")
        assert statement.reverse_keyed
        assert "again" in statement.text_en


class TestTheEnglishScan:
    def test_a_professional_reads_english_statements_and_step_names(self, client, round_):
        token = start(in_english(client), round_, Role.PROFESSIONAL)
        condition, statements = first_step(round_, Role.PROFESSIONAL)
        html = page(client, url("scan_step", token, 1))
        assert re.search(r'<html lang="en"', html)
        assert f"<h1>{condition.name_en}</h1>" in html
        assert condition.summary_en in html
        for statement in statements:
            assert statement.text_en in html
            assert statement.text not in html
            if statement.explanation_en:
                assert statement.explanation_en in html
        # Nothing on the step is Dutch any more, so nothing is marked so.
        assert 'lang="nl"' not in html.split("<main", 1)[1].split("</main>", 1)[0]

    def test_a_parent_reads_the_plain_english_wording(self, client, round_):
        token = start(in_english(client), round_, Role.RESIDENT)
        condition, statements = first_step(round_, Role.RESIDENT)
        html = page(client, url("scan_step", token, 1))
        assert condition.plain_name_en in html
        assert condition.plain_summary_en in html
        wordings = StatementWording.objects.filter(
            role=Role.RESIDENT, statement__in=[s.pk for s in statements]
        )
        assert wordings
        for wording in wordings:
            assert wording.text_en in html
            assert wording.statement.text_en not in html  # the professionals' version

    def test_the_review_lists_the_english_statements(self, client, round_):
        token = start(in_english(client), round_, Role.PROFESSIONAL)
        steps = selectors.role_steps(round_.questionnaire_id, Role.PROFESSIONAL)
        for number, (_condition, statements) in enumerate(steps, start=1):
            client.post(
                url("scan_step", token, number),
                {f"stelling-{s.pk}": "4" for s in statements},
            )
        html = page(client, url("scan_review", token))
        for _condition, statements in steps:
            for statement in statements:
                assert statement.text_en in html

    def test_in_dutch_the_scan_stays_dutch(self, client, round_):
        token = start(client, round_, Role.PROFESSIONAL)
        condition, statements = first_step(round_, Role.PROFESSIONAL)
        html = page(client, url("scan_step", token, 1))
        assert f"<h1>{condition.name}</h1>" in html
        for statement in statements:
            assert statement.text in html
            assert statement.text_en not in html

    def test_a_statement_without_english_is_shown_in_dutch_marked_so(self, client, round_):
        _condition, statements = first_step(round_, Role.PROFESSIONAL)
        Statement.objects.filter(pk=statements[0].pk).update(text_en="")
        selectors.forget_steps()
        token = start(in_english(client), round_, Role.PROFESSIONAL)
        response = client.get(url("scan_step", token, 1))
        assert response.status_code == 200
        content = response.content.decode()
        dutch = html_lib.escape(statements[0].text, quote=False)
        assert f'<span lang="nl">{dutch}</span>' in content.replace("&#x27;", "'")
        assert statements[1].text_en in html_lib.unescape(content)


class TestEnglishWhereStatementsAreShownAgain:
    def test_the_results_quote_the_english_statements_and_names(self, client, v3):
        round_ = flat_round(v3, "mandaat")
        client.force_login(round_.team.coordinators.get())
        html = page(in_english(client), reverse("evaluation:results", args=[round_.pk]))
        statements = list(round_.questionnaire.statements.all())
        assert len([s for s in statements if s.text_en in html]) >= 20
        assert [s.code for s in statements if s.text in html] == []
        mandaat = Condition.objects.get(code="MAN")
        assert mandaat.name_en in html
        assert mandaat.summary_en in html
        assert mandaat.summary not in html
        # The "waarom" line of a lesson quotes the English statement it names.
        assert "You score low on ‘" in html or "You recognise: " in html


class TestTheAdmin:
    def test_the_english_texts_can_be_edited_on_a_version_not_yet_used(self, admin_client, v3):
        draft = services.questionnaire_new_version(questionnaire=v3)
        statement = draft.statements.get(code="VAS-1")
        html = admin_client.get(
            reverse("admin:evaluation_statement_change", args=[statement.pk])
        ).content.decode()
        assert 'name="text_en"' in html
        assert 'name="explanation_en"' in html
        assert 'name="wordings-0-text_en"' in html

    def test_a_version_in_use_shows_its_english_read_only_and_marked(self, admin_client, round_):
        v3 = round_.questionnaire
        statement = v3.statements.get(code="VAS-5")
        html = html_lib.unescape(
            admin_client.get(
                reverse("admin:evaluation_questionnaire_change", args=[v3.pk])
            ).content.decode()
        )
        assert f'<span lang="en">{statement.text_en}</span>' in html
        assert 'name="statements-0-text_en"' not in html  # read only
        html = html_lib.unescape(
            admin_client.get(
                reverse("admin:evaluation_statement_change", args=[statement.pk])
            ).content.decode()
        )
        assert f'<span lang="en">{statement.text_en}</span>' in html
        wording = statement.wordings.exclude(text_en="").first()
        assert f'<span lang="en">{wording.text_en}</span>' in html

    def test_the_english_inputs_are_marked_english(self, admin_client, v3):
        draft = services.questionnaire_new_version(questionnaire=v3)
        html = admin_client.get(
            reverse("admin:evaluation_questionnaire_change", args=[draft.pk])
        ).content.decode()
        assert re.search(
            r'<input[^>]*name="statements-0-text_en"[^>]*lang="en"', html
        ) or re.search(r'<input[^>]*lang="en"[^>]*name="statements-0-text_en"', html)

    def test_a_new_version_copies_the_english_texts(self, v3):
        draft = services.questionnaire_new_version(questionnaire=v3)
        for code in ("VAS-1", "BUD-1", "VIS-8"):
            original, copied = v3.statements.get(code=code), draft.statements.get(code=code)
            assert (copied.text_en, copied.explanation_en) == (
                original.text_en,
                original.explanation_en,
            )
        original_wordings = StatementWording.objects.filter(statement__questionnaire=v3)
        copied_wordings = StatementWording.objects.filter(statement__questionnaire=draft)
        assert sorted(original_wordings.values_list("statement__code", "role", "text_en")) == (
            sorted(copied_wordings.values_list("statement__code", "role", "text_en"))
        )
