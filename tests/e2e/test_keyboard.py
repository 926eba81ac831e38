"""Keyboard only: the scan and the teamgesprek are completed with Tab, arrows, Space, Enter and
typing, never a click. Enter on an answer moves the scan forward (never back a step), and no key
in the teamgesprek throws away text that is being typed."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.demo import DEMO_PASSWORD
from evaluation.models import ActionPoint, AgreedView, Invitation, Response, Round


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def active(page) -> dict:
    return page.evaluate(
        "() => { const el = document.activeElement; return {tag: el.tagName, id: el.id,"
        " type: el.type || '', value: el.value || '', name: el.name || '',"
        " text: (el.innerText || el.value || '').trim()}; }"
    )


def tab_to(page, predicate, limit: int = 120, key: str = "Tab") -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        element = active(page)
        if predicate(element):
            return element
    raise AssertionError("the keyboard focus never reached the expected element")


def control(text: str):
    return lambda el: el["tag"] in {"A", "BUTTON", "SUMMARY"} and el["text"] == text


def log_in_by_keyboard(page, username: str) -> None:
    page.goto("/account/login/")
    tab_to(page, lambda el: el["id"] == "id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_scan_by_keyboard_where_enter_on_an_answer_moves_forward(page, demo):
    open_round = Round.objects.running().get(team__slug="wijkteam-centrum")
    token = Invitation.objects.active().get(round=open_round).token
    submitted = Response.objects.filter(round=open_round, status="ingediend").count()
    page.goto(f"/scan/{token}/")
    tab_to(page, control("Begin de scan"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda el: el["type"] == "radio")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter on the chosen role: on to the personal link
    tab_to(page, control("Naar de eerste stap"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    steps = 5
    for number in range(1, steps + 1):
        expect(page).to_have_title(re.compile(f"^Stap {number} van {steps}"))
        for _ in range(page.locator("fieldset").count()):
            # Tab into the next question (its first option), arrow three along to "Eens".
            tab_to(page, lambda el: el["type"] == "radio" and el["value"] == "1")
            for _k in range(3):
                page.keyboard.press("ArrowRight")
        assert active(page)["value"] == "4"
        # Enter on the answer itself: forward, also on steps 2-5 where "Vorige" comes first.
        with page.expect_navigation():
            page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je antwoorden")
    tab_to(page, control("Antwoorden indienen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bedankt")
    after = Response.objects.filter(round=open_round, status="ingediend").count()
    assert after == submitted + 1


def test_the_teamgesprek_by_keyboard_loses_no_typed_text(page, demo):
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    actions_before = ActionPoint.objects.filter(round=round_).count()
    log_in_by_keyboard(page, "coordinator")
    page.goto(f"/rondes/{round_.pk}/teamgesprek/")

    # Last round's open actions: give the first a new status with the arrow keys, then start.
    tab_to(page, lambda el: el["tag"] == "SELECT" and el["name"].startswith("status-"))
    page.keyboard.press("ArrowDown")
    tab_to(page, control("Status opslaan en beginnen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    progress = page.locator(".meeting-progress")
    expect(progress).to_contain_text("Voorwaarde 1 van 5")

    # An action point, typed with arrow keys pressed in between: nothing navigates away.
    tab_to(page, control("Actiepunt toevoegen"))
    page.keyboard.press("Enter")  # opens the <details>
    tab_to(page, lambda el: el["id"] == "id_actie-description")
    page.keyboard.type("Budgetvoorstel")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.type(" naar de wethouder")
    tab_to(page, lambda el: el["id"] == "id_actie-owner")
    page.keyboard.type("Sanne")
    tab_to(page, control("Actiepunt opslaan"))
    page.keyboard.press("ArrowRight")  # the hazard of the audit: on the save button
    page.keyboard.press("ArrowLeft")
    expect(progress).to_contain_text("Voorwaarde 1 van 5")
    assert page.locator("#id_actie-description").input_value() == (
        "Budgetvoorstel naar de wethouder"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".meeting-actions")).to_contain_text("Budgetvoorstel naar de wethouder")

    # The team's view: Space on the first option, a reason, Enter saves and goes on.
    tab_to(page, lambda el: el["type"] == "radio" and el["name"] == "beeld-view")
    page.keyboard.press("Space")
    tab_to(page, lambda el: el["id"] == "id_beeld-note")
    page.keyboard.type("Er is nog steeds geen budget.")
    page.keyboard.press("ArrowLeft")  # in a field the arrows move the cursor only
    expect(progress).to_contain_text("Voorwaarde 1 van 5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(progress).to_contain_text("Voorwaarde 2 van 5")

    # With the focus on the page itself, the arrows walk the conditions and reach the end.
    for number in (3, 4, 5):
        with page.expect_navigation():
            page.keyboard.press("ArrowRight")
        expect(progress).to_contain_text(f"Voorwaarde {number} van 5")
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    expect(page.locator(".agreed-table")).to_contain_text("Er is nog steeds geen budget.")
    assert ActionPoint.objects.filter(round=round_).count() == actions_before + 1
    assert AgreedView.objects.filter(round=round_).count() == 1
