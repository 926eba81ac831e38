"""The project as a whole: migrations in sync, the language switch, the home page."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_models_and_migrations_are_in_sync():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_home_page_is_dutch_by_default(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()
    assert "Naar de inhoud" in response.content.decode()


def test_english_can_be_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_static_assets_are_served_by_the_app(client, settings):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/bootstrap.min.css")
    html = client.get(reverse("home")).content.decode()
    # Nothing is loaded from another host (a CDN). Not a search for "cdn" in the page: the
    # random CSRF token contains those three letters now and then.
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html


def test_an_english_browser_still_gets_dutch_until_english_is_chosen(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_dutch(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="nl">' in client.get(reverse("home")).content.decode()


def test_the_english_catalogue_is_complete_and_compiled(settings):
    """Every Dutch string has an English translation, and a compiled catalogue is committed."""
    import re
    from pathlib import Path

    po = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    untranslated = [
        entry for entry in entries if re.search(r'^msgstr(\[\d\])? ""\Z', entry.strip(), re.M)
    ]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in text
    assert mo.exists()
