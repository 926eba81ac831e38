"""Invitation mails: queued by the request, sent by a worker, once per address and round."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from evaluation import services
from evaluation.models import InvitationMail
from evaluation.rounds.invitations import invitations_send, send_invitations
from tests.factories import TeamFactory, UserFactory, make_round

pytestmark = pytest.mark.django_db

SITE = "https://zelfscan.example.nl/"
ADDRESSES = ["a@example.org", "b@example.org", "c@example.org"]


class CountingBackend(EmailBackend):
    """The test mailbox, counting the connections opened; can fail at the n-th message."""

    opened = 0
    fail_at: int | None = None
    failure: Exception = smtplib.SMTPServerDisconnected("verbinding verbroken")

    def open(self) -> bool:
        CountingBackend.opened += 1
        return super().open()

    def send_messages(self, messages) -> int:
        if CountingBackend.fail_at is not None and len(mail.outbox) + 1 == self.fail_at:
            CountingBackend.fail_at = None  # once
            raise CountingBackend.failure
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def counting_mailbox(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    CountingBackend.opened = 0
    CountingBackend.fail_at = None
    return CountingBackend


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator")


@pytest.fixture
def round_(coordinator):
    return make_round(team=TeamFactory(name="Wijkteam Noord", coordinators=[coordinator]))


def queue(round_, addresses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invitations_send(round_=round_, addresses=addresses, site_url=SITE)


def sent_to() -> list[str]:
    return sorted(message.to[0].lower() for message in mail.outbox)


def test_the_request_only_queues_and_a_worker_sends(
    transactional_db, client, coordinator, round_, settings, django_capture_on_commit_callbacks
):
    # Committed data, as in production: the worker closes and reopens its connection, which
    # on PostgreSQL would end a test's surrounding transaction.
    settings.TASKS = {**settings.TASKS, "default": settings.TASKS["database"]}
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:invite", args=[round_.pk]),
            {"addresses": "\n".join(ADDRESSES)},
            follow=True,
        )
    assert "De uitnodigingen worden verstuurd naar 3 adressen" in response.content.decode()
    assert mail.outbox == []  # no SMTP work while the coordinator waits
    assert DBTaskResult.objects.count() == 1
    # The queued task holds the round and the site, not the addresses or the link's token.
    task_row = str(DBTaskResult.objects.values_list("args_kwargs", flat=True).get())
    assert "example.org" not in task_row
    assert round_.invitations.get().token not in task_row

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sent_to() == ADDRESSES
    assert round_.invitations.get().token in mail.outbox[0].body
    assert "http://testserver/scan/" in mail.outbox[0].body
    # The last day written out, as on every page ("30 juni 2026"), not as 30-06-2026.
    closes = round_.closes_on
    months = "januari februari maart april mei juni juli augustus september oktober november"
    month = [*months.split(), "december"][closes.month - 1]
    assert f"tot en met {closes.day} {month} {closes.year}." in mail.outbox[0].body


def test_one_connection_for_the_batch_and_one_message_per_address(
    round_, django_capture_on_commit_callbacks
):
    assert queue(round_, ADDRESSES, django_capture_on_commit_callbacks) == (3, 0)
    assert sent_to() == ADDRESSES
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert CountingBackend.opened == 1


def test_addresses_are_erased_once_sent_and_only_a_keyed_hash_stays(
    round_, django_capture_on_commit_callbacks
):
    queue(round_, ADDRESSES, django_capture_on_commit_callbacks)
    stored = list(InvitationMail.objects.values_list("address", "address_hash", "sent"))
    assert [address for address, _hash, _sent in stored] == ["", "", ""]
    assert all(sent for _address, _hash, sent in stored)
    hashes = {digest for _address, digest, _sent in stored}
    assert InvitationMail.hash_address("A@Example.org ") in hashes
    assert not any("example" in digest for digest in hashes)


def test_sending_the_same_list_again_mails_nobody_twice(round_, django_capture_on_commit_callbacks):
    queue(round_, ADDRESSES[:2], django_capture_on_commit_callbacks)
    assert queue(round_, [a.upper() for a in ADDRESSES], django_capture_on_commit_callbacks) == (
        1,
        2,
    )
    assert sent_to() == ADDRESSES
    send_invitations.call(round_id=round_.pk, site_url=SITE)  # a task delivered twice
    assert len(mail.outbox) == 3


def test_the_same_address_may_be_invited_to_another_round(
    round_, django_capture_on_commit_callbacks
):
    queue(round_, ADDRESSES[:1], django_capture_on_commit_callbacks)
    queue(make_round(team=round_.team), ADDRESSES[:1], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_failure_midway_leaves_the_rest_waiting_and_a_rerun_sends_only_those(
    round_, django_capture_on_commit_callbacks
):
    CountingBackend.fail_at = 2  # the mail server goes away at the second message
    queue(round_, ADDRESSES, django_capture_on_commit_callbacks)  # the task fails
    assert sent_to() == ["a@example.org"]
    waiting = InvitationMail.objects.exclude(address="")
    assert sorted(waiting.values_list("address", flat=True)) == ADDRESSES[1:]

    # The coordinator sends the same list again: only the two that were not sent get mail.
    assert queue(round_, ADDRESSES, django_capture_on_commit_callbacks) == (2, 1)
    assert sent_to() == ADDRESSES
    assert not InvitationMail.objects.exclude(address="").exists()


def test_a_refused_address_is_erased_and_the_others_are_sent(
    round_, django_capture_on_commit_callbacks
):
    CountingBackend.fail_at = 2
    CountingBackend.failure = smtplib.SMTPRecipientsRefused({"b@example.org": (550, b"nee")})
    try:
        queue(round_, ADDRESSES, django_capture_on_commit_callbacks)
    finally:
        CountingBackend.failure = smtplib.SMTPServerDisconnected("verbinding verbroken")
    assert sent_to() == ["a@example.org", "c@example.org"]
    assert not InvitationMail.objects.exclude(address="").exists()
    assert InvitationMail.objects.filter(sent=False).count() == 1


def test_a_link_revoked_before_the_worker_ran_is_not_sent(round_):
    invitations_send(round_=round_, addresses=ADDRESSES, site_url=SITE)  # not run yet
    services.invitation_revoke(round_=round_)
    assert send_invitations.call(round_id=round_.pk, site_url=SITE) == 0
    assert mail.outbox == []
    assert not InvitationMail.objects.exclude(address="").exists()
