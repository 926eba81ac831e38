"""Every knowledge page in a real browser: it renders, it works, and axe finds no violations."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from knowledge.models import Condition, Lesson, Project, Theme


@pytest.fixture
def knowledge(transactional_db) -> None:
    call_command("loaddata", "knowledge", verbosity=0)


def knowledge_urls() -> list[str]:
    urls = ["/", "/kennis/", "/kennis/projecten/", "/kennis/lessen/", "/kennis/bronnen/"]
    for model in (Condition, Theme, Project):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls.append(Lesson.objects.order_by("slug").first().get_absolute_url())
    urls.append("/kennis/lessen/?q=xyzzy-niets")  # the empty state
    urls.append("/kennis/lessen/?voorwaarde=bestaat-niet")  # a form error
    return urls


def test_every_knowledge_page_passes_axe(page, knowledge, assert_accessible):
    urls = knowledge_urls()
    assert len(urls) >= 25
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)


def test_search_and_filter_lessons(page, knowledge):
    page.goto("/kennis/lessen/")
    total = Lesson.objects.count()
    expect(page.get_by_role("status").first).to_have_text(re.compile(rf"^{total} lessen"))

    page.get_by_label("Voorwaarde").select_option(label="Teambudget")
    page.get_by_role("button", name="Zoeken").click()
    expected = Lesson.objects.filter(conditions__slug="teambudget").count()
    # Assertions that wait: the old page's status may still be there right after the click.
    expect(page).to_have_url(re.compile(r"voorwaarde=teambudget"))
    expect(page.get_by_role("status").first).to_have_text(re.compile(rf"^{expected} les"))

    page.get_by_role("textbox", name="Zoeken").fill("xyzzy-niets")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen lessen gevonden")).to_be_visible()


def test_skip_link_moves_focus_to_the_content(page, knowledge):
    page.goto("/kennis/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))


def test_a_lesson_link_leads_from_condition_to_lesson_and_project(page, knowledge):
    condition = Condition.objects.get(slug="mandaat")
    lesson = Lesson.objects.filter(conditions=condition, project__isnull=False).first()
    page.goto(condition.get_absolute_url())
    page.get_by_role("link", name=lesson.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    page.get_by_role("link", name=str(lesson.project)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lesson.project.title)
