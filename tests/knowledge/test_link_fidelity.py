"""What the fidelity check missed before issue 21, now failing tests: a lesson citing one page
while its locator phrase is on another, a condition tag without a linked statement or fact of
that condition, and a link to a statement code that no published questionnaire version asks.

Reads the two fixtures as JSON (knowledge never imports evaluation)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from knowledge.constants import FACT_CONDITION_CODES

from .test_fidelity import citation_problem

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _items(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def lessons() -> dict[str, dict]:
    return {
        item["fields"]["slug"]: item["fields"]
        for item in _items("knowledge.json")
        if item["model"] == "knowledge.lesson"
    }


def condition_codes() -> dict[str, str]:
    """condition slug -> its statement code prefix (MAN, CAS, …)."""
    return {
        item["fields"]["slug"]: item["fields"]["code"]
        for item in _items("knowledge.json")
        if item["model"] == "knowledge.condition"
    }


def asked_codes() -> dict[int, set[str]]:
    """Per published version of the standard questionnaire, the statement codes it asks."""
    items = _items("questionnaire.json")
    published = {
        item["fields"]["version"]
        for item in items
        if item["model"] == "evaluation.questionnaire"
        and item["fields"]["key"] == "standaard"
        and item["fields"]["is_published"]
    }
    codes: dict[int, set[str]] = {version: set() for version in published}
    for item in items:
        if item["model"] == "evaluation.statement":
            key, version = item["fields"]["questionnaire"]
            if key == "standaard" and version in published:
                codes[version].add(item["fields"]["code"])
    return codes


def tagged_prefixes(lesson: dict) -> set[str]:
    codes = condition_codes()
    return {codes[slug] for (slug,) in lesson["conditions"]}


@pytest.mark.parametrize("slug", sorted(lessons()))
def test_every_tag_rests_on_a_linked_statement_or_fact_of_that_condition(slug):
    lesson = lessons()[slug]
    linked = {code.split("-")[0] for code in lesson["addresses_statements"]}
    linked |= {FACT_CONDITION_CODES[fact] for fact in lesson["addresses_facts"]}
    missing = tagged_prefixes(lesson) - linked
    assert not missing, f"{slug}: tagged with {missing} but links nothing of it"


@pytest.mark.parametrize("slug", sorted(lessons()))
def test_every_linked_statement_or_fact_belongs_to_a_tagged_condition(slug):
    lesson = lessons()[slug]
    linked = {code.split("-")[0] for code in lesson["addresses_statements"]}
    linked |= {FACT_CONDITION_CODES[fact] for fact in lesson["addresses_facts"]}
    assert linked <= tagged_prefixes(lesson), slug


@pytest.mark.parametrize("slug", sorted(lessons()))
def test_every_linked_code_is_asked_by_a_published_version(slug):
    asked = set().union(*asked_codes().values())
    unknown = set(lessons()[slug]["addresses_statements"]) - asked
    assert not unknown, f"{slug}: no published version asks {unknown}"


@pytest.mark.parametrize("slug", sorted(lessons()))
def test_a_lesson_that_links_statements_links_one_the_newest_version_asks(slug):
    versions = asked_codes()
    newest = versions[max(versions)]
    codes = set(lessons()[slug]["addresses_statements"])
    assert not codes or codes & newest, f"{slug}: links only {codes}, none asked by the newest"


@pytest.mark.usefixtures("sources_dir")
def test_a_phrase_on_the_next_page_fails_the_page_check():
    # "verschuift daardoor het mandaat" is on p. 8 only; citing p. 9 (or p. 7) must fail now
    # that a phrase wholly on a neighbouring page no longer passes.
    section = "2 Versterken en verbeteren wijkgericht werken met kinderen en gezinnen"
    assert (
        citation_problem("kennissynthese-2023", section, 8, "verschuift daardoor het mandaat")
        is None
    )
    problem = citation_problem("kennissynthese-2023", section, 9, "verschuift daardoor het mandaat")
    assert problem == "on p. 8, not on the cited p. 9"
