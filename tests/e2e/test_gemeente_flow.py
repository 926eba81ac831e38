"""The demo analyst compares the teams, filters, drills into a team and downloads all reports."""

import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.demo import DEMO_PASSWORD


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

    page.get_by_role("link", name="Mijn gemeente").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Teams in Rijnwaarde"
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
    page.get_by_role("button", name="Rapporten maken").click()
    assert "3 van 3 rapporten" in page.get_by_role("status").last.inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="ZIP-bestand downloaden").click()
    target = tmp_path / "rapporten.zip"
    download_info.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert len(names) == 3
    assert "zelfscan-Wijkteam Noord-Voorjaar 2026.pdf" in names
    assert_accessible(page)
