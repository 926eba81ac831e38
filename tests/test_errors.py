"""Server errors: a database that is away gets a Dutch "try again" page that keeps the answers."""

import html
import re
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from evaluation.models import Answer, Comment
from tests.factories import make_round

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
FORM = re.compile(r'<form method="post" action="([^"]+)">')


def database_away(error=OperationalError):
    """Every query fails, as while PostgreSQL restarts."""
    return mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=error("connection refused"))


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture
def round_():
    return make_round(title="Voorjaar")


def started_scan(browser, round_) -> tuple[str, str]:
    """A respondent on step 1; returns the step's address and its CSRF token."""
    token = round_.invitations.get().token
    start = reverse("evaluation:scan_start", args=[token])
    page = browser.get(start)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    browser.post(start, {"csrfmiddlewaretoken": csrf, "role": "professional"})
    return reverse("evaluation:scan_step", args=[token, 1]), csrf


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_saving_a_step_while_the_database_is_away_keeps_what_was_typed(browser, round_, error):
    step, csrf = started_scan(browser, round_)
    statements = round_.questionnaire.statements.order_by("condition__order", "order")[:2]
    typed = {f"stelling-{s.pk}": str(number) for number, s in enumerate(statements, start=4)}
    typed["comment"] = 'Mandaat "ontbreekt" <soms> & vaak'
    posted = {"csrfmiddlewaretoken": csrf, **typed, "richting": "volgende"}

    with database_away(error):
        response = browser.post(step, posted)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Probeer het zo opnieuw" in page
    assert "Opnieuw versturen" in page
    assert "<script" not in page
    # Everything typed comes back, escaped, in a form that posts to the same step.
    assert FORM.search(page)[1] == step
    assert {name: html.unescape(value) for name, value in HIDDEN.findall(page)} == posted
    assert "<soms>" not in page

    # The database is back: the button sends it again, and the step is saved.
    resent = browser.post(step, dict(HIDDEN.findall(page)) | {"comment": typed["comment"]})
    assert resent.status_code == 302
    assert resent.url == reverse("evaluation:scan_step", args=[round_.invitations.get().token, 2])
    assert sorted(Answer.objects.values_list("value", flat=True)) == [4, 5]
    assert list(Comment.objects.values_list("text", flat=True)) == [typed["comment"]]


def test_a_page_load_while_the_database_is_away_gets_the_page_without_a_form(browser, round_):
    token = round_.invitations.get().token
    with database_away():
        response = browser.get(reverse("evaluation:scan_landing", args=[token]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Probeer het zo opnieuw" in page
    assert "<form" not in page


def test_only_a_respondents_post_is_echoed_not_a_password(browser):
    login = browser.get(reverse("login")).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)[1]
    with database_away():
        response = browser.post(
            reverse("login"),
            {"csrfmiddlewaretoken": csrf, "username": "a", "password": "geheim"},
        )
    assert response.status_code == 503
    assert "geheim" not in response.content.decode()


def test_other_errors_still_get_the_dutch_500_page(browser, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr("iww.urls.TemplateView.get", broken)
    response = browser.get("/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
