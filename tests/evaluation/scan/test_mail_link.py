"""The respondent mails their personal resume link to themself; the address is kept nowhere."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection

from evaluation.scan import mail as scan_mail
from tests.evaluation.scan.helpers import url

pytestmark = pytest.mark.django_db

ADDRESS = "ouder.een@example.org"


@pytest.fixture(autouse=True)
def fresh_limits():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.fixture
def started(client, token):
    page = client.post(url("scan_start", token), {"role": "professional"})
    assert page.status_code == 200
    resume_token = next(iter(client.session["scan_resume"].values()))
    return resume_token


def test_every_step_offers_it_in_a_tab_of_its_own(client, token, started):
    html = client.get(url("scan_step", token, 1)).content.decode()
    link = f'<a href="{url("scan_mail_link", token)}" target="_blank" rel="noopener">'
    assert link in html
    assert "opent in een nieuw tabblad" in html


def test_the_link_is_mailed_and_the_address_kept_nowhere(
    client, token, started, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("scan_mail_link", token), {"address": ADDRESS})
    assert response.status_code == 200
    assert "De link is verstuurd naar ouder.een@example.org" in response.content.decode()
    assert callbacks == []  # sent now, not queued with the address in a task's arguments
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert f"/hervat/{started}/" in message.body
    assert "niet bewaard" in message.body
    # Not in any table, nor in the log.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert ADDRESS not in repr(row), table
    assert ADDRESS not in caplog.text


def test_a_wrong_address_gets_a_clear_message_and_no_mail(client, token, started):
    response = client.post(url("scan_mail_link", token), {"address": "ouder.een@"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl." in html
    assert 'aria-invalid="true"' in html
    assert mail.outbox == []


def test_a_link_is_mailed_a_few_times_an_hour_at_most(client, token, started, settings):
    settings.RESUME_MAIL_LIMIT = 2
    for _ in range(2):
        client.post(url("scan_mail_link", token), {"address": ADDRESS})
    response = client.post(url("scan_mail_link", token), {"address": "ander@example.org"})
    assert "al een paar keer gemaild" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_refusing_mail_server_gets_a_message_not_a_500(
    client, token, started, monkeypatch, caplog
):
    def refuse(self, *args, **kwargs):
        # As smtplib words a refusal: the address is in the message.
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"No such user")})

    monkeypatch.setattr(scan_mail.EmailMessage, "send", refuse)
    response = client.post(url("scan_mail_link", token), {"address": ADDRESS})
    assert response.status_code == 200
    assert "Het mailen is niet gelukt" in response.content.decode()
    assert "SMTPRecipientsRefused" in caplog.text
    assert ADDRESS not in caplog.text


def test_a_browser_without_a_scan_cannot_use_it(client, token):
    response = client.post(url("scan_mail_link", token), {"address": ADDRESS})
    assert response.status_code == 302
    assert response["Location"] == url("scan_start", token)
    assert mail.outbox == []
