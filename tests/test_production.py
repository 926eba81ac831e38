"""Production behaviour the default test settings do not show: proxies, static files, errors."""

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks.registry import registry
from django.test import override_settings
from django.urls import reverse

from iww.checks import proxy_address_lookup
from tests.factories import UserFactory

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "iww" / "settings.py"


def production_settings(monkeypatch, **env: str) -> dict:
    """iww/settings.py evaluated afresh with this environment; Django's settings stay."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def proxy_settings(monkeypatch, proxy_count: str) -> dict:
    values = production_settings(monkeypatch, AXES_IPWARE_PROXY_COUNT=proxy_count)
    return {name: value for name, value in values.items() if "IPWARE" in name}


PROXY = "127.0.0.1"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


@pytest.mark.django_db
class TestLockoutBehindTheProxy:
    """One proxy in front of gunicorn: REMOTE_ADDR is the proxy, X-Forwarded-For the client."""

    @pytest.fixture(autouse=True)
    def _behind_one_proxy(self, settings, monkeypatch) -> None:
        # As documented in docs/deployment.md: AXES_IPWARE_PROXY_COUNT=1 behind one nginx.
        for name, value in proxy_settings(monkeypatch, "1").items():
            setattr(settings, name, value)

    def attempt(self, client, address: str, password: str):
        return client.post(
            reverse("login"),
            {"username": "coordinator", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        )

    def test_wrong_passwords_lock_the_user_only_for_that_client(self, client, settings):
        UserFactory(username="coordinator", password="juist-wachtwoord-123")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.attempt(client, CLIENT_A, "fout")
        assert self.attempt(client, CLIENT_A, "juist-wachtwoord-123").status_code == 429
        assert self.attempt(client, CLIENT_B, "juist-wachtwoord-123").status_code == 302

    def test_a_client_cannot_pick_its_address_by_sending_the_header_itself(self, client, settings):
        # nginx appends the address it saw to whatever the client sent: the right-most one counts.
        UserFactory(username="coordinator", password="juist-wachtwoord-123")
        for number in range(settings.AXES_FAILURE_LIMIT):
            self.attempt(client, f"192.0.2.{number}, {CLIENT_A}", "fout")
        assert self.attempt(client, CLIENT_A, "juist-wachtwoord-123").status_code == 429


def test_the_proxy_check_runs_with_the_system_checks():
    assert proxy_address_lookup in registry.get_checks()


def test_a_proxy_count_without_the_address_lookup_stops_the_start(settings, monkeypatch):
    import axes.helpers

    settings.AXES_IPWARE_PROXY_COUNT = 0
    monkeypatch.setattr(axes.helpers, "IPWARE_INSTALLED", False)
    errors = [message for message in proxy_address_lookup() if message.id == "iww.E001"]
    assert errors
    assert errors[0].is_serious()


def test_a_proxy_count_that_ignores_the_forwarded_header_stops_the_start(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    assert any(message.id == "iww.E002" for message in proxy_address_lookup())


def test_the_proxy_lookup_passes_the_checks_when_configured(monkeypatch):
    with override_settings(**proxy_settings(monkeypatch, "1")):
        assert not [m for m in proxy_address_lookup() if m.id.startswith("iww.")]


def test_gunicorn_refuses_to_load_the_app_when_the_lookup_cannot_work(settings, monkeypatch):
    import importlib
    import sys

    import axes.helpers
    from django.core.exceptions import ImproperlyConfigured

    settings.AXES_IPWARE_PROXY_COUNT = 0
    monkeypatch.setattr(axes.helpers, "IPWARE_INSTALLED", False)
    monkeypatch.delitem(sys.modules, "iww.wsgi", raising=False)
    with pytest.raises(ImproperlyConfigured, match=r"iww\.E001"):
        importlib.import_module("iww.wsgi")


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-test-secret-key-that-is-long-enough-for-the-deploy-checks-0123456789",
    "ALLOWED_HOSTS": "zelfscan.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
}


@pytest.mark.django_db
class TestErrorPages:
    def test_a_disallowed_host_gets_the_dutch_400_page(self, client, settings):
        settings.ALLOWED_HOSTS = ["zelfscan.example.nl"]
        response = client.get("/", HTTP_HOST="aanvaller.example")
        assert response.status_code == 400
        html = response.content.decode()
        assert '<html lang="nl">' in html
        assert "Dit verzoek kon niet worden verwerkt" in html

    def test_a_suspicious_request_gets_the_dutch_400_page(self, rf):
        from django.views.defaults import bad_request

        response = bad_request(rf.get("/"), exception=None)
        assert response.status_code == 400
        assert "Dit verzoek kon niet worden verwerkt" in response.content.decode()

    def test_the_timeout_page_for_the_proxy_is_dutch_and_self_contained(self):
        page = SETTINGS_FILE.parent.parent / "static" / "errors" / "timeout.html"
        html = page.read_text(encoding="utf-8")
        assert '<html lang="nl">' in html
        assert "persoonlijke link" in html
        # nginx serves it when gunicorn does not answer: it may need nothing else.
        for needs_more in ("<script", "<link", "src=", "style="):
            assert needs_more not in html


@pytest.mark.django_db
def test_the_language_cookie_is_secure_in_production(client, settings, monkeypatch):
    production = production_settings(monkeypatch, **PRODUCTION_ENV)
    for name, value in production.items():
        if name.startswith("LANGUAGE_COOKIE_"):
            setattr(settings, name, value)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
class TestPagesWithProductionStaticFiles:
    """The pages the English scan, the mailed link and the 403 page touch, with DEBUG off and
    the manifest storage: every {% static %} they use must have its hashed name."""

    def test_the_english_scan_step_and_the_mail_page(self, client, production_static):
        from tests.factories import make_round

        round_ = make_round()
        token = round_.invitations.get().token
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.post(reverse("evaluation:scan_start", args=[token]), {"role": "professional"})
        step = client.get(reverse("evaluation:scan_step", args=[token, 1]))
        assert step.status_code == 200
        html = step.content.decode()
        assert '<html lang="en">' in html
        assert "/static/js/scan-step.js" not in html  # the hashed name instead
        assert re.search(r"/static/js/scan-step\.[0-9a-f]{12}\.js", html)
        page = client.post(
            reverse("evaluation:scan_mail_link", args=[token]), {"address": "ik@example.org"}
        )
        assert page.status_code == 200
        assert "ik@example.org" in page.content.decode()

    def test_the_dutch_403_page(self, admin_client, production_static):
        response = admin_client.get(reverse("admin:evaluation_bulkreportjob_add"))
        assert response.status_code == 403
        html = response.content.decode()
        assert '<html lang="nl">' in html
        assert re.search(r"/static/css/site\.[0-9a-f]{12}\.css", html)
