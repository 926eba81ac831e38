"""An inwoner fills in the plain-Dutch (B1) version on a phone and a laptop; the coordinator
sees the inwoner role once that group is large enough, and not before (issue 17)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.constants import Role
from evaluation.models import ConditionScore, Questionnaire, Response
from tests.factories import UserFactory, finish_round, make_round, submit_response

from .test_scan_ux import WIDTHS, assert_no_sideways_scroll, shoot

PLAIN_STEPS = [
    "Eén vaste hulpverlener",
    "Snel de goede hulp",
    "Tijd voor jullie",
    "Geld voor snelle hulp",
    "Samen aan dezelfde doelen",
]


@pytest.fixture
def round_(transactional_db, live_server):
    call_command("loaddata", "knowledge", "questionnaire", verbosity=0)
    return make_round(questionnaire=Questionnaire.objects.get(key="standaard", version=3))


@pytest.mark.parametrize("device", WIDTHS)
def test_an_inwoner_completes_the_plain_scan(page, round_, assert_accessible, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    token = round_.invitations.get().token
    page.goto(f"/scan/{token}/")
    expect(
        page.get_by_text("Dan krijg je een korte vragenlijst in eenvoudige taal")
    ).to_be_visible()
    page.get_by_role("link", name="Begin de scan").click()
    page.get_by_label("Inwoner of ouder").check()
    page.get_by_role("button", name="Naar de eerste stap").click()
    page.get_by_role("link", name="Naar de eerste stap").click()

    answered = 0
    for number, title in enumerate(PLAIN_STEPS, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text(f"Stap {number} van 5", exact=True)).to_be_visible()
        fieldsets = page.locator("fieldset.scale")
        count = fieldsets.count()
        assert 2 <= count <= 3
        if number == 1:
            expect(fieldsets.first.locator("legend")).to_have_text(
                "Ons gezin heeft één vaste hulpverlener. Met al onze vragen kunnen we bij die "
                "persoon terecht."
            )
            assert_no_sideways_scroll(page)
            assert_accessible(page)
            shoot(page, f"inwoner-stap-{device}")
        for fieldset in fieldsets.all():
            fieldset.get_by_label("Eens", exact=True).check()
            answered += 1
        page.get_by_role("button", name="Volgende" if number < 5 else "Naar het overzicht").click()

    expect(page.get_by_role("heading", name="Controleer je antwoorden")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Eén vaste hulpverlener")).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    shoot(page, f"inwoner-overzicht-{device}")
    page.get_by_role("button", name="Antwoorden indienen").click()
    expect(
        page.get_by_role("heading", name="Bedankt, je antwoorden zijn ingediend")
    ).to_be_visible()

    response = Response.objects.get(round=round_)
    assert (response.role, response.is_submitted) == (Role.RESIDENT, True)
    assert response.answers.count() == answered == 11
    assert ConditionScore.objects.filter(response=response, score__isnull=False).count() == 5


def log_in(page, user) -> None:
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize(("families", "shown"), [(3, True), (2, False)])
def test_results_show_the_inwoner_role_only_from_the_threshold(
    page, round_, assert_accessible, families, shown
):
    coordinator = UserFactory()
    coordinator.set_password("geheim-wachtwoord-123")
    coordinator.save()
    round_.team.coordinators.add(coordinator)
    for _ in range(4):
        submit_response(round_, role=Role.PROFESSIONAL, value=4)
    for _ in range(families):
        submit_response(round_, role=Role.RESIDENT, value=2)
    finish_round(round_)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, coordinator)
    page.goto(f"/rondes/{round_.pk}/uitkomsten/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tables = page.locator("table", has=page.get_by_text("Per rol", exact=True))
    if shown:
        expect(tables).to_have_count(5)
        first = tables.first
        expect(first.get_by_role("row", name="Inwoner of ouder")).to_contain_text(str(families))
        expect(first.get_by_role("row", name="Professional")).to_be_visible()
        expect(page.get_by_text("niet elke rol kreeg dezelfde stellingen")).to_have_count(0)
    else:
        expect(tables).to_have_count(0)
        expect(page.get_by_text("Inwoner of ouder")).to_have_count(0)
        # The answers per statement would give the two families away: held back, and said so.
        expect(page.get_by_text("niet elke rol kreeg dezelfde stellingen")).to_have_count(5)
    assert_accessible(page)
    shoot(page, f"uitkomsten-inwoners-{families}")


@pytest.mark.parametrize("device", WIDTHS)
def test_the_role_choice_is_large_and_its_error_is_seen(page, round_, assert_accessible, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    token = round_.invitations.get().token
    page.goto(f"/scan/{token}/start/")
    options = page.locator(".choice-options .scale-option")
    expect(options).to_have_count(5)
    boxes = [option.bounding_box() for option in options.all()]
    assert all(box["height"] >= 44 for box in boxes)
    assert len({round(box["x"]) for box in boxes}) == 1  # one column, also on a laptop
    page.get_by_role("button", name="Naar de eerste stap").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fout: Je rol"))
    expect(page.locator("fieldset .field-error")).to_have_text("Fout: Kies je rol om te beginnen.")
    summary.get_by_role("link", name="Kies je rol om te beginnen.").click()
    expect(page.get_by_label("Professional")).to_be_focused()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    shoot(page, f"rol-fout-{device}")
    # The whole box is the target.
    options.nth(4).click()
    expect(page.get_by_label("Inwoner of ouder")).to_be_checked()
