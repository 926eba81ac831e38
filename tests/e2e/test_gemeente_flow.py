"""The demo analyst compares the teams, filters, drills into a team and downloads all reports;
the gemeente pages fit a phone and a desktop without scrolling sideways."""

import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.demo import DEMO_PASSWORD
from evaluation.models import Statement

WIDTHS = (390, 1280)
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/iww-screenshots"))


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_the_analyst_compares_filters_drills_down_and_downloads_all_reports(
    page, demo, assert_accessible, tmp_path
):
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill("analist-rijnwaarde")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # The analyst lands on their gemeente straight after logging in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams in Rijnwaarde")
    heatmap = page.locator("table.heatmap")
    expect(heatmap.get_by_role("link", name="Wijkteam Noord", exact=True)).to_be_visible()
    assert "Te weinig scans om scores te tonen" in heatmap.inner_text()
    assert "(kwartiel" in page.locator("#landelijk-kop + p + div").inner_text()
    assert_accessible(page)

    page.get_by_label("Soort team").select_option(label="Jeugdteam")
    page.get_by_role("button", name="Toon").click()
    rows = page.locator("table.heatmap tbody tr")
    assert rows.count() == 1
    assert "Jeugdteam Oost" in rows.first.inner_text()

    page.get_by_label("Soort team").select_option(label="Alle soorten")
    page.get_by_role("button", name="Toon").click()
    page.locator("table.heatmap").get_by_role("link", name="Wijkteam Noord", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Uitkomsten Wijkteam Noord")
    page.go_back()

    page.get_by_role("link", name="Alle rapporten downloaden").click()
    assert_accessible(page)
    # The PDFs are made inside the request (the immediate task backend): allow them time.
    page.get_by_role("button", name="Rapporten maken").click(timeout=90_000)
    # Noord and Centrum; Jeugdteam Oost has too few scans for a report.
    assert "Klaar: 2 van 2 rapporten" in page.get_by_role("status").last.inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="ZIP-bestand downloaden").click()
    target = tmp_path / "rapporten.zip"
    download_info.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert len(names) == 2
    assert "zelfscan-Wijkteam-Noord-Voorjaar-2026.pdf" in names
    assert not [name for name in names if "Oost" in name]
    assert_accessible(page)


def login(page, username: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def assert_no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        # Name the elements that stick out, so a failure says where to look.
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width)
                .slice(0, 8)
                .map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right))""",
            width,
        )
        raise AssertionError(f"{page.url} is {scroll_width} px wide at {width} px: {wide}")


def test_the_gemeente_pages_fit_a_phone_and_a_desktop(page, demo, assert_accessible):
    # Which statements are the gemeente's comes from the fixture; here the teambudget ones.
    Statement.objects.filter(condition__slug="teambudget").update(lever="gemeente")
    login(page, "analist-rijnwaarde")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams in Rijnwaarde")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "overzicht": "/gemeenten/rijnwaarde/",
        "gesorteerd": "/gemeenten/rijnwaarde/?sorteer=teambudget",
        "stellingen": "/gemeenten/rijnwaarde/voorwaarden/teambudget/",
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert_no_sideways_scroll(page, width)
            assert_accessible(page)
            page.screenshot(path=SHOTS / f"gemeente-{name}-{width}.png", full_page=True)
        page.goto(pages["overzicht"])
        page.get_by_role("link", name="beantwoorden").or_(
            page.get_by_role("link", name="antwoord wijzigen")
        ).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Actiepunt beantwoorden")
        assert_no_sideways_scroll(page, width)
        assert_accessible(page)
        page.screenshot(path=SHOTS / f"gemeente-actiepunt-{width}.png", full_page=True)

    # The heatmap has coloured cells with the band in words, and sorts by a condition.
    page.goto(pages["overzicht"])
    heatmap = page.locator("table.heatmap")
    expect(heatmap.locator("td.heat-knelpunt").first).to_contain_text("Knelpunt")
    heatmap.get_by_role("link", name="Teambudget").click()
    expect(heatmap.locator("th[aria-sort=ascending]")).to_contain_text("Teambudget")
    expect(page.get_by_text("loopt nog (voorlopig)").first).to_be_visible()
    questions = page.locator("section[aria-labelledby=vragen-kop]")
    expect(questions).to_contain_text("2 teams")

    # Answering the action point addressed to the gemeente.
    page.get_by_role("link", name="antwoord wijzigen").first.click()
    page.get_by_label("Antwoord van de gemeente").fill("Het budget komt er in januari.")
    page.get_by_label("Status").select_option(label="Klaar")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_contain_text("opgeslagen")
    expect(questions).to_contain_text("Het budget komt er in januari.")
