"""Query counts of the scan, the hot path of the whole app (issue 17): pinned, so they cannot
creep up. The standard questionnaire: five steps of five statements; and version 3 as a family
answers it (the plain-Dutch version: statements worded for the role, others left out).

These tests run without a surrounding test transaction (``transactional_db``), as the server
does: inside one, every atomic block would add a SAVEPOINT and a RELEASE that production never
sends (Django does not count BEGIN and COMMIT either).
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import Questionnaire, Response
from tests.factories import make_round

pytestmark = pytest.mark.django_db(transaction=True)

STEP_POST_MAX = 11
SUBMIT_MAX = 20
FLOW_MAX = 100


@pytest.fixture(autouse=True)
def _queued_background_work(settings):
    # As in production: the national refresh after a submit is queued, not run inline.
    settings.TASKS = {**settings.TASKS, "default": settings.TASKS["database"]}


@pytest.fixture
def token():
    call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
    round_ = make_round(questionnaire=Questionnaire.objects.get(key="standaard", version=1))
    return round_.invitations.get().token


@pytest.fixture
def plain_token():
    call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
    round_ = make_round(questionnaire=Questionnaire.objects.get(key="standaard", version=3))
    return round_.invitations.get().token


def url(name, token, *args):
    return reverse(f"evaluation:{name}", args=[token, *args])


def step_data(page_html: str) -> dict:
    names = sorted(set(re.findall(r'name="(stelling-\d+)"', page_html)))
    assert len(names) >= 2
    return dict.fromkeys(names, "4") | {"comment": "Meer tijd nodig"}


def flow(client, token, role: str = "professional") -> list[tuple[str, int]]:
    """The respondent's 16 requests, with the queries of each."""
    counts = []

    def run(label, method, path, data=None):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path, data or {})
        assert response.status_code in (200, 302), (label, response.status_code)
        counts.append((label, len(queries.captured_queries)))
        return response

    run("landing", "get", url("scan_landing", token))
    run("start GET", "get", url("scan_start", token))
    run("start POST", "post", url("scan_start", token), {"role": role})
    for number in range(1, 6):
        page = run(f"step {number} GET", "get", url("scan_step", token, number))
        data = step_data(page.content.decode())
        run(f"step {number} POST", "post", url("scan_step", token, number), data)
    run("review", "get", url("scan_review", token))
    run("submit", "post", url("scan_submit", token))
    thanks = run("thanks", "get", url("scan_thanks", token))
    assert "Bedankt" in thanks.content.decode()
    return counts


def test_the_whole_flow_of_sixteen_requests_stays_within_its_query_budget(client, token):
    counts = flow(client, token)
    assert len(counts) == 16
    assert Response.objects.get().is_submitted
    total = sum(n for _label, n in counts)
    assert total <= FLOW_MAX, counts
    step_posts = [n for label, n in counts if label.startswith("step") and "POST" in label]
    assert max(step_posts) <= STEP_POST_MAX, counts
    assert dict(counts)["submit"] <= SUBMIT_MAX, counts


def test_a_family_in_the_plain_version_stays_within_the_same_budget(client, plain_token):
    counts = flow(client, plain_token, role="inwoner")
    assert len(counts) == 16
    response = Response.objects.get()
    assert response.is_submitted
    assert response.answers.count() == 11
    assert sum(n for _label, n in counts) <= FLOW_MAX, counts
    step_posts = [n for label, n in counts if label.startswith("step") and "POST" in label]
    assert max(step_posts) <= STEP_POST_MAX, counts
    assert dict(counts)["submit"] <= SUBMIT_MAX, counts


def test_a_first_save_of_a_step_is_one_bulk_upsert(client, token):
    client.post(url("scan_start", token), {"role": "professional"})
    data = step_data(client.get(url("scan_step", token, 1)).content.decode())
    with CaptureQueriesContext(connection) as queries:
        client.post(url("scan_step", token, 1), data)
    assert len(queries.captured_queries) <= STEP_POST_MAX
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert len([sql for sql in inserts if "evaluation_answer" in sql]) == 1
    # Saving it again (back and forth) costs the same.
    with CaptureQueriesContext(connection) as again:
        client.post(url("scan_step", token, 1), data | {"comment": ""})
    assert len(again.captured_queries) <= STEP_POST_MAX
