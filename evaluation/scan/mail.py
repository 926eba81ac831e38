"""The respondent mails their personal resume link to themself.

The address is used for this one message and kept nowhere: the mail is sent during the request
(a queued task would store the address in the task table until a worker ran it), and the
request's body, where the address travels, is not logged (docs/privacy.md). A resume link can
be mailed a few times an hour (``RESUME_MAIL_LIMIT``), counted under a keyed hash of the link.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from iww import ratelimit

from ..models import Round

logger = logging.getLogger(__name__)


def over_limit(resume_token: str) -> bool:
    """Counts one mail of this resume link; True beyond the limit in the current hour."""
    key = f"resume-mail:{ratelimit.keyed(resume_token)}"
    return ratelimit.count(key) > settings.RESUME_MAIL_LIMIT


def send_resume_link(*, round_: Round, resume_url: str, address: str) -> bool:
    """Sends the link to ``address`` now; False if the mail server refused it (logged by the
    kind of error only, so without the address)."""
    subject = _("Je persoonlijke link voor de zelfscan van %(team)s") % {"team": round_.team.name}
    body = _(
        "Je hebt de zelfscan integraal werken voor %(team)s nog niet ingediend. Met deze link "
        "ga je verder waar je was gebleven:\n\n%(link)s\n\n"
        "De link werkt tot en met %(closes)s. Deel hem met niemand: wie de link heeft, kan je "
        "antwoorden aanvullen tot je ze indient.\n\n"
        "Je e-mailadres is alleen gebruikt om dit bericht te versturen en is niet bewaard."
    ) % {
        "team": round_.team.name,
        "link": resume_url,
        "closes": date_format(round_.closes_on, "j F Y"),
    }
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    except Exception as exc:
        # The kind of error only: a refusal's message names the address (SMTPRecipientsRefused).
        logger.error(
            "The resume link of round %s could not be mailed: %s", round_.pk, type(exc).__name__
        )
        return False
    return True
