"""A coordinator runs the teamgesprek for the demo team: last round's actions first, agreed
views, two action points, then the one-page handout and the full report."""

import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import ActionPoint, AgreedView, Round

from .test_results_flow import log_in

SCREENSHOTS = "/tmp/meeting-screens"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def add_action(page, description: str, owner: str) -> None:
    page.locator("details summary", has_text="Actiepunt toevoegen").click()
    page.locator("#id_actie-description").fill(description)
    page.locator("#id_actie-owner").fill(owner)
    due = timezone.localdate() + timedelta(days=60)
    page.locator("#id_actie-due_date").fill(due.isoformat())
    page.get_by_role("button", name="Actiepunt opslaan").click()
    expect(page.locator(".meeting-actions")).to_contain_text(description)


def test_a_coordinator_runs_the_teamgesprek(page, demo, assert_accessible, tmp_path):
    import os

    os.makedirs(SCREENSHOTS, exist_ok=True)
    log_in(page, "coordinator")
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    actions_before = ActionPoint.objects.filter(round=round_).count()  # the demo's own
    page.goto(f"/rondes/{round_.pk}/uitkomsten/")
    page.get_by_role("link", name="Teamgesprek starten").click()

    # Last round's open actions come first, with their status asked.
    expect(page.get_by_role("heading", level=2, name="Eerst: de open actiepunten")).to_be_visible()
    expect(page.locator(".meeting-previous")).to_contain_text("teambudget bespreken")
    expect(page.locator(".meeting-previous")).not_to_contain_text("intervisie inplannen")  # klaar
    assert_accessible(page)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SCREENSHOTS}/start-{width}.png", full_page=True)
    page.get_by_label("Status van: Voorstel voor een vrij").select_option("klaar")
    page.get_by_role("button", name="Status opslaan en beginnen").click()

    # Step 1: the weakest condition.
    expect(page.locator(".meeting-progress")).to_contain_text("Voorwaarde 1 van 5")
    first = page.locator("h1.meeting-title").inner_text()
    assert_accessible(page)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SCREENSHOTS}/step-{width}.png", full_page=True)
    add_action(page, "Budgetvoorstel naar de wethouder", "Sanne")
    page.get_by_label("Het is slechter dan gemeten").check()
    page.get_by_label("Waarom? (één zin)").fill("Er is nog steeds geen budget.")
    page.get_by_role("button", name="Vastleggen en verder").click()

    # Step 2, by keyboard: record the view and add a second action.
    expect(page.locator(".meeting-progress")).to_contain_text("Voorwaarde 2 van 5")
    add_action(page, "Vast uur intervisie", "Ahmed")
    page.get_by_label("Eens met de score").check()
    page.get_by_label("Waarom? (één zin)").press("Enter")
    expect(page.locator(".meeting-progress")).to_contain_text("Voorwaarde 3 van 5")
    page.keyboard.press("ArrowLeft")  # the arrows move between conditions
    expect(page.locator(".meeting-progress")).to_contain_text("Voorwaarde 2 van 5")

    page.goto(f"/rondes/{round_.pk}/teamgesprek/afronden/")
    expect(page.locator(".agreed-table")).to_contain_text("Het is slechter dan gemeten")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/end-1280.png", full_page=True)
    assert AgreedView.objects.filter(round=round_).count() == 2
    assert ActionPoint.objects.filter(round=round_).count() == actions_before + 2
    assert first in page.locator(".agreed-table").inner_text()

    with page.expect_download() as handout_info:
        page.get_by_role("link", name="Hand-out downloaden (1 pagina, PDF)").click()
    handout = tmp_path / "handout.pdf"
    handout_info.value.save_as(handout)
    text = pdf_text(handout)
    assert "Hier ligt de meeste aandacht" in text
    assert "Budgetvoorstel naar de wethouder" in text
    assert "Sanne" in text

    with page.expect_download() as report_info:
        page.get_by_role("link", name="Volledig rapport downloaden (PDF)").click()
    report = tmp_path / "report.pdf"
    report_info.value.save_as(report)
    assert "Vast uur intervisie" in pdf_text(report)

    # The follow-up lives on: open actions across rounds, with last round's status.
    page.goto("/acties/")
    expect(page.locator(".actions-overview")).to_contain_text("Budgetvoorstel naar de wethouder")
    expect(page.locator(".actions-overview")).to_contain_text("woningcorporatie")
    expect(page.locator(".actions-overview")).not_to_contain_text("teambudget bespreken")
    expect(page.locator("tr.overdue").first).to_be_visible()
    assert_accessible(page)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SCREENSHOTS}/actions-{width}.png", full_page=True)


def test_the_invitation_link_can_be_copied_and_printed(page, demo, assert_accessible):
    import os

    os.makedirs(SCREENSHOTS, exist_ok=True)
    log_in(page, "coordinator")
    round_ = Round.objects.get(team__slug="wijkteam-centrum", title="Najaar 2026")
    page.goto(f"/rondes/{round_.pk}/")
    expect(page.get_by_role("img", name="QR-code met de uitnodigingslink")).to_be_visible()
    copy = page.get_by_role("button", name="Kopiëren")
    expect(copy).to_be_visible()  # shown by the script
    copy.click()
    expect(page.locator("[data-copy-status]")).not_to_be_empty()
    assert_accessible(page)
    page.get_by_role("link", name="Uitnodiging met QR-code afdrukken").click()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    assert_accessible(page)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SCREENSHOTS}/invitation-{width}.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=f"{SCREENSHOTS}/invitation-print.png", full_page=True)
