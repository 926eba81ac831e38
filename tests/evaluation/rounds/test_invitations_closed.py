"""A finished round offers its results, not its invitation; the QR code scales whole."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluation.rounds.qr import qr_svg
from tests.factories import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def finished(team, questionnaire):
    today = timezone.localdate()
    return make_round(
        team=team,
        questionnaire=questionnaire,
        opens_on=today - timedelta(days=20),
        closes_on=today - timedelta(days=1),
    )


def test_a_finished_round_shows_no_link_qr_or_mail(as_coordinator, finished):
    text = as_coordinator.get(reverse("evaluation:round", args=[finished.pk])).content
    text = text.decode()
    assert "er kan niet meer worden ingevuld" in text
    assert "qr-code" not in text
    assert 'id="uitnodigingslink"' not in text
    assert reverse("evaluation:invite", args=[finished.pk]) not in text
    assert reverse("evaluation:invitation_print", args=[finished.pk]) not in text
    assert reverse("evaluation:results", args=[finished.pk]) in text


@pytest.mark.parametrize("name", ["evaluation:invite", "evaluation:invitation_print"])
def test_a_finished_round_refuses_invitations(as_coordinator, finished, name):
    url = reverse(name, args=[finished.pk])
    response = as_coordinator.get(url)
    assert response.status_code == 302
    assert response["Location"] == finished.get_absolute_url()
    response = as_coordinator.post(url, {"addresses": "a@example.org"})
    assert response.status_code in (302, 405)
    assert mail.outbox == []


def test_a_running_round_still_offers_its_link(as_coordinator, round_):
    text = as_coordinator.get(reverse("evaluation:round", args=[round_.pk])).content
    assert b"qr-code" in text
    assert reverse("evaluation:invite", args=[round_.pk]).encode() in text


def test_one_address_is_singular(as_coordinator, round_):
    response = as_coordinator.post(
        reverse("evaluation:invite", args=[round_.pk]), {"addresses": "a@example.org"}, follow=True
    )
    text = response.content.decode()
    assert "naar 1 adres." in text
    assert "1 adressen" not in text


def test_the_qr_code_has_a_view_box_so_css_scales_it_whole():
    svg = qr_svg("https://zelfscan.example/s/abc", label="QR", scale=8)
    size = re.search(r'width="(\d+)" height="(\d+)"', svg).groups()
    assert f'viewBox="0 0 {size[0]} {size[1]}"' in svg
