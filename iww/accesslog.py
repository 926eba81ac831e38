"""gunicorn's access log without the secrets that travel in URLs.

The invitation link (/scan/<token>/...), the resume link (/hervat/<token>/) and the password
reset link (/account/reset/<uid>/<token>/) carry their secret in the path. The SHA-256 of a
resume token is stored with the response, so a logged resume URL with its time would tie an
anonymous response to a moment (and, with the default format, a user agent). Every value the
access log could print is therefore redacted, including the Referer, which carries the previous
page's URL.
"""

import re

from gunicorn.glogging import Logger

REDACTED = "[token]"

# One path segment: what may stand between two slashes of a URL as sent.
_SEGMENT = r"[^/?#\s\"]+"
# The invitation link and the resume link: the segment after the prefix.
_LINK = re.compile(rf"(/(?:scan|hervat)/){_SEGMENT}")
# Password reset: the user's id and the token (Django then redirects to .../set-password/).
_RESET = re.compile(rf"(/account/reset/){_SEGMENT}(?:/(?!set-password(?:/|$)){_SEGMENT})?")


def _redact_reset(match: re.Match) -> str:
    segments = match.group(0).count("/") - 2  # how many follow /account/reset/
    return match.group(1) + "/".join([REDACTED] * segments)


def redact(text: str) -> str:
    """The text with every token in a known URL replaced by ``[token]``."""
    return _RESET.sub(_redact_reset, _LINK.sub(rf"\g<1>{REDACTED}", text))


class RedactingLogger(Logger):
    """gunicorn's logger, with tokens removed from every access log atom."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }


class RedactingFilter:
    """A logging filter for the app's own log: Django logs the path of every 404 and 400."""

    def filter(self, record) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
