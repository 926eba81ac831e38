"""The score bands: their limits, their (translatable) names and explanations, and which lessons
a condition in each band gets (how many, and which kinds it prefers; the relevance rule in
evaluation/relevance.py does the choosing). The one home of the band vocabulary; no ORM.

A band's lower bound belongs to it (a score of exactly 40 is *aandachtspunt*). The rules with
worked examples are in docs/scoring.md.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Lesson kinds, as stored on knowledge.Lesson.kind (knowledge.constants.LessonKind); plain
# strings so this module stays free of the knowledge app. A test ties the two together.
WORKED = "werkte"
WENT_WRONG = "ging-mis"
TIP = "tip"
CONDITION = "voorwaarde"


@dataclass(frozen=True)
class LinkRule:
    """Which lessons a condition in a band gets: kinds in order of preference, and how many."""

    kinds: tuple[str, ...]
    limit: int


@dataclass(frozen=True)
class Band:
    slug: str
    label: str | Promise
    lower: float
    explanation: str | Promise
    lessons: LinkRule


# Ordered from low to high. Weak conditions get more lessons, strong ones fewer. The kinds only
# break ties after relevance, evidence and variety (evaluation/relevance.py): weak conditions
# prefer what worked and what went wrong, strong ones what keeps a condition in place.
BANDS: tuple[Band, ...] = (
    Band(
        "knelpunt",
        _("Knelpunt"),
        0.0,
        _("Deze voorwaarde ontbreekt grotendeels; begin hier."),
        LinkRule((WORKED, WENT_WRONG, TIP, CONDITION), 5),
    ),
    Band(
        "aandachtspunt",
        _("Aandachtspunt"),
        40.0,
        _("Deels aanwezig, maar nog niet genoeg om er in de praktijk op te kunnen bouwen."),
        LinkRule((WORKED, WENT_WRONG, CONDITION, TIP), 4),
    ),
    Band(
        "op-weg",
        _("Op weg"),
        60.0,
        _("Grotendeels aanwezig; een paar dingen kunnen nog beter."),
        LinkRule((TIP, WORKED, CONDITION), 3),
    ),
    Band(
        "sterk",
        _("Sterk"),
        75.0,
        _("Goed op orde; houd vast wat werkt."),
        LinkRule((CONDITION, TIP), 2),
    ),
)
BY_SLUG: dict[str, Band] = {band.slug: band for band in BANDS}


def band_for(score: float | None) -> Band | None:
    """The band a score falls in; a band's lower bound belongs to it (40 is aandachtspunt)."""
    if score is None:
        return None
    chosen = BANDS[0]
    for band in BANDS:
        if score >= band.lower:
            chosen = band
    return chosen
