"""Breadcrumbs name the team as well as the round: a coordinator of four teams has four rounds
called "Voorjaar 2026"."""

import re

import pytest
from django.urls import reverse

from tests.factories import import_responses, scores

pytestmark = pytest.mark.django_db


def crumbs(html: str) -> list[str]:
    nav = re.search(r'<ol class="breadcrumb">(.*?)</ol>', html, re.S)
    assert nav, "no breadcrumbs"
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li.*?</li>", nav[1], re.S)
    ]


@pytest.mark.parametrize(
    ("name", "args", "ended"),
    [
        ("evaluation:round", [], True),
        ("evaluation:results", [], True),
        ("evaluation:meeting_step", [1], True),
        ("evaluation:invitation_print", [], False),  # only while the round runs
    ],
)
def test_the_round_crumb_names_team_and_round(client, coordinator, round_, name, args, ended):
    if ended:
        import_responses(round_, [("professional", scores(4, 2))] * 3)
    client.force_login(coordinator)
    response = client.get(reverse(name, args=[round_.pk, *args]))
    assert response.status_code == 200
    assert "Wijkteam Noord – Voorjaar" in crumbs(response.content.decode())
