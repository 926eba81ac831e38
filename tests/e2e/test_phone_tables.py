"""Data tables on a phone (390 px) and a laptop (1280 px): the page never scrolls sideways, no
table is wider than the screen, and the key cells and actions are on screen. On a phone each row
is a card whose cells carry their column name (templates: class table-stack, data-label)."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.demo import DEMO_PASSWORD
from evaluation.models import Round

WIDTHS = (390, 1280)
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/iww-screenshots"))
NUMBER = re.compile(r"^\d+$")


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def log_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def assert_fits(page, width: int) -> None:
    """No sideways scrolling of the page, and every table (its cells included) within the
    screen: nothing that needs a scroll cue."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"
    outside = page.evaluate(
        """(width) => [...document.querySelectorAll('main table, main table th, main table td')]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.width > 0 && (r.left < -1 || r.right > width + 1); })
            .slice(0, 6)
            .map(e => e.tagName + ' "' + e.innerText.slice(0, 30) + '" '
                      + Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    assert outside == [], f"{page.url} at {width} px: {outside}"


def assert_on_screen(locator, width: int) -> None:
    """The element is shown and lies within the screen's width."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0, (locator, box)
    assert box["x"] + box["width"] <= width, (locator, box)


def shoot(page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"tables-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinators_tables_fit_with_their_key_columns(page, demo, width):
    noord = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "coordinator")

    page.goto("/rondes/")
    assert_fits(page, width)
    card = page.locator("section", has_text="Wijkteam Noord")
    assert_on_screen(card.locator("td[data-label=Bezig]").first, width)
    assert_on_screen(card.get_by_role("link", name="Uitkomsten Voorjaar 2026"), width)
    # Every team lists its rounds newest first, with lower-case months.
    titles = card.locator("tbody th").all_inner_texts()
    assert titles == ["Voorjaar 2026", "Najaar 2025"]
    expect(card.locator("tbody")).to_contain_text("mei 2026")
    expect(card.locator("tbody")).not_to_contain_text("Mei")
    shoot(page, "mijn-teams", width)

    page.goto(f"/rondes/{noord.pk}/uitkomsten/")
    assert_fits(page, width)
    summary = page.locator("section[aria-labelledby=samenvatting-kop] table")
    assert_on_screen(summary.locator("td[data-label='Verschil met vorige ronde']").first, width)
    # A statement keeps a readable line, not one word per line.
    statement = page.locator("table.distribution td.stack-key").first
    box = statement.bounding_box()
    assert box is not None
    assert box["width"] >= 300, box
    actions = page.locator("section[aria-labelledby=actiepunten] table")
    assert_on_screen(actions.locator("td[data-label='Klaar op']").first, width)
    assert_on_screen(actions.locator("td[data-label=Status]").first, width)
    assert_on_screen(actions.get_by_role("link", name="Wijzigen").first, width)
    assert_on_screen(actions.get_by_role("link", name="Verwijderen").first, width)
    shoot(page, "uitkomsten", width)

    page.goto(f"/rondes/{noord.pk}/teamgesprek/afronden/")
    assert_fits(page, width)
    agreed = page.locator("table.agreed-table")
    assert_on_screen(agreed.locator("td[data-label='Gedeeld beeld van het team']").first, width)
    shoot(page, "teamgesprek-afronden", width)

    page.goto("/acties/")
    assert_fits(page, width)
    assert_on_screen(page.locator("table.actions-overview").get_by_role("link").first, width)
    shoot(page, "open-acties", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_heatmap_and_drilldown_are_readable_on_every_width(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "analist-rijnwaarde")

    page.goto("/gemeenten/rijnwaarde/")
    assert_fits(page, width)
    heatmap = page.locator("table.heatmap")
    # Every score of a scored team is on screen, with its condition's name beside it on a phone.
    noord = heatmap.locator("tbody tr", has_text="Wijkteam Noord")
    cells = noord.locator("td.heat")
    expect(cells).to_have_count(5)
    for index in range(5):
        assert_on_screen(cells.nth(index), width)
    # The sort links stay reachable (on a phone as a bar above the cards).
    assert_on_screen(heatmap.get_by_role("link", name="Teambudget"), width)
    heatmap.get_by_role("link", name="Teambudget").click()
    expect(page.locator("table.heatmap th[aria-sort=ascending]")).to_contain_text("Teambudget")
    shoot(page, "heatmap", width)

    page.goto("/gemeenten/rijnwaarde/voorwaarden/caseload/")
    assert_fits(page, width)
    first = page.locator("table.heatmap tbody tr").first
    # Each team's score of the statement is on screen, not only the first team's column.
    for team in ("Wijkteam Noord", "Wijkteam Centrum"):
        cell = first.locator(f"td[data-label='{team}']")
        assert_on_screen(cell, width)
        expect(cell.locator(".heat-score")).to_have_text(NUMBER)
    shoot(page, "stellingen", width)
