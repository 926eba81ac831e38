"""The public read API of the knowledge base, used by the evaluation app.

evaluation imports this module only, never knowledge's models or selectors directly, so the
knowledge base can change inside without the self-scan noticing. Which lessons a team sees is
decided by the self-scan's relevance rule (evaluation/relevance.py); this module only supplies
the candidates.
"""

from collections.abc import Iterable

from .constants import EVIDENCE_EXPLANATIONS, Evidence

# Also the types evaluation annotates with (``knowledge.Condition``, ``knowledge.Lesson``).
from .models import Condition, Lesson


def evidence_levels() -> list[tuple[str, str, str]]:
    """The evidence levels, strongest first: (value, label, one-line explanation). No query."""
    return [
        (value, str(label), str(EVIDENCE_EXPLANATIONS[value])) for value, label in Evidence.choices
    ]


def conditions() -> list[Condition]:
    """The five conditions in their fixed order."""
    return list(Condition.objects.select_related("source").order_by("order"))


def lessons_of_conditions(slugs: Iterable[str]) -> list[Lesson]:
    """Every lesson tagged with at least one of the given conditions, by slug, with what the
    relevance rule needs (kind, evidence, project, conditions, addressed statements and facts)
    and what a lesson card shows (project, source). Two queries, whatever the number of
    conditions; none when no condition is given.
    """
    slugs = list(slugs)
    if not slugs:
        return []
    return list(
        Lesson.objects.filter(conditions__slug__in=slugs)
        .select_related("project", "source")
        .prefetch_related("conditions")
        .distinct()
        .order_by("slug")
    )


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
