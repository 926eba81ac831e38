"""Password reset: the same answer for every address, mail only from a worker, and a limit."""

import runpy
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "coordinator@wijkteam.example.nl"
UNKNOWN = "niemand@wijkteam.example.nl"


@pytest.fixture(autouse=True)
def _queued_tasks_and_a_fresh_limit(settings):
    # As in production: tasks go to the database and a worker runs them.
    settings.TASKS = {**settings.TASKS, "default": settings.TASKS["database"]}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator", email=KNOWN)


def ask(client, email: str, address: str = "203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_known_and_unknown_addresses_get_the_same_answer_and_no_mail_in_the_request(
    transactional_db, client, coordinator
):
    # transactional_db: the worker closes its connection (see run_worker).
    known = ask(client, KNOWN)
    unknown = ask(client, UNKNOWN)
    assert (known.status_code, known["Location"], known.content) == (
        unknown.status_code,
        unknown["Location"],
        unknown.content,
    )
    assert mail.outbox == []  # no SMTP work while the visitor waits, for either address
    # The same work was queued for both: the request cannot tell them apart by its time.
    assert DBTaskResult.objects.count() == 2

    run_worker()
    assert [message.to for message in mail.outbox] == [[KNOWN]]
    assert "/account/reset/" in mail.outbox[0].body


def test_after_the_limit_for_an_address_the_answer_is_429_and_nothing_is_queued(
    transactional_db, client, coordinator, settings
):
    for number in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        # From different clients: the limit is per address too.
        assert ask(client, KNOWN, address=f"198.51.100.{number}").status_code == 302
    queued = DBTaskResult.objects.count()

    refused = ask(client, KNOWN.upper(), address="192.0.2.99")
    assert refused.status_code == 429
    assert "Te veel aanvragen" in refused.content.decode()
    assert DBTaskResult.objects.count() == queued
    run_worker()
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS


def test_after_the_limit_for_a_client_the_answer_is_429(client, settings):
    for number in range(settings.PASSWORD_RESET_LIMIT_PER_CLIENT):
        assert ask(client, f"iemand-{number}@example.nl").status_code == 302
    refused = ask(client, "nog-iemand@example.nl")
    assert refused.status_code == 429
    assert "Te veel aanvragen" in refused.content.decode()
    # Another client is not affected.
    assert ask(client, "nog-iemand@example.nl", address="198.51.100.50").status_code == 302


def test_smtp_has_a_timeout(monkeypatch):
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.nl")
    configured = runpy.run_path(str(Path(__file__).resolve().parent.parent / "iww/settings.py"))
    assert configured["MAILERS"]["default"]["OPTIONS"]["timeout"] == 10
