"""The reference data in fixtures/knowledge.json: complete, cited, and reloadable."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from knowledge.constants import (
    FACT_CONDITION_CODES,
    Evidence,
    LessonFact,
    LessonKind,
    ProjectStatus,
)
from knowledge.models import Condition, Lesson, Project, Source, Theme

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "knowledge.json"
QUESTIONNAIRE = Path(settings.BASE_DIR) / "fixtures" / "questionnaire.json"

# Lessons that bear on none of the five conditions. They stay in the knowledge base (under their
# themes and projects) but are never linked to a score. Tagging them anyway would put them under a
# condition they do not speak to; adding one here is a deliberate choice.
WITHOUT_CONDITION = {
    "een-plan-dat-het-gezin-kan-inzien",
    "amsterdam-aandachtsfunctionarissen",
    "zaanstad-bekende-rolmodellen",
    "zaanstad-tussenpersonen",
    "signalen-delen-voor-collectieve-aanpak",
    "vig-routes-voor-vrijwilligersorganisaties",
    "vig-informatie-tussen-organisaties",
    "poh-coordinator-of-wijkmanager",
    "cultuursensitieve-gidsen-kwetsbaren-eerst-in-het-gedrang",
    # Issue 21: their passages bear on no condition's statements or facts.
    "poh-sluitende-afspraken-met-wijkteam",
    "poh-tijd-voor-netwerk",
    "leiden-intensieve-hulp-korte-duur",
    "eenvoudig-maatwerk-doorbraken",
    "zaanstad-jongerenwerker-als-vertrouwenspersoon",
    "groningen-sportclub-vroeg-signaleren",
    "zwolle-ontmoetingsplek-ouders",
}


def test_it_has_the_five_conditions_and_five_themes(knowledge_base):
    assert list(Condition.objects.values_list("slug", flat=True)) == [
        "een-vaste-professional",
        "mandaat",
        "caseload",
        "teambudget",
        "gedeelde-visie",
    ]
    assert list(Theme.objects.values_list("slug", flat=True)) == [
        "integraal-werken",
        "wijkgericht-werken",
        "outreachend-werken",
        "preventief-en-vroegtijdig",
        "ervaringsdeskundigheid",
    ]


def test_it_has_all_ten_projects_with_a_real_status(knowledge_base):
    assert Project.objects.count() == 10
    statuses = set(Project.objects.values_list("status", flat=True))
    assert statuses <= set(ProjectStatus.values)
    # The synthesis reports projects that did not (yet) produce results: the status says so.
    assert statuses - {ProjectStatus.FINISHED}
    for project in Project.objects.exclude(status=ProjectStatus.FINISHED):
        assert project.status_note, project


def test_it_has_at_least_sixty_lessons_each_fully_tagged_and_cited(knowledge_base):
    lessons = Lesson.objects.annotate(
        n_conditions=Count("conditions", distinct=True), n_themes=Count("themes", distinct=True)
    )
    assert lessons.count() >= 60
    for lesson in lessons.select_related("source"):
        assert (lesson.n_conditions == 0) == (lesson.slug in WITHOUT_CONDITION), lesson.slug
        assert lesson.n_themes >= 1, lesson.slug
        assert lesson.section, lesson.slug
        # The synthesis has page numbers (table of contents); the annual report has none.
        if lesson.source.key == "kennissynthese-2023":
            assert lesson.page, lesson.slug
        assert lesson.try_this, lesson.slug
        assert lesson.source.kind == "publicatie", lesson.slug


# The sources say little about a team budget: three passages bear on it (p. 9, p. 21, p. 36), so
# teambudget has three lessons (issue 21 dropped tags that had no basis in their passage).
FEWER_LESSONS = {"teambudget": 3}


def test_every_condition_has_six_lessons_from_three_origins(knowledge_base):
    for condition in Condition.objects.all():
        lessons = condition.lessons.all()
        origins = {lesson.project_id for lesson in lessons}  # None = literature / general
        assert lessons.count() >= FEWER_LESSONS.get(condition.slug, 6), condition.slug
        assert len(origins) >= 3, condition.slug


def test_every_project_with_results_and_every_theme_has_lessons(knowledge_base):
    # A project without results yet has nothing to teach; its page says so.
    without = Project.objects.annotate(n=Count("lessons")).filter(n=0)
    assert set(without.values_list("status", flat=True)) <= {ProjectStatus.NO_RESULTS}
    assert not Theme.objects.annotate(n=Count("lessons")).filter(n=0).exists()


def test_every_lesson_has_a_valid_evidence_level_and_addresses(knowledge_base):
    codes = {
        item["fields"]["code"]
        for item in json.loads(QUESTIONNAIRE.read_text(encoding="utf-8"))
        if "code" in item["fields"]
    }
    for lesson in Lesson.objects.all():
        lesson.full_clean()
        assert lesson.evidence in Evidence.values, lesson.slug
        assert set(lesson.addresses_statements) <= codes, lesson.slug
        assert set(lesson.addresses_facts) <= set(LessonFact.values), lesson.slug


def test_a_lesson_addresses_only_statements_and_facts_of_its_own_conditions(knowledge_base):
    for lesson in Lesson.objects.prefetch_related("conditions"):
        own = {condition.code for condition in lesson.conditions.all()}
        addressed = {code.split("-")[0] for code in lesson.addresses_statements}
        addressed |= {FACT_CONDITION_CODES[fact] for fact in lesson.addresses_facts}
        assert addressed <= own, lesson.slug


def test_most_lessons_address_a_statement_or_fact(knowledge_base):
    lessons = Lesson.objects.exclude(slug__in=WITHOUT_CONDITION)
    addressing = [
        lesson for lesson in lessons if lesson.addresses_statements or lesson.addresses_facts
    ]
    assert len(addressing) >= 0.9 * lessons.count()


def test_what_worked_is_only_claimed_for_an_outcome(knowledge_base):
    """'Wat werkte' needs a project that reports an outcome, not a wish, plan or stopped pilot."""
    worked = Lesson.objects.filter(kind=LessonKind.WORKED)
    assert worked.exists()
    for lesson in worked.select_related("project"):
        assert lesson.evidence == Evidence.OUTCOME, lesson.slug
        assert lesson.project is not None, lesson.slug


def test_lessons_from_stopped_or_unfinished_projects_are_intentions(knowledge_base):
    for lesson in Lesson.objects.filter(
        project__status__in=[ProjectStatus.STOPPED_EARLY, ProjectStatus.NO_RESULTS]
    ):
        assert lesson.evidence == Evidence.INTENTION, lesson.slug


def test_every_fact_is_addressed_by_a_lesson(knowledge_base):
    addressed = {fact for lesson in Lesson.objects.all() for fact in lesson.addresses_facts}
    assert addressed == set(LessonFact.values)


def test_statement_codes_look_like_the_questionnaire_codes():
    for item in json.loads(FIXTURE.read_text(encoding="utf-8")):
        for code in item["fields"].get("addresses_statements", []):
            assert re.fullmatch(r"[A-Z]{3}-\d+", code), code


def test_lessons_cover_every_kind(knowledge_base):
    kinds = Counter(Lesson.objects.values_list("kind", flat=True))
    assert set(kinds) == set(LessonKind.values)


def test_literature_is_cited_by_lessons(knowledge_base):
    assert Source.objects.filter(kind="literatuur", lessons__isnull=False).distinct().count() >= 5


def test_reloading_the_fixture_adds_nothing(knowledge_base):
    models = (Source, Condition, Theme, Project, Lesson)
    before = [model.objects.count() for model in models]
    links = Lesson.conditions.through.objects.count()
    call_command("loaddata", "knowledge", verbosity=0)
    assert [model.objects.count() for model in models] == before
    assert Lesson.conditions.through.objects.count() == links


def test_the_fixture_has_no_primary_keys():
    # Natural keys only: primary keys in a fixture would overwrite rows on another database.
    for item in json.loads(FIXTURE.read_text(encoding="utf-8")):
        assert "pk" not in item, item["fields"]


def _words(text: str) -> list[str]:
    return "".join(c.lower() if c.isalnum() else " " for c in text).split()


def test_lessons_are_in_our_own_words(sources_dir):
    """No run of ten consecutive words is copied from the source documents."""
    run = 10
    source_runs = set()
    texts = sorted(sources_dir.glob("*.txt"))
    for path in texts:
        words = _words(path.read_text(encoding="utf-8"))
        source_runs.update(tuple(words[i : i + run]) for i in range(len(words) - run + 1))
    # A check that compared nothing would pass: the sources hold runs, every lesson has a text.
    assert texts, f"no source text in {sources_dir}"
    assert source_runs
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))
    lessons = {item["fields"]["slug"] for item in items if item["model"] == "knowledge.lesson"}
    compared: set[str] = set()  # the lessons with at least one text compared
    copied = []
    for item in items:
        for field, value in item["fields"].items():
            # Titles, bibliographic fields, section names and page lists are citations.
            if not isinstance(value, str) or field in {
                "title",
                "authors",
                "details",
                "section",
                "pages",
            }:
                continue
            words = _words(value)
            if item["model"] == "knowledge.lesson" and len(words) >= run:
                compared.add(item["fields"]["slug"])
            for i in range(len(words) - run + 1):
                if tuple(words[i : i + run]) in source_runs:
                    copied.append(f"{item['model']} {field}: {' '.join(words[i : i + run])}")
                    break
    assert lessons
    assert compared == lessons, sorted(lessons - compared)
    assert not copied, "\n".join(copied)
