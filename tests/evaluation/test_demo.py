"""The demo that `make run` loads: complete, and safe to load twice."""

import pytest
from django.conf import settings
from django.core.management import call_command

from evaluation.disclosure import Audience
from evaluation.models import Gemeente, Response, Round, Team
from evaluation.team_results import round_results
from knowledge.models import Lesson

pytestmark = pytest.mark.django_db


def test_load_demo_is_complete_and_idempotent(capsys):
    call_command("load_demo")
    counts = (Gemeente.objects.count(), Team.objects.count(), Round.objects.count())
    responses = Response.objects.count()
    lessons = Lesson.objects.count()
    assert "demo-wachtwoord" in capsys.readouterr().out
    call_command("load_demo")
    assert (Gemeente.objects.count(), Team.objects.count(), Round.objects.count()) == counts
    assert Response.objects.count() == responses
    assert Lesson.objects.count() == lessons
    assert counts[0] >= 2


def test_demo_has_a_finished_an_open_and_a_too_small_round():
    call_command("load_demo", verbosity=0)
    rounds = list(Round.objects.all())
    finished = [
        r for r in rounds if r.closed_at and round_results(r, audience=Audience.TEAM).reportable
    ]
    still_open = [r for r in rounds if r.is_open()]
    too_small = [
        r
        for r in rounds
        if 0 < round_results(r, audience=Audience.TEAM).submitted < settings.PRIVACY_MIN_RESPONSES
    ]
    assert finished
    assert still_open
    assert too_small


def test_the_demo_teams_weakest_condition_gets_lessons_tagged_with_it():
    call_command("load_demo", verbosity=0)
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    weakest = round_results(round_, audience=Audience.TEAM).conditions[0]
    assert weakest.band.slug in {"knelpunt", "aandachtspunt"}
    assert weakest.lessons
    for lesson in weakest.lessons:
        assert weakest.condition in lesson.conditions.all()
