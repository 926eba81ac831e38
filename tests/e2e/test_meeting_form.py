"""The teamgesprek step as one form in a browser: nothing typed is lost in either order, a
missing choice is summarised where the eye is, leaving with unsaved input asks first, and the
step works on a phone (44 px targets, no sideways scrolling)."""

import os
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


@pytest.fixture
def noord(demo) -> Round:
    return Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")


def fill_action(page, description: str) -> None:
    details = page.locator("details:has(summary:has-text('Actiepunt toevoegen'))")
    if details.get_attribute("open") is None:
        page.locator("details summary", has_text="Actiepunt toevoegen").click()
    page.locator("#id_actie-description").fill(description)
    page.locator("#id_actie-owner").fill("Sanne")
    due = timezone.localdate() + timedelta(days=60)
    page.locator("#id_actie-due_date").fill(due.isoformat())


def test_a_view_chosen_first_survives_adding_an_action(page, noord, assert_accessible):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    log_in(page, "coordinator")
    page.goto(f"/rondes/{noord.pk}/teamgesprek/1/")
    condition = page.locator("h1.meeting-title").inner_text()
    page.get_by_label("Het is slechter dan gemeten").check()
    page.get_by_label("Waarom? (één zin)").fill("Niemand weet wie beslist.")
    fill_action(page, "Besluitruimte op papier zetten")
    page.get_by_role("button", name="Actiepunt opslaan").click()

    # Back on the same condition, the new action listed with its message beside it.
    expect(page.locator(".meeting-actions")).to_contain_text("Besluitruimte op papier zetten")
    expect(page.locator("#acties ~ .alert-success")).to_have_text("Het actiepunt is toegevoegd.")
    expect(page.get_by_label("Het is slechter dan gemeten")).to_be_checked()
    expect(page.get_by_label("Waarom? (één zin)")).to_have_value("Niemand weet wie beslist.")
    agreed = AgreedView.objects.get(round=noord, condition__name=condition)
    assert (agreed.view, agreed.note) == ("lager", "Niemand weet wie beslist.")

    # An action typed, then "Volgende voorwaarde": kept too.
    fill_action(page, "Tweede actie via Volgende")
    page.get_by_role("button", name="Volgende voorwaarde").click()
    expect(page.locator(".meeting-progress")).to_contain_text("Voorwaarde 2 van 5")
    assert ActionPoint.objects.filter(round=noord, description="Tweede actie via Volgende").exists()
    assert_accessible(page)


def test_a_missing_choice_is_summarised_and_nothing_typed_is_lost(page, noord, assert_accessible):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    log_in(page, "coordinator")
    page.goto(f"/rondes/{noord.pk}/teamgesprek/2/")
    fill_action(page, "Actie zonder beeld")
    page.get_by_role("button", name="Vastleggen en verder").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Kies wat het team van deze score vindt.")
    expect(page.locator("#id_actie-description")).to_have_value("Actie zonder beeld")
    assert_accessible(page)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SCREENSHOTS}/step-error-{width}.png", full_page=True)
    summary.get_by_role("link").click()
    expect(page.locator("#id_beeld-view_0")).to_be_focused()
    page.locator("#id_beeld-view_0").check()
    page.get_by_role("button", name="Vastleggen en verder").click()
    expect(page.locator(".meeting-progress")).to_contain_text("Voorwaarde 3 van 5")
    assert ActionPoint.objects.filter(round=noord, description="Actie zonder beeld").exists()


def test_leaving_with_unsaved_input_asks_first(page, noord):
    log_in(page, "coordinator")
    page.goto(f"/rondes/{noord.pk}/teamgesprek/1/")
    url = page.url
    asked = []

    def dismiss(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    page.get_by_label("Waarom? (één zin)").fill("Nog niet opgeslagen")
    page.get_by_role("link", name="Mijn teams").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == url
    expect(page.get_by_label("Waarom? (één zin)")).to_have_value("Nog niet opgeslagen")


def test_the_step_fits_a_phone_with_large_targets(page, noord):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "coordinator")
    page.goto(f"/rondes/{noord.pk}/teamgesprek/1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_text("Tip: met de pijltjestoetsen")).to_be_hidden()
    for name in ("Eens met de score", "Het is slechter dan gemeten"):
        box = page.locator(".form-check", has=page.get_by_label(name)).bounding_box()
        assert box["height"] >= 44, (name, box)
    for button in ("Vastleggen en verder", "Volgende voorwaarde", "Vorige"):
        assert page.get_by_role("button", name=button).bounding_box()["height"] >= 44
    page.screenshot(path=f"{SCREENSHOTS}/step-390-targets.png", full_page=True)


def test_editing_from_open_actions_returns_there(page, noord):
    log_in(page, "coordinator")
    page.goto("/acties/")
    page.get_by_role("link", name="Wijzigen").first.click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url("/acties/")
    expect(page.locator(".messages")).to_contain_text("Het actiepunt is bijgewerkt.")
