"""The public read API of the knowledge base, used by the evaluation app.

evaluation imports this module only, never knowledge's models or selectors directly, so the
knowledge base can change inside without the self-scan noticing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .constants import LessonKind
from .models import Condition, Lesson


@dataclass(frozen=True)
class LinkRule:
    """Which lessons a condition in a band gets: kinds in order of preference, and how many."""

    kinds: tuple[str, ...]
    limit: int


# Weak conditions get what worked and what went wrong (alternating), then tips and conditions;
# strong ones get fewer lessons, about what keeps a condition in place.
LINK_RULES: dict[str, LinkRule] = {
    "knelpunt": LinkRule(
        (LessonKind.WORKED, LessonKind.WENT_WRONG, LessonKind.TIP, LessonKind.CONDITION), 5
    ),
    "aandachtspunt": LinkRule(
        (LessonKind.WORKED, LessonKind.WENT_WRONG, LessonKind.CONDITION, LessonKind.TIP), 4
    ),
    "op-weg": LinkRule((LessonKind.TIP, LessonKind.WORKED, LessonKind.CONDITION), 3),
    "sterk": LinkRule((LessonKind.CONDITION, LessonKind.TIP), 2),
}


def conditions() -> list[Condition]:
    """The five conditions in their fixed order."""
    return list(Condition.objects.select_related("source").order_by("order"))


def select_lessons(lessons: Iterable[Lesson], rule: LinkRule) -> list[Lesson]:
    """Applies a rule to the lessons of one condition. Deterministic, never random.

    Lessons are grouped by kind; within a kind, project lessons come before literature and
    general ones, then by slug. The kinds of the rule take turns (round robin) until the limit
    is reached, so a weak condition shows both what worked and what went wrong. Lessons of a kind
    that is not in the rule are never shown.
    """
    by_kind: dict[str, list[Lesson]] = {kind: [] for kind in rule.kinds}
    for lesson in sorted(lessons, key=lambda item: (item.project_id is None, item.slug)):
        if lesson.kind in by_kind:
            by_kind[lesson.kind].append(lesson)
    chosen: list[Lesson] = []
    while len(chosen) < rule.limit and any(by_kind.values()):
        for kind in rule.kinds:
            if by_kind[kind] and len(chosen) < rule.limit:
                chosen.append(by_kind[kind].pop(0))
    return chosen


def lessons_for_bands(bands: dict[str, str | None]) -> dict[str, list[Lesson]]:
    """The linked lessons per condition slug, for a mapping of condition slug -> band slug.

    A lesson appears under a condition only if it is tagged with that condition. Conditions
    without a band (no score) get no lessons. Two queries, whatever the number of conditions.
    """
    wanted = {slug: LINK_RULES[band] for slug, band in bands.items() if band in LINK_RULES}
    if not wanted:
        return {slug: [] for slug in bands}
    lessons = (
        Lesson.objects.filter(conditions__slug__in=wanted)
        .select_related("project", "source")
        .prefetch_related("conditions")
        .distinct()
    )
    tagged: dict[str, list[Lesson]] = {slug: [] for slug in wanted}
    for lesson in lessons:
        for condition in lesson.conditions.all():
            if condition.slug in tagged:
                tagged[condition.slug].append(lesson)
    return {
        slug: select_lessons(tagged[slug], wanted[slug]) if slug in wanted else [] for slug in bands
    }
