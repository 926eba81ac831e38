"""Invitation mails to a round's link, sent in the background.

The request only records which addresses should get the invitation and queues a task; a worker
sends them over one SMTP connection (with the configured timeout). Each address is known by a
keyed hash (``InvitationMail.hash_address``), so an address gets a round's invitation once:
sending the same list again, or a task delivered twice, mails nobody a second time. The address
itself waits in the database only until the worker has handled it.

A failure midway (the mail server goes away) leaves the rest waiting; sending the list again, or
the task running again, sends exactly those.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import InvitationMail, Round

logger = logging.getLogger(__name__)


def invitations_send(*, round_: Round, addresses: list[str], site_url: str) -> tuple[int, int]:
    """Queues the round's invitation for each address that has not had it yet.

    Returns (waiting, already_sent): how many addresses the worker will mail (including any left
    over from an earlier, interrupted batch) and how many were left out because they were
    mailed before for this round. ``site_url`` is scheme and host, for the link in the mail.
    """
    hashes = {InvitationMail.hash_address(address): address for address in addresses}
    with transaction.atomic():
        known = dict(
            InvitationMail.objects.filter(round=round_, address_hash__in=hashes).values_list(
                "address_hash", "sent"
            )
        )
        InvitationMail.objects.bulk_create(
            [
                InvitationMail(round=round_, address_hash=digest, address=address)
                for digest, address in hashes.items()
                if digest not in known
            ],
            ignore_conflicts=True,  # the same list sent twice at once
        )
        already_sent = sum(1 for digest in hashes if known.get(digest))
        waiting = InvitationMail.objects.filter(round=round_, sent=False).exclude(address="")
        count = waiting.count()
        if count:
            transaction.on_commit(
                lambda: send_invitations.enqueue(round_id=round_.pk, site_url=site_url)
            )
    return count, already_sent


def _message(round_: Round, link: str) -> tuple[str, str]:
    subject = _("Uitnodiging: zelfscan integraal werken voor %(team)s") % {"team": round_.team.name}
    body = _(
        "Je bent uitgenodigd om de zelfscan integraal werken in te vullen voor %(team)s.\n\n"
        "Het invullen duurt 10 tot 15 minuten en is anoniem.\n\n%(link)s\n\n"
        "De link werkt tot en met %(closes)s."
    ) % {
        "team": round_.team.name,
        "link": link,
        # Written out as on every page ("30 juni 2026"), not as 30-06-2026.
        "closes": date_format(round_.closes_on, "j F Y"),
    }
    return subject, body


@task
def send_invitations(*, round_id: int, site_url: str) -> int:
    """Mails the round's link to every address still waiting; returns how many were sent.

    One SMTP connection for the batch and one message per address (so nobody sees who else was
    invited). Each address is marked sent, and erased, in the same transaction as its message
    is handed to the mail server; a refused address is erased too. Any other mail error stops
    the batch with the rest still waiting, to be sent when the task runs again. A link that was
    revoked meanwhile is not sent: the waiting addresses are erased.
    """
    round_ = Round.objects.select_related("team").filter(pk=round_id).first()
    if round_ is None:
        return 0
    waiting = InvitationMail.objects.filter(round=round_, sent=False).exclude(address="")
    invitation = round_.invitations.active().first()
    if invitation is None:
        waiting.update(address="")
        return 0
    pks = list(waiting.values_list("pk", flat=True))
    if not pks:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(round_, site_url.rstrip("/") + invitation.get_absolute_url())
    sent = 0
    with mailers.default as connection:
        for pk in pks:
            with transaction.atomic():
                mail = (
                    InvitationMail.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, sent=False)
                    .exclude(address="")
                    .first()
                )
                if mail is None:  # another worker has it, or had it
                    continue
                message = EmailMessage(subject=subject, body=body, to=[mail.address])
                try:
                    connection.send_messages([message])
                except smtplib.SMTPRecipientsRefused:
                    logger.warning("Invitation mail %s refused by the mail server", pk)
                else:
                    mail.sent = True
                    sent += 1
                mail.address = ""
                mail.save(update_fields=["sent", "address"])
    return sent
