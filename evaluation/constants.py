"""Choices for the self-scan. The scoring constants live in evaluation/scoring.py, the privacy
thresholds in settings (read only by evaluation/disclosure.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKind(models.TextChoices):
    WIJKTEAM = "wijkteam", _("Wijkteam")
    JEUGDTEAM = "jeugdteam", _("Jeugdteam")
    SOCIAAL_TEAM = "sociaal-team", _("Sociaal team")


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    TEAM_LEAD = "teamleider", _("Teamleider of coördinator")
    MUNICIPALITY = "gemeente", _("Gemeente of beleid")
    PARTNER = "ketenpartner", _("Ketenpartner")
    RESIDENT = "inwoner", _("Inwoner of ouder")


# Roles that get the scan in plain Dutch (B1): step names and introductions for families, and
# the statements in the wording for that role (StatementWording). See docs/selfscan.md.
PLAIN_LANGUAGE_ROLES = frozenset({Role.RESIDENT})


class ResponseStatus(models.TextChoices):
    STARTED = "gestart", _("Gestart")
    SUBMITTED = "ingediend", _("Ingediend")


class BudgetAvailability(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    UNKNOWN = "onbekend", _("Weet ik niet")


LIKERT_CHOICES = [
    (1, _("Helemaal oneens")),
    (2, _("Oneens")),
    (3, _("Neutraal")),
    (4, _("Eens")),
    (5, _("Helemaal eens")),
]
DONT_KNOW = "weet-niet"
# "Niet van toepassing": offered only on statements with ``may_not_apply`` (a follow-up that
# assumes something a team may not have). Like "weet ik niet" it counts as not answered; it is
# stored apart (``Answer.not_applicable``) so the results can count it separately.
NOT_APPLICABLE = "nvt"

# The longest comment on one condition (characters): the form, the service and the import.
COMMENT_MAX_LENGTH = 2000


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Nog niet begonnen")
    IN_PROGRESS = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    DROPPED = "vervallen", _("Vervallen")


class Lever(models.TextChoices):
    """Who can change a statement's subject, or who must act on an action point. After the
    synthesis' "voorwaarden" and "beleid en bestuur" (pp. 21–22)."""

    TEAM = "team", _("Het team")
    ORGANISATION = "organisatie", _("De organisatie(s)")
    GEMEENTE = "gemeente", _("De gemeente")


class AgreedViewChoice(models.TextChoices):
    """The team's agreed view of a measured score, recorded in the teamgesprek."""

    AGREE = "eens", _("Eens met de score")
    HIGHER = "hoger", _("Het is beter dan gemeten")
    LOWER = "lager", _("Het is slechter dan gemeten")


# Action points that still ask for work: shown in the follow-up and flagged when overdue.
OPEN_ACTION_STATUSES = ("open", "bezig")


class RoundEventKind(models.TextChoices):
    IMPORTED = "import", _("Import")
    REOPENED = "heropend", _("Heropend")
    SHARED = "gedeeld", _("Opmerkingen gedeeld met de gemeente")
    UNSHARED = "stop-delen", _("Opmerkingen niet meer gedeeld")
    REDACTED = "weggehaald", _("Opmerking weggehaald")


class JobStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")
    CANCELLED = "geannuleerd", _("Geannuleerd")


# The slug prefix of the synthetic gemeenten that fill the national comparison in development
# and benchmarks (evaluation/synthetic.py); the admin keeps them apart from real ones.
SYNTHETIC_PREFIX = "synthetisch-"
