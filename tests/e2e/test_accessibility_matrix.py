"""WCAG 2.1 AA over every page of the permission matrix (tests/test_permissions.py).

Each named URL is opened once by a persona allowed to see it, with the demo data, and then checked
at 1280, 390 and 320 px with every <details> opened by script: axe-core finds nothing, the page
never scrolls sideways, every scroll box can take the focus, and (on the app's own pages) every
control shows a focus ring of at least 3:1 and has borders of at least 3:1 (at 1280 and 320 px).
One browser, one logged-in context per role: the whole matrix costs a few minutes, not one login
per page.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from evaluation import services
from evaluation.constants import JobStatus, Lever
from evaluation.demo import DEMO_PASSWORD
from evaluation.models import (
    ActionPoint,
    AgreedView,
    BulkReportJob,
    Comment,
    Invitation,
    Round,
    Team,
)
from knowledge.models import Condition, Lesson, Project, Theme
from tests.test_permissions import (
    ANALYST,
    ANY_ANALYST,
    COORDINATOR,
    LINK,
    LOGGED_IN,
    PUBLIC,
    VIEWER,
    url_patterns,
)

from .conftest import AXE_RULES, E2E_TIMEOUT_MS, settle

WIDTHS = (1280, 390, 320)
# Downloads, JSON, plain text and POST-only views: no page to check.
NOT_A_PAGE = {
    "health",
    "set_language",
    "logout",
    "admin:logout",
    "admin:jsi18n",
    "admin:view_on_site",
    "evaluation:round_counts",
    "evaluation:report",
    "evaluation:handout",
    "evaluation:gemeente_export",
    "evaluation:bulk_status",
    "evaluation:bulk_download",
    "evaluation:scan_submit",
}

# Runs in the page: see check_page.js.
CHECK_PAGE = (Path(__file__).parent / "check_page.js").read_text()


@dataclass
class Page:
    persona: str
    name: str
    url: str


def persona_for(name: str) -> str | None:
    if name in NOT_A_PAGE:
        return None
    if name.startswith("admin:"):
        return "staff"
    if name in LINK:
        return "respondent"
    if name in PUBLIC:
        return "anonymous"
    if name in LOGGED_IN | COORDINATOR | VIEWER:
        return "coordinator"
    if name in ANALYST | ANY_ANALYST:
        return "analyst"
    raise AssertionError(f"{name} is not classified in tests/test_permissions.py")


LOGINS = {"coordinator": "coordinator", "analyst": "analist-rijnwaarde", "staff": "beheerder"}


@pytest.fixture
def matrix(transactional_db) -> list[Page]:
    call_command("load_demo", verbosity=0)
    noord = Team.objects.get(slug="wijkteam-noord")
    round_ = Round.objects.get(team=noord, title="Voorjaar 2026")
    open_round = Round.objects.running().get(team__slug="wijkteam-centrum")
    condition = Condition.objects.order_by("order").first()
    action = services.action_point_save(
        action_point=ActionPoint(round=round_, condition=condition, description="Intervisie")
    )
    to_gemeente = ActionPoint.objects.filter(
        actor=Lever.GEMEENTE, round__team__gemeente=noord.gemeente
    ).first() or services.action_point_save(
        action_point=ActionPoint(
            round=round_, condition=condition, description="Budget", actor=Lever.GEMEENTE
        )
    )
    job = BulkReportJob.objects.create(gemeente=noord.gemeente, status=JobStatus.DONE)
    token = Invitation.objects.active().get(round=open_round).token
    _draft, resume_token = services.response_start(round_=open_round, role="professional")
    slug = noord.gemeente.slug
    kwargs = {
        "knowledge:condition": {"slug": condition.slug},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "evaluation:round_create": {"team_id": noord.pk},
        "evaluation:action_edit": {"pk": round_.pk, "action_id": action.pk},
        "evaluation:action_delete": {"pk": round_.pk, "action_id": action.pk},
        "evaluation:meeting_step": {"pk": round_.pk, "number": 1},
        "evaluation:gemeente": {"slug": slug},
        "evaluation:gemeente_drilldown": {"slug": slug, "condition": condition.slug},
        "evaluation:gemeente_action": {"slug": slug, "action_id": to_gemeente.pk},
        "evaluation:bulk_reports": {"slug": slug},
        "evaluation:bulk_status": {"slug": slug, "job_id": job.pk},
        "evaluation:scan_step": {"token": token, "number": 1},
        "evaluation:scan_resume": {"token": resume_token},
    }
    for name, model in (
        ("knowledge:theme", Theme),
        ("knowledge:project", Project),
        ("knowledge:lesson", Lesson),
    ):
        kwargs[name] = {"slug": model.objects.order_by("pk").first().slug}
    pages = []
    for name, _route, converters in url_patterns():
        persona = persona_for(name)
        if persona is None:
            continue
        if name in kwargs:
            url = reverse(name, kwargs=kwargs[name])
        elif converters == ["pk"]:
            url = reverse(name, kwargs={"pk": round_.pk})
        elif converters == ["token"]:
            url = reverse(name, kwargs={"token": token})
        elif converters == ["app_label"]:
            url = reverse(name, kwargs={"app_label": "evaluation"})
        elif not converters:
            url = reverse(name)
        else:
            continue  # an admin page of one object: its changelist and add page stand for it
        pages.append(Page(persona, name, url))
        if name in VIEWER:
            pages.append(Page("analyst", name, url))  # the gemeente's view of the same round
    # The respondent's resume link takes over the session's draft: open it last.
    pages.sort(key=lambda p: (p.persona, p.name == "evaluation:scan_resume"))
    pages.append(Page("anonymous", "404", "/bestaat-niet/"))
    return pages


@pytest.fixture
def contexts(browser, live_server) -> Iterator:
    made: dict = {}

    def context_for(persona: str):
        if persona not in made:
            context = browser.new_context(base_url=live_server.url, locale="nl-NL")
            context.set_default_timeout(E2E_TIMEOUT_MS)
            page = context.new_page()
            if persona in LOGINS:
                page.goto("/account/login/")
                page.get_by_label("Gebruikersnaam").fill(LOGINS[persona])
                page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Inloggen").click()
                page.wait_for_url(lambda url: "/login/" not in url)
            made[persona] = page
        return made[persona]

    yield context_for
    for page in made.values():
        page.context.close()


def start_scan(page, start_url: str) -> None:
    page.goto(start_url)
    page.locator("input[name=role]").first.check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_every_page_of_the_matrix_passes_axe_at_every_width(matrix, contexts, axe):
    found: list[str] = []
    checked = 0
    started = False
    for item in matrix:
        page = contexts(item.persona)
        if item.persona == "respondent" and not started:
            token_start = next(p.url for p in matrix if p.name == "evaluation:scan_start")
            start_scan(page, token_start)
            started = True
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = page.goto(item.url)
        assert response is not None
        kind = response.headers.get("content-type", "")
        assert kind.startswith("text/html"), (item.name, kind)
        assert response.status < 500, (item.name, response.status)
        ours = not item.name.startswith("admin:")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            # The controls at the widest and the narrowest width (the menu button shows only there).
            controls = ours and width in (WIDTHS[0], WIDTHS[-1])
            problems = page.evaluate(CHECK_PAGE, [ours, controls])
            settle(page)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_RULES}})
            problems += [
                f"axe {v['id']}: {v['help']} — "
                + "; ".join(str(node["target"][0]) for node in v["nodes"][:4])
                for v in results.response["violations"]
            ]
            found += [f"{item.name} ({item.persona}) at {width}px: {p}" for p in problems]
            checked += 1
    assert checked > 3 * 80
    print("\n".join(found))  # all of them, in the captured output
    assert found == [], "\n".join(found)


DUTCH_PARTS = (Path(__file__).parent / "dutch_parts.js").read_text()


def not_ours_to_mark() -> list[str]:
    """Texts whose language the app does not decide: what users typed (action points, answers,
    notes, comments) may be Dutch or English. Statements are not among them: in English they
    read in English, and a statement without an English text is marked lang="nl"
    (iww/translated.py)."""
    texts = [
        *ActionPoint.objects.values_list("description", flat=True),
        *ActionPoint.objects.values_list("answer", flat=True),
        *AgreedView.objects.values_list("note", flat=True),
        *Comment.objects.values_list("text", flat=True),
    ]
    stripped = {t.strip() for t in texts if t.strip()}
    return sorted(stripped, key=len, reverse=True)


def test_in_english_every_page_says_so_and_marks_its_dutch_parts(matrix, contexts, live_server):
    """The app's own Dutch (lessons, knowledge texts, sources, project titles) is marked
    lang="nl" in the English interface. The admin stays Dutch, content and all, and says so."""
    ignored = not_ours_to_mark()
    found: list[str] = []
    started = False
    for item in matrix:
        page = contexts(item.persona)
        english = {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}
        page.context.add_cookies([english])
        if item.persona == "respondent" and not started:
            token_start = next(p.url for p in matrix if p.name == "evaluation:scan_start")
            start_scan(page, token_start)
            started = True
        page.goto(item.url)
        lang = page.evaluate("() => document.documentElement.lang")
        admin = item.name.startswith("admin:")
        if lang != ("nl" if admin else "en"):
            found.append(f"{item.name}: <html lang={lang}>")
        if not admin:
            parts = page.evaluate(DUTCH_PARTS, ignored)
            found += [f"{item.name} ({item.persona}): {text}" for text in parts]
    print("\n".join(found))
    assert found == [], "\n".join(found)
