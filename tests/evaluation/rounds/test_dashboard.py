"""Mijn teams: the same order for every team, Dutch dates, and no dead end without teams."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import GemeenteFactory, TeamFactory, UserFactory, make_round

pytestmark = pytest.mark.django_db


def test_every_team_lists_its_rounds_newest_first(client):
    coordinator = UserFactory()
    first = TeamFactory(name="Team Een", coordinators=[coordinator])
    second = TeamFactory(name="Team Twee", coordinators=[coordinator])
    # Created in opposite orders, so the primary key cannot stand in for the date.
    make_round(team=first, title="Oud", opens_on=date(2025, 10, 30), closes_on=date(2025, 11, 20))
    make_round(team=first, title="Nieuw", opens_on=date(2026, 4, 28), closes_on=date(2026, 5, 19))
    make_round(team=second, title="Nieuw", opens_on=date(2026, 5, 8), closes_on=date(2026, 5, 29))
    make_round(team=second, title="Oud", opens_on=date(2025, 3, 1), closes_on=date(2025, 3, 20))
    client.force_login(coordinator)
    response = client.get(reverse("evaluation:dashboard"))
    for team in response.context["teams"]:
        assert [r.title for r in team.rounds.all()] == ["Nieuw", "Oud"]
    html = response.content.decode()
    assert "8 mei 2026 – 29 mei 2026" in html
    assert "Mei" not in html


def test_an_analyst_without_teams_gets_their_gemeente_instead_of_a_dead_end(client):
    analyst = UserFactory()
    gemeente = GemeenteFactory(name="Rijnwaarde", slug="rijnwaarde")
    gemeente.analysts.add(analyst)
    client.force_login(analyst)
    html = client.get(reverse("evaluation:dashboard")).content.decode()
    assert reverse("evaluation:gemeente", args=["rijnwaarde"]) in html
    assert "Teams vergelijken in Rijnwaarde" in html
    assert "aan geen team gekoppeld" not in html


def test_money_has_a_thousands_separator(client):
    coordinator = UserFactory()
    team = TeamFactory(coordinators=[coordinator])
    round_ = make_round(team=team)
    type(round_).objects.filter(pk=round_.pk).update(budget_available="ja", budget_per_year=15000)
    client.force_login(coordinator)
    html = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert "€ 15.000" in html
    assert "15000" not in html
