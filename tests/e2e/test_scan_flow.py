"""Issue flow in a real browser: a coordinator opens a round, three respondents fill it in (one
with the keyboard only), the coordinator sees three submitted. axe checks every step."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import Answer, Questionnaire, Response, Round
from tests.factories import TeamFactory, UserFactory

PASSWORD = "geheim-wachtwoord"


@pytest.fixture
def setup(transactional_db):
    call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
    coordinator = UserFactory(username="sanne")
    team = TeamFactory(name="Wijkteam Noord", coordinators=[coordinator])
    return team


def log_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def fill_scan_with_mouse(page, link: str, role: str, assert_accessible=None) -> None:
    page.goto(link)
    if assert_accessible:
        assert_accessible(page)
    page.get_by_role("link", name="Begin de scan").click()
    if assert_accessible:
        assert_accessible(page)
    page.get_by_label(role).check()
    page.get_by_role("button", name="Naar de eerste stap").click()
    if assert_accessible:
        assert_accessible(page)
    page.get_by_role("link", name="Naar de eerste stap").click()
    for _ in range(5):
        if assert_accessible:
            assert_accessible(page)
        for group in page.locator("fieldset").all():
            group.get_by_label("Eens", exact=True).check()
        page.get_by_role("button", name=re.compile("Volgende|Naar het overzicht")).click()
    if assert_accessible:
        assert_accessible(page)
    page.get_by_role("button", name="Antwoorden indienen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bedankt")
    if assert_accessible:
        assert_accessible(page)


def fill_scan_with_keyboard(page, link: str) -> None:
    """Only Tab, arrows, Space and Enter: no clicks."""
    page.goto(link)
    focus_and_press(page, "Begin de scan", "Enter")
    # Role: tab to the first radio, choose it with Space, then on to the button.
    tab_until(page, lambda el: el["type"] == "radio")
    page.keyboard.press("Space")
    focus_and_press(page, "Naar de eerste stap", "Enter")
    focus_and_press(page, "Naar de eerste stap", "Enter")
    for _ in range(5):
        questions = page.locator("fieldset").count()
        for _q in range(questions):
            # Tab into the next radio group (lands on its first option), arrow to "Eens".
            tab_until(page, lambda el: el["type"] == "radio" and el["value"] == "1")
            for _k in range(3):
                page.keyboard.press("ArrowRight")
        focus_and_press(page, re.compile("^(Volgende|Naar het overzicht)$"), "Enter")
    focus_and_press(page, "Antwoorden indienen", "Enter")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bedankt")


def active(page) -> dict:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, type: el.type || '', value: el.value || '',"
        " text: (el.innerText || el.value || '').trim()}; }"
    )


def tab_until(page, predicate, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = active(page)
        if predicate(element):
            return element
    raise AssertionError("keyboard focus never reached the expected element")


def focus_and_press(page, name, key: str) -> None:
    def matches(el: dict) -> bool:
        if el["tag"] not in {"A", "BUTTON"}:
            return False
        return bool(name.search(el["text"])) if hasattr(name, "search") else el["text"] == name

    tab_until(page, matches)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_coordinator_round_three_respondents_and_the_count(
    browser, live_server, setup, assert_accessible
):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    log_in(page, "sanne")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe ronde").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Najaar 2026")
    page.get_by_role("button", name="Ronde aanmaken").click()
    expect(page.get_by_text("De ronde is aangemaakt")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("textbox", name="Link").input_value()
    assert "/scan/" in link

    for index, role in enumerate(["Professional", "Ketenpartner"]):
        respondent = browser.new_context(base_url=live_server.url, locale="nl-NL")
        fill_scan_with_mouse(
            respondent.new_page(), link, role, assert_accessible if index == 0 else None
        )
        respondent.close()

    keyboard_user = browser.new_context(base_url=live_server.url, locale="nl-NL")
    fill_scan_with_keyboard(keyboard_user.new_page(), link)
    keyboard_user.close()

    page.reload()
    submitted = page.locator('[data-count="submitted"]').inner_text()
    assert submitted == "3"
    round_ = Round.objects.get(title="Najaar 2026")
    assert Response.objects.filter(round=round_, status="ingediend").count() == 3
    roles = sorted(Response.objects.values_list("role", flat=True))
    assert roles == ["ketenpartner", "professional", "professional"]
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_v2_follow_up_offers_not_applicable(setup, page, assert_accessible, width, tmp_path):
    """Version 2: a team without a vaste professional answers its follow-ups 'n.v.t.'."""
    today = timezone.localdate()
    round_ = services.round_create(
        team=setup,
        questionnaire=Questionnaire.objects.get(key="standaard", version=2),
        title="Najaar 2026",
        opens_on=today,
        closes_on=today + timedelta(days=7),
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/scan/{round_.invitations.get().token}/")
    page.get_by_role("link", name="Begin de scan").click()
    page.get_by_label("Professional", exact=True).check()
    page.get_by_role("button", name="Naar de eerste stap").click()
    page.get_by_role("link", name="Naar de eerste stap").click()
    groups = page.locator("fieldset").all()
    assert len(groups) == 5
    for group in groups:
        group.get_by_label("Eens", exact=True).check()
    follow_up = page.locator("fieldset").filter(has_text="houdt het overzicht")
    follow_up.get_by_label("Niet van toepassing").check()
    expect(page.get_by_label("Niet van toepassing")).to_have_count(2)  # VAS-2 and VAS-4
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"step-nvt-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("vaste professional"))
    assert Answer.objects.filter(not_applicable=True, statement__code="VAS-2").count() == 1
