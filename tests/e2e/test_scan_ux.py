"""The scan on a phone (390 px) and a laptop (1280 px): the answer scale in order, no sideways
scrolling, errors that are seen and reached, the comment counter, the short page of a closed
round, and a shared computer that serves the next colleague (issue 17)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import Questionnaire, Response
from tests.factories import make_round

SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "var/screens"))
WIDTHS = {"telefoon": 390, "laptop": 1280}


@pytest.fixture
def link(transactional_db, live_server) -> str:
    call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
    round_ = make_round(questionnaire=Questionnaire.objects.get(key="standaard", version=1))
    return round_.invitations.get().token


def shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def assert_no_sideways_scroll(page) -> None:
    scroll, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll <= viewport, f"page is {scroll} px wide in a {viewport} px viewport"


def begin(page, token: str) -> None:
    page.goto(f"/scan/{token}/")
    page.get_by_role("link", name="Begin de scan").click()
    page.get_by_label("Professional").check()
    page.get_by_role("button", name="Naar de eerste stap").click()
    page.get_by_role("link", name="Naar de eerste stap").click()
    expect(page.get_by_text("Stap 1 van 5")).to_be_visible()


def option_boxes(fieldset) -> list[dict]:
    return [option.bounding_box() for option in fieldset.locator(".scale-option").all()]


@pytest.mark.parametrize("device", WIDTHS)
def test_the_scale_stands_in_one_column_or_one_row_in_order(page, link, assert_accessible, device):
    width = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": 900})
    begin(page, link)
    fieldsets = page.locator("fieldset.scale")
    expect(fieldsets).to_have_count(5)
    for fieldset in fieldsets.all():
        labels = fieldset.locator(".scale-label").all_inner_texts()
        assert labels[:5] == ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
        boxes = option_boxes(fieldset)
        if width < 768:
            # One column, top to bottom in scale order, every option a 44 px touch target.
            assert len({round(box["x"]) for box in boxes}) == 1
            assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)
            assert all(box["height"] >= 44 for box in boxes)
            assert all(box["width"] >= 300 for box in boxes)
        else:
            # One row, left to right in scale order.
            assert len({round(box["y"]) for box in boxes}) == 1
            assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
            assert all(box["height"] >= 44 for box in boxes)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    shoot(page, f"stap-{device}")

    # The whole box is the target: a click on the label text chooses the option.
    first = fieldsets.first
    first.get_by_text("Eens", exact=True).click()
    expect(first.get_by_label("Eens", exact=True)).to_be_checked()
    # Arrow keys move along the scale (a native radio group), focus is visible.
    first.get_by_label("Eens", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(first.get_by_label("Helemaal eens", exact=True)).to_be_checked()
    expect(first.get_by_label("Helemaal eens", exact=True)).to_be_focused()
    outline = (
        first.locator(".scale-option").nth(4).evaluate("el => getComputedStyle(el).outlineStyle")
    )
    assert outline == "solid"


@pytest.mark.parametrize("device", WIDTHS)
def test_errors_are_summed_up_focused_and_linked_to_the_statement(
    page, link, assert_accessible, device
):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    begin(page, link)
    page.locator("fieldset.scale").first.get_by_label("Oneens", exact=True).check()
    page.get_by_role("button", name="Volgende").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fout: Stap 1 van 5"))
    links = summary.get_by_role("link")
    expect(links).to_have_count(4)  # the four statements left open
    second = page.locator("fieldset.scale").nth(1)
    legend = second.locator("legend").inner_text()
    expect(links.first).to_contain_text(legend)
    # The message stands beside the statement itself; the answer given is kept.
    expect(second.locator(".field-error")).to_have_text(
        "Fout: Kies een antwoord of 'weet ik niet'."
    )
    expect(page.locator("fieldset.scale").first.get_by_label("Oneens", exact=True)).to_be_checked()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    shoot(page, f"fout-{device}")

    links.first.click()
    expect(second.locator("input").first).to_be_focused()
    expect(second.locator("legend")).to_be_in_viewport()


def test_the_comment_counts_down_and_an_over_long_comment_gets_its_own_message(
    page, link, assert_accessible
):
    page.set_viewport_size({"width": 390, "height": 900})
    begin(page, link)
    box = page.get_by_label("Wil je iets toelichten? (niet verplicht)")
    # No maxlength: a pasted text is never cut off without a word.
    assert box.get_attribute("maxlength") is None
    box.fill("Te weinig tijd.")
    expect(page.locator("#id_comment_teller")).to_have_text("Je hebt nog 1.985 tekens over.")
    box.fill("x" * 2005)
    expect(page.locator("#id_comment_teller")).to_have_text("Je hebt 5 tekens te veel.")
    for fieldset in page.locator("fieldset.scale").all():
        fieldset.get_by_label("Neutraal", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Je toelichting is 2.005 tekens lang")
    assert "Nog niet alles is ingevuld" not in page.content()
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(box).to_be_focused()
    shoot(page, "toelichting-te-lang-telefoon")


def test_a_shared_computer_starts_a_fresh_scan_for_the_next_colleague(page, link):
    page.set_viewport_size({"width": 390, "height": 900})
    begin(page, link)
    for _ in range(5):
        for fieldset in page.locator("fieldset.scale").all():
            fieldset.get_by_label("Eens", exact=True).check()
        page.get_by_role("button", name=re.compile("^(Volgende|Naar het overzicht)$")).click()
    page.get_by_role("button", name="Antwoorden indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bedankt, je antwoorden zijn ingediend"
    )
    shoot(page, "bedankt-telefoon")
    page.get_by_role("link", name="Nog iemand op deze computer? Begin een nieuwe scan").click()
    page.get_by_role("link", name="Begin de scan").click()
    page.get_by_label("Ketenpartner").check()
    page.get_by_role("button", name="Naar de eerste stap").click()
    expect(page.get_by_role("heading", name="Bewaar je persoonlijke link")).to_be_visible()
    page.get_by_role("link", name="Naar de eerste stap").click()
    # The new scan is empty: nothing of the colleague's answers shows.
    expect(page.locator("input.scale-input:checked")).to_have_count(0)
    # The submitted response is out of reach from here: the review shows nothing answered.
    page.goto(f"/scan/{link}/controle/")
    expect(page.get_by_text("Nog niet beantwoord").first).to_be_visible()
    roles = sorted(Response.objects.values_list("role", "status"))
    assert roles == [("ketenpartner", "gestart"), ("professional", "ingediend")]


@pytest.mark.parametrize("state", ["gesloten", "nog-niet-open"])
def test_a_round_that_is_not_open_says_so_first_on_one_short_page(
    page, link, assert_accessible, state
):
    from evaluation.models import Round

    round_ = Round.objects.get()
    if state == "gesloten":
        services.round_close(round_=round_)
        heading = "Deze scan is gesloten"
    else:
        later = timezone.localdate() + timedelta(days=7)
        Round.objects.filter(pk=round_.pk).update(opens_on=later, closes_on=later)
        heading = "Deze scan is nog niet open"
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/scan/{link}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_text("Wat je invult")).to_have_count(0)
    expect(page.get_by_role("link", name="Begin de scan")).to_have_count(0)
    assert_accessible(page)
    shoot(page, f"{state}-telefoon")
