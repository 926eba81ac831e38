"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The browser is never downloaded: we launch /usr/bin/chromium (or $CHROMIUM_PATH). Locally a
missing browser skips these tests; in CI (CI=true) it fails them, so they cannot silently vanish.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; Django's ORM in the test body is
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


E2E_TIMEOUT_MS = 45_000
expect.set_options(timeout=E2E_TIMEOUT_MS)


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    # Generous: a PDF render on a busy 2-core machine can take several seconds, and a wait that
    # runs out makes a test fail now and then. A passing test never waits this long.
    page.set_default_timeout(E2E_TIMEOUT_MS)
    # The Content-Security-Policy forbids inline scripts and styles: any violation is a bug.
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert violations == [], violations


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# Waits until every CSS transition and finite animation has ended. A button that was just
# clicked is still under the mouse, and Bootstrap fades its colours in 0.15 s: axe measured
# the contrast of a colour halfway through the fade now and then. Infinite animations (a
# spinner) are not waited for.
SETTLE = """() => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => null)))"""


def settle(page) -> None:
    """The page as it rests: no colour or layout halfway through a transition."""
    page.evaluate(SETTLE)


@pytest.fixture
def assert_accessible(axe):
    """Runs axe-core (WCAG 2.1 A and AA rules) on the page and fails on any violation."""

    def check(page) -> None:
        settle(page)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_RULES}})
        violations = results.response["violations"]
        assert not violations, f"axe found violations on {page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in violations
        )

    return check
