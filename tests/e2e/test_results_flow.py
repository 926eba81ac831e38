"""The coordinator reads the demo team's results, follows a lesson, adds an action point."""

import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.demo import DEMO_PASSWORD
from evaluation.models import ActionPoint, Round


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def log_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize("username", ["coordinator", "analist-rijnwaarde"])
def test_the_report_downloads_from_the_results_page(page, demo, username, tmp_path):
    log_in(page, username)
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    page.goto(f"/rondes/{round_.pk}/uitkomsten/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Rapport downloaden (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "zelfscan-Wijkteam-Noord-Voorjaar-2026.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Wijkteam Noord" in text
    assert "Samenvatting" in text
    assert "Teambudget" in text


def test_results_lesson_link_and_action_point(page, demo, assert_accessible):
    log_in(page, "coordinator")
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    page.goto(f"/rondes/{round_.pk}/uitkomsten/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Uitkomsten Wijkteam Noord")
    expect(page.locator("svg.radar-svg")).to_be_visible()
    assert_accessible(page)

    # The weakest condition comes first and its first lesson leads to the knowledge base.
    first_section = page.locator("section.condition-result").first
    weakest = first_section.get_by_role("heading", level=2).inner_text()
    # Each lesson says why it is there and how strong its evidence is.
    first_card = first_section.locator("article.result-lesson").first
    expect(first_card.locator(".lesson-why")).to_contain_text("Waarom deze les:")
    expect(first_card.locator(".evidence")).to_contain_text("Bewijskracht:")
    lesson_link = first_section.locator("article h4 a").first
    lesson_title = lesson_link.inner_text()
    lesson_link.click()
    assert page.get_by_role("heading", level=1).inner_text() == lesson_title
    assert weakest in page.locator("main").inner_text()
    page.go_back()

    page.locator("section.condition-result").first.get_by_role(
        "link", name="Maak hier een actiepunt van"
    ).first.click()
    assert_accessible(page)
    page.get_by_label("Actiepunt").fill("Afspraken over doorzettingsmacht vastleggen")
    page.get_by_label("Wie pakt het op").fill("Teamleider")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het actiepunt is toegevoegd.")).to_be_visible()
    # The demo round also has an action point addressed to the gemeente.
    action = ActionPoint.objects.get(
        round=round_, description="Afspraken over doorzettingsmacht vastleggen"
    )
    assert action.lesson is not None
    assert action.condition.name == weakest
    expect(
        page.locator("td", has_text="Afspraken over doorzettingsmacht vastleggen").first
    ).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_coordinators_pages_never_scroll_sideways(page, demo, width):
    # Wide tables scroll inside their own box; visually hidden captions stay inside it too.
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "coordinator")
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    for path in ("/rondes/", f"/rondes/{round_.pk}/", f"/rondes/{round_.pk}/uitkomsten/"):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
