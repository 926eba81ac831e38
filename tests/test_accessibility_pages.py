"""Accessibility in the HTML the server sends (the browser checks are in tests/e2e): the language
of every page and of Dutch content in the English interface, the error summary on coordinator
forms and the login, the scan's default button, and the toegankelijkheidsverklaring."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ConditionFactory,
    LessonFactory,
    QuestionnaireFactory,
    TeamFactory,
    UserFactory,
    make_round,
)

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([a-z-]+)"', html)
    assert found
    return found.group(1)


class TestTheCsrfFailurePage:
    def post_without_token(self, client: Client):
        return client.post(reverse("login"), {"username": "x", "password": "y"})

    def test_it_is_dutch_and_says_so(self):
        response = self.post_without_token(Client(enforce_csrf_checks=True))
        assert response.status_code == 403
        html = response.content.decode()
        assert html_lang(html) == "nl"
        assert "Dit formulier is verlopen" in html

    def test_in_english_it_is_english_and_says_so(self):
        response = self.post_without_token(english(Client(enforce_csrf_checks=True)))
        assert response.status_code == 403
        html = response.content.decode()
        assert html_lang(html) == "en"
        assert "This form has expired" in html


def test_dutch_content_is_marked_dutch_in_the_english_interface(client):
    condition = ConditionFactory(summary="Eén vaste professional voor het hele gezin.")
    lesson = LessonFactory(text="Gezinnen vertellen hun verhaal één keer.", conditions=[condition])
    html = english(client).get(lesson.get_absolute_url()).content.decode()
    assert html_lang(html) == "en"
    assert f'<h1 lang="nl">{lesson.title}</h1>' in html
    assert '<p class="lead" lang="nl">Gezinnen vertellen hun verhaal één keer.</p>' in html
    # A condition's summary has an English text beside it; without one, the Dutch is marked.
    html = client.get(condition.get_absolute_url()).content.decode()
    dutch = "Eén vaste professional voor het hele gezin."
    assert f'<p class="lead"><span lang="nl">{dutch}</span></p>' in html
    condition.summary_en = "One fixed professional for the whole family."
    condition.save()
    html = client.get(condition.get_absolute_url()).content.decode()
    assert '<p class="lead">One fixed professional for the whole family.</p>' in html


def test_every_page_links_the_accessibility_statement(client):
    html = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("accessibility")}">Toegankelijkheid</a>' in html


def test_the_accessibility_statement_says_what_is_reached_and_how_it_is_tested(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "<h1>Toegankelijkheidsverklaring</h1>" in text
    assert "WCAG) 2.1, niveau AA" in text
    assert "320, 390 en 1280 pixels" in text
    assert "alleen het toetsenbord" in text
    # Truthful: no independent audit yet, so no claim of full compliance.
    assert "Een onafhankelijk onderzoek door een deskundige partij" in text
    assert "zeggen we niet dat de zelfscan volledig aan de eisen voldoet" in text


def test_the_accessibility_statement_refuses_post(client):
    assert client.post(reverse("accessibility")).status_code == 405


class TestErrorSummaries:
    def test_a_coordinator_form_lists_its_errors_as_links_to_the_fields(self, client):
        coordinator = UserFactory()
        team = TeamFactory(coordinators=[coordinator])
        QuestionnaireFactory(conditions=[ConditionFactory()])
        client.force_login(coordinator)
        url = reverse("evaluation:round_create", args=[team.pk])
        html = client.post(url, {"title": ""}).content.decode()
        assert "<title>Fout: Nieuwe ronde – " + team.name in html
        summary = html[
            html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
        ]
        assert 'href="#id_title"' in summary
        assert (
            'tabindex="-1"'
            in html[html.index('class="error-summary"') - 5 : html.index("data-error-summary")]
        )

    def test_a_failed_login_has_a_summary_that_takes_the_focus(self, client):
        html = client.post(reverse("login"), {"username": "x", "password": "y"}).content.decode()
        assert "data-error-summary" in html
        assert "Nog niet alles is goed ingevuld" in html
        assert "js/error-summary.js" in html


def test_enter_on_a_scan_step_presses_volgende():
    """The first submit button of a step's form is the default one: it must go forward."""
    team = TeamFactory()
    round_ = make_round(
        team=team,
        questionnaire=QuestionnaireFactory(
            conditions=[
                ConditionFactory(code="MAN", order=1),
                ConditionFactory(code="BUD", order=2),
            ]
        ),
    )
    client = Client()
    token = round_.invitations.get().token
    client.post(reverse("evaluation:scan_start", args=[token]), {"role": "professional"})
    html = client.get(reverse("evaluation:scan_step", args=[token, 2])).content.decode()
    form = html[html.index('<form method="post"') :]
    first = re.search(r"<button[^>]*type=\"submit\"[^>]*>", form)
    assert first
    assert 'value="volgende"' in first.group(0)
    assert 'value="vorige"' in form  # and "Vorige" is still there, after it


class TestTheNoteThatLessonsAreDutch:
    def test_english_readers_are_told_once_and_dutch_readers_not_at_all(self, client):
        LessonFactory()
        note = "The lessons and the knowledge base are in Dutch"
        assert note not in client.get(reverse("knowledge:overview")).content.decode()
        html = english(client).get(reverse("knowledge:overview")).content.decode()
        assert html.count(note) == 1


class TestTheAdminIsDutch:
    """The admin manages Dutch content, so it stays Dutch whatever language was chosen; the
    English fields say lang="en"."""

    def test_it_says_nl_in_the_english_interface(self, admin_client):
        response = english(admin_client).get(reverse("admin:index"))
        assert html_lang(response.content.decode()) == "nl"
        assert response["Content-Language"] == "nl"

    def test_the_english_fields_are_marked_english(self, admin_client):
        condition = ConditionFactory()
        html = (
            english(admin_client)
            .get(reverse("admin:knowledge_condition_change", args=[condition.pk]))
            .content.decode()
        )
        assert re.search(
            r'<input[^>]*name="name_en"[^>]*lang="en"|<input[^>]*lang="en"[^>]*name="name_en"', html
        )
        assert not re.search(r'<input[^>]*name="name"[^>]*lang=', html)

    def test_the_rest_of_the_site_keeps_the_choice(self, client):
        assert (
            html_lang(english(client).get(reverse("knowledge:overview")).content.decode()) == "en"
        )

    def test_a_refused_admin_page_is_the_sites_own_dutch_page(self, admin_client):
        # No one adds a bulk report job by hand: the admin refuses with the 403 page.
        response = english(admin_client).get(reverse("admin:evaluation_bulkreportjob_add"))
        assert response.status_code == 403
        html = response.content.decode()
        assert html_lang(html) == "nl"
        assert "Dit mag je niet doen of zien" in html
