"""Editing or deleting an action point returns to the page it was opened from."""

import pytest
from django.urls import reverse

from evaluation.constants import ActionStatus, Lever
from evaluation.models import ActionPoint
from tests.factories import import_responses, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(round_, conditions):
    import_responses(round_, [("professional", scores(2, 4))] * 3)
    return ActionPoint.objects.create(round=round_, condition=conditions[0], description="Eerst")


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def _edit(action, **extra) -> dict:
    return {
        "condition": action.condition_id,
        "description": "Bijgewerkt",
        "actor": Lever.TEAM,
        "status": ActionStatus.IN_PROGRESS,
        **extra,
    }


def test_open_actions_links_to_edit_with_the_way_back(as_coordinator, action):
    text = as_coordinator.get(reverse("evaluation:actions") + "?pagina=1").content.decode()
    edit = reverse("evaluation:action_edit", args=[action.round_id, action.pk])
    assert f'{edit}?terug=%2Facties%2F%3Fpagina%3D1"' in text


def test_saving_from_open_actions_returns_there(as_coordinator, action):
    url = reverse("evaluation:action_edit", args=[action.round_id, action.pk])
    page = as_coordinator.get(url + "?terug=/acties/")
    assert 'name="terug" value="/acties/"' in page.content.decode()
    assert 'href="/acties/">Annuleren' in page.content.decode()
    response = as_coordinator.post(url, _edit(action, terug="/acties/"))
    assert response.status_code == 302
    assert response["Location"] == "/acties/"
    action.refresh_from_db()
    assert action.description == "Bijgewerkt"


def test_deleting_from_the_end_of_the_teamgesprek_returns_there(as_coordinator, action):
    end = reverse("evaluation:meeting_end", args=[action.round_id])
    text = as_coordinator.get(end).content.decode()
    delete = reverse("evaluation:action_delete", args=[action.round_id, action.pk])
    assert (
        f"{delete}?terug=%2Frondes%2F{action.round_id}%2Fteamgesprek%2Fafronden%2F%23acties" in text
    )
    response = as_coordinator.post(delete, {"terug": end + "#acties"})
    assert response["Location"] == end + "#acties"
    assert not ActionPoint.objects.exists()


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_a_way_back_to_another_site_is_ignored(as_coordinator, action, back):
    url = reverse("evaluation:action_edit", args=[action.round_id, action.pk])
    response = as_coordinator.post(url, _edit(action, terug=back))
    assert response["Location"] == (
        reverse("evaluation:results", args=[action.round_id]) + "#actiepunten"
    )
