"""The public read API of the knowledge base, used by the evaluation app.

evaluation imports this module only, never knowledge's models or selectors directly, so the
knowledge base can change inside without the self-scan noticing.
"""

from collections.abc import Iterable, Mapping
from typing import Protocol

from .models import Condition, Lesson


class LinkRule(Protocol):
    """Which lessons a condition gets: kinds in order of preference, and how many. The rules
    themselves belong to the self-scan's bands (evaluation/bands.py)."""

    kinds: tuple[str, ...]
    limit: int


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


def lessons_for_rules(rules: Mapping[str, LinkRule | None]) -> dict[str, list[Lesson]]:
    """The linked lessons per condition slug, for a mapping of condition slug -> rule.

    A lesson appears under a condition only if it is tagged with that condition. Conditions
    without a rule (no score) get no lessons. Two queries, whatever the number of conditions.
    """
    wanted = {slug: rule for slug, rule in rules.items() if rule is not None}
    if not wanted:
        return {slug: [] for slug in rules}
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
        slug: select_lessons(tagged[slug], wanted[slug]) if slug in wanted else [] for slug in rules
    }


def lessons_for_statements(codes: Iterable[str]) -> dict[str, list[Lesson]]:
    """The lessons that address each statement code (``Lesson.addresses_statements``), in slug
    order. One query, whatever the number of codes (the lists are read in Python: SQLite cannot
    search inside a JSON list)."""
    wanted = set(codes)
    found: dict[str, list[Lesson]] = {code: [] for code in wanted}
    if not wanted:
        return found
    lessons = (
        Lesson.objects.exclude(addresses_statements=[])
        .select_related("project", "source")
        .order_by("slug")
    )
    for lesson in lessons:
        for code in lesson.addresses_statements or []:
            if code in found:
                found[code].append(lesson)
    return found
