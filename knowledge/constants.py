"""Choices for the knowledge base."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class SourceKind(models.TextChoices):
    PUBLICATION = "publicatie", _("Publicatie van het programma")
    LITERATURE = "literatuur", _("Literatuur")


class ProjectStatus(models.TextChoices):
    FINISHED = "afgerond", _("Afgerond")
    RUNNING = "lopend", _("Loopt nog")
    STOPPED_EARLY = "voortijdig-gestopt", _("Voortijdig gestopt")
    NO_RESULTS = "geen-resultaten", _("Nog geen resultaten")
    UNKNOWN = "onbekend", _("Status niet vermeld")


class LessonKind(models.TextChoices):
    WORKED = "werkte", _("Wat werkte")
    WENT_WRONG = "ging-mis", _("Wat ging mis")
    TIP = "tip", _("Tip")
    CONDITION = "voorwaarde", _("Voorwaarde")


class Evidence(models.TextChoices):
    """How much weight the source gives a lesson, strongest first (the order is the rank).

    The synthesis warns that its projects differ in set-up and quality (§4, "Uiteenlopende
    projecten", p. 42), so every lesson says what kind of evidence it rests on.
    """

    OUTCOME = "uitkomst", _("Uitkomst uit een projectevaluatie")
    EXPERIENCE = "ervaring", _("Ervaring uit een project")
    LITERATURE = "literatuur", _("Literatuur")
    INTENTION = "voornemen", _("Voornemen of niet afgerond project")


EVIDENCE_EXPLANATIONS: "dict[str, StrPromise]" = {
    Evidence.OUTCOME: _(
        "Een project probeerde het uit en de evaluatie of (tussen)rapportage beschrijft wat het "
        "opleverde."
    ),
    Evidence.EXPERIENCE: _(
        "Wat professionals, gezinnen of onderzoekers in een project merkten of belangrijk vonden; "
        "een gemeten resultaat ontbreekt."
    ),
    Evidence.LITERATURE: _(
        "Een bevinding uit eerder onderzoek of uit overzichten van werkzame elementen, zoals de "
        "kennissynthese die samenvat."
    ),
    Evidence.INTENTION: _(
        "Een plan, wens of aanbeveling, of een les uit een project dat stopte of nog geen "
        "resultaten had: nog niet in de praktijk getoetst."
    ),
}


def evidence_rank(value: str) -> int:
    """0 for the strongest evidence (an outcome); unknown or empty values rank after the weakest."""
    values = Evidence.values
    return values.index(value) if value in values else len(values)


class LessonFact(models.TextChoices):
    """Facts from the self-scan (numbers rather than opinions) that a lesson can speak to."""

    CASELOAD_ABOVE_BAND = "caseload-boven-bandbreedte", _("Caseload boven de eigen bandbreedte")
    NO_BAND = "geen-bandbreedte", _("Geen eigen bandbreedte vastgesteld")
    NO_TEAM_BUDGET = "geen-teambudget", _("Geen vrij besteedbaar teambudget")
    BUDGET_SLOW = "budget-traag", _("Budget pas na dagen inzetbaar")


# The condition (by statement code prefix) that each fact belongs to.
FACT_CONDITION_CODES: dict[str, str] = {
    LessonFact.CASELOAD_ABOVE_BAND: "CAS",
    LessonFact.NO_BAND: "CAS",
    LessonFact.NO_TEAM_BUDGET: "BUD",
    LessonFact.BUDGET_SLOW: "BUD",
}

# A statement code as used in fixtures/questionnaire.json: condition code, hyphen, number.
STATEMENT_CODE_PATTERN = r"^[A-Z]{3}-\d+$"

# Where the synthesis itself warns that its projects differ in set-up, method and quality, so
# that their results are hard to compare. The lesson pages pass this on, in our own words.
QUALITY_CAVEAT: dict[str, str | int] = {
    "source": "kennissynthese-2023",
    "section": "4 Reflectie – Uiteenlopende projecten",
    "page": 42,
}
