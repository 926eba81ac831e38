"""The errors a service raises; their message is Dutch and shown to the user."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..constants import (
    COMMENT_MAX_LENGTH,
)


class ServiceError(Exception):
    """A request that cannot be carried out; the message is Dutch and shown to the user."""


class RoundClosedError(ServiceError):
    pass


def comment_too_long_message(length: int) -> str:
    """The Dutch message for a comment over COMMENT_MAX_LENGTH (form, service and import)."""
    return _(
        "Je toelichting is %(length)s tekens lang; er passen er hoogstens %(max)s in. "
        "Maak hem korter."
    ) % {
        "length": number_format(length, force_grouping=True),
        "max": number_format(COMMENT_MAX_LENGTH, force_grouping=True),
    }
