"""Reads for the knowledge pages. Each returns what one page shows, in a fixed number of queries."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet

from .constants import EVIDENCE_EXPLANATIONS, QUALITY_CAVEAT, Evidence
from .models import Condition, Lesson, Project, Source, Theme


@dataclass(frozen=True)
class EvidenceLevel:
    value: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Caveat:
    """A cited passage that a page passes on in our own words."""

    citation: str


def evidence_levels() -> list[EvidenceLevel]:
    """The evidence levels, strongest first, each with its one-line explanation."""
    return [
        EvidenceLevel(value, str(label), str(EVIDENCE_EXPLANATIONS[value]))
        for value, label in Evidence.choices
    ]


def quality_caveat() -> Caveat | None:
    """Where the synthesis warns that its projects differ in quality; None if not loaded."""
    source = Source.objects.filter(key=QUALITY_CAVEAT["source"]).first()
    if source is None:
        return None
    author = source.authors or source.title
    year = source.year or "z.j."
    return Caveat(
        f"{author} ({year}), {source.title}, {QUALITY_CAVEAT['section']}, "
        f"p. {QUALITY_CAVEAT['page']}"
    )


@dataclass(frozen=True)
class LessonGroup:
    """Lessons of one origin: a project, or literature and general lessons (project None)."""

    project: Project | None
    lessons: list[Lesson]


def group_by_project(lessons: QuerySet[Lesson]) -> list[LessonGroup]:
    """Groups lessons by project (projects by city and title), general lessons last."""
    ordered = sorted(
        lessons,
        key=lambda lesson: (
            lesson.project is None,
            lesson.project.city if lesson.project else "",
            lesson.project.title if lesson.project else "",
            lesson.title,
        ),
    )
    return [
        LessonGroup(project=project, lessons=list(items))
        for project, items in groupby(ordered, key=lambda lesson: lesson.project)
    ]


def conditions_with_counts() -> QuerySet[Condition]:
    return Condition.objects.annotate(lesson_count=Count("lessons"))


def themes_with_counts() -> QuerySet[Theme]:
    return Theme.objects.annotate(lesson_count=Count("lessons"))


def projects_with_counts() -> QuerySet[Project]:
    return Project.objects.select_related("source").annotate(lesson_count=Count("lessons"))


def project_with_lessons(slug: str) -> Project:
    lessons = Lesson.objects.with_relations().order_by("title")
    return (
        Project.objects.select_related("source")
        .prefetch_related(Prefetch("lessons", queryset=lessons))
        .get(slug=slug)
    )


def lessons_for(**filters: object) -> QuerySet[Lesson]:
    """Lessons matching exact filters (e.g. ``conditions=condition``), with their relations."""
    return Lesson.objects.with_relations().filter(**filters).distinct()


def filtered_lessons(
    *,
    text: str = "",
    condition: Condition | None = None,
    theme: Theme | None = None,
    project: Project | None = None,
    kind: str = "",
    evidence: str = "",
) -> QuerySet[Lesson]:
    """The lesson list: free-text search narrowed by condition, theme, project, kind, evidence."""
    lessons = Lesson.objects.with_relations().search(text)
    if condition is not None:
        lessons = lessons.filter(conditions=condition)
    if theme is not None:
        lessons = lessons.filter(themes=theme)
    if project is not None:
        lessons = lessons.filter(project=project)
    if kind:
        lessons = lessons.filter(kind=kind)
    if evidence:
        lessons = lessons.filter(evidence=evidence)
    return lessons.distinct().order_by("title")


def cited_sources() -> QuerySet[Source]:
    """The bibliography: programme documents first, then literature, with lesson counts."""
    return Source.objects.annotate(lesson_count=Count("lessons")).order_by(
        "-kind", "authors", "year"
    )
