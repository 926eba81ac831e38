"""The printable invitation shows the whole QR code on screen, on a phone and a laptop."""

import os

import pytest
from django.core.management import call_command

from evaluation.models import Round

from .test_results_flow import log_in

SCREENSHOTS = "/tmp/meeting-screens"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_the_printable_invitation_shows_the_whole_qr_code(page, demo):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    log_in(page, "coordinator")
    round_ = Round.objects.get(team__slug="wijkteam-centrum", title="Najaar 2026")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/rondes/{round_.pk}/uitnodiging/")
        box, drawn = page.evaluate(
            """() => {
              const svg = document.querySelector('.invitation-qr svg');
              const r = svg.getBoundingClientRect();
              const p = svg.querySelector('path').getBoundingClientRect();
              return [[r.left, r.top, r.right, r.bottom], [p.left, p.top, p.right, p.bottom]];
            }"""
        )
        assert box[2] - box[0] > 150  # large enough to scan
        # The drawn code lies within the SVG's box on every side.
        assert drawn[0] >= box[0] - 1, (box, drawn)
        assert drawn[1] >= box[1] - 1, (box, drawn)
        assert drawn[2] <= box[2] + 1, (box, drawn)
        assert drawn[3] <= box[3] + 1, (box, drawn)
        page.screenshot(path=f"{SCREENSHOTS}/invitation-qr-{width}.png", full_page=True)
