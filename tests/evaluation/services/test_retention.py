"""Retention: raw answers and comments of old closed rounds go, scores and reports stay."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from evaluation import services
from evaluation.disclosure import Audience
from evaluation.models import Answer, Comment, ConditionScore, Response, RoundAggregate
from evaluation.report import report_html
from evaluation.team_results import round_results
from tests.factories import (
    ConditionFactory,
    QuestionnaireFactory,
    make_round,
    submit_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return QuestionnaireFactory(
        conditions=[ConditionFactory(slug="mandaat", name="Mandaat", code="MAN", order=2)]
    )


def closed_round(questionnaire, days_ago: int, title: str):
    round_ = make_round(questionnaire=questionnaire, title=title)
    for value in (2, 4, 5):
        submit_response(round_, value=value, comment=f"Opmerking bij {value}")
    services.response_start(round_=round_, role="professional")  # an unfinished draft
    services.round_close(round_=round_)
    round_.closed_at = timezone.now() - timedelta(days=days_ago)
    round_.save(update_fields=["closed_at"])
    return round_


def snapshot(round_) -> list:
    results = round_results(round_, audience=Audience.TEAM)
    return [
        (c.condition.slug, c.n, c.mean, c.median, c.spread, [d.counts for d in c.distribution])
        for c in results.conditions
    ]


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_raw_answers", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_raw_data_of_old_rounds_and_keeps_the_results(questionnaire):
    old = closed_round(questionnaire, days_ago=400, title="Oud")
    recent = closed_round(questionnaire, days_ago=10, title="Recent")
    still_open = make_round(questionnaire=questionnaire, title="Open")
    submit_response(still_open, value=3, comment="Nog open")
    before = snapshot(old)
    scores_before = ConditionScore.objects.filter(response__round=old).count()

    output = run("--days", "365")

    assert "1 rondes opgeschoond: 6 antwoorden, 3 opmerkingen en 1 onafgemaakte scans" in output
    assert not Answer.objects.filter(response__round=old).exists()
    assert not Comment.objects.filter(response__round=old).exists()
    assert Response.objects.filter(round=old).count() == 3  # the submitted ones
    assert ConditionScore.objects.filter(response__round=old).count() == scores_before
    assert RoundAggregate.objects.filter(round=old).exists()
    old.refresh_from_db()
    assert old.raw_purged_at is not None
    assert snapshot(old) == before  # scores, spread and answers per statement unchanged
    html = report_html(old, audience=Audience.TEAM)
    assert "de losse antwoorden en opmerkingen verwijderd" in html
    assert "Opmerking bij" not in html
    # Recent and open rounds are untouched.
    assert Answer.objects.filter(response__round=recent).count() == 6
    assert Comment.objects.filter(response__round=still_open).count() == 1


def test_running_it_again_does_nothing(questionnaire):
    closed_round(questionnaire, days_ago=400, title="Oud")
    run("--days", "365")
    assert "Niets te doen" in run("--days", "365")


def test_a_dry_run_changes_nothing(questionnaire):
    old = closed_round(questionnaire, days_ago=400, title="Oud")
    assert "Zou opschonen" in run("--days", "365", "--dry-run")
    assert Answer.objects.filter(response__round=old).count() == 6
    old.refresh_from_db()
    assert old.raw_purged_at is None


def test_an_open_round_is_refused_by_the_service(questionnaire):
    round_ = make_round(questionnaire=questionnaire)
    with pytest.raises(services.ServiceError, match="gesloten"):
        services.round_purge_raw(round_=round_)
