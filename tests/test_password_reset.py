"""Password reset: the same answer for every address, mail only from a worker, and a limit."""

import runpy
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache, caches
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
    caches["ratelimit"].clear()
    yield
    cache.clear()
    caches["ratelimit"].clear()


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
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        assert ask(client, KNOWN).status_code == 302
    queued = DBTaskResult.objects.count()

    refused = ask(client, KNOWN.upper())
    assert refused.status_code == 429
    assert "Te veel aanvragen" in refused.content.decode()
    assert DBTaskResult.objects.count() == queued
    run_worker()
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS


def test_one_client_cannot_use_up_another_addresss_allowance(db, client, settings):
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS + 2):
        ask(client, KNOWN, address="203.0.113.66")
    # The owner of the address, from their own machine, can still ask.
    assert ask(client, KNOWN, address="198.51.100.7").status_code == 302


def test_the_limit_is_shared_by_every_worker(db, client, settings):
    # Counted in the shared cache (the database), not in one process's memory.
    assert settings.CACHES["ratelimit"]["BACKEND"].endswith("DatabaseCache")
    ask(client, KNOWN)
    keys = _rate_keys()
    assert len(keys) == 3  # per client, per client and address, per address
    # Keyed hashes: the table holds neither the e-mail address nor the client's address.
    assert not [key for key in keys if "example" in key or "203.0.113" in key]


def _rate_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM iww_rate_limits")
        return [row[0] for row in cursor.fetchall()]


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
