"""The production profile: deploy checks, CSP, password hashing, login rate limiting."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "zelfscan.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://zelfscan.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
    "DATABASE_URL": "sqlite:////tmp/iww-deploy-check.sqlite3",
}


def test_check_deploy_reports_nothing_under_production_settings():
    env = {**os.environ, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, **PRODUCTION_ENV, "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_argon2_hashes_new_passwords(settings):
    configured = importlib.import_module("iww.settings").PASSWORD_HASHERS
    assert configured[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = configured  # the test suite uses a fast hasher elsewhere
    from django.contrib.auth.hashers import check_password, make_password

    hashed = make_password("een lang wachtwoord")
    assert hashed.startswith("argon2$")
    assert check_password("een lang wachtwoord", hashed)


@pytest.mark.django_db
class TestLoginRateLimit:
    def attempt(self, client, username: str, password: str):
        return client.post(reverse("login"), {"username": username, "password": password})

    def test_after_five_wrong_passwords_the_username_waits(self, client, settings):
        UserFactory(username="coordinator", password="juist-wachtwoord-123")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = self.attempt(client, "coordinator", "fout")
            assert response.status_code == 200  # the form again, with its error
        locked = self.attempt(client, "coordinator", "fout")
        assert locked.status_code == 429
        assert "Te vaak een verkeerd wachtwoord" in locked.content.decode()
        # Even the right password is refused during the cool-off, and nobody is logged in.
        again = self.attempt(client, "coordinator", "juist-wachtwoord-123")
        assert again.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_another_username_is_not_locked(self, client, settings):
        UserFactory(username="analist", password="juist-wachtwoord-123")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.attempt(client, "iemand", "fout")
        response = self.attempt(client, "analist", "juist-wachtwoord-123")
        assert response.status_code == 302

    def test_a_good_login_resets_the_count(self, client, settings):
        UserFactory(username="coordinator", password="juist-wachtwoord-123")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.attempt(client, "coordinator", "fout")
        assert self.attempt(client, "coordinator", "juist-wachtwoord-123").status_code == 302
        client.logout()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert self.attempt(client, "coordinator", "fout").status_code == 200


@pytest.mark.django_db
def test_a_missing_page_is_a_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_a_server_error_is_a_dutch_page_that_needs_nothing(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "persoonlijke link" in html


@pytest.mark.django_db
def test_health_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.content == b"ok"
