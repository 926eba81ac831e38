"""Lesson fields that are checked without the database: evidence rank and the address lists."""

import pytest
from django.core.exceptions import ValidationError

from knowledge.constants import Evidence, LessonFact, evidence_rank
from knowledge.forms import LessonAdminForm
from knowledge.models import Lesson, validate_lesson_facts, validate_statement_codes


def test_evidence_is_ranked_strongest_first():
    assert [evidence_rank(value) for value in Evidence.values] == [0, 1, 2, 3]
    assert Evidence.values == ["uitkomst", "ervaring", "literatuur", "voornemen"]
    assert evidence_rank("") == evidence_rank("onzin") == 4
    assert Lesson(evidence=Evidence.LITERATURE).evidence_rank == 2


@pytest.mark.parametrize("value", [[], ["VAS-3"], ["VAS-3", "CAS-12"]])
def test_valid_statement_codes_pass(value):
    validate_statement_codes(value)


@pytest.mark.parametrize(
    "value", ["VAS-3", ["vas-3"], ["VAS3"], ["VAST-1"], [3], ["VAS-3", "VAS-3"], ["VAS-3 "]]
)
def test_malformed_statement_codes_are_refused(value):
    with pytest.raises(ValidationError):
        validate_statement_codes(value)


def test_facts_must_be_known_and_distinct():
    validate_lesson_facts([LessonFact.NO_TEAM_BUDGET, LessonFact.BUDGET_SLOW])
    for value in (["geen-geld"], "geen-teambudget", ["budget-traag", "budget-traag"]):
        with pytest.raises(ValidationError):
            validate_lesson_facts(value)


def test_the_admin_form_reads_statement_codes_as_comma_separated_text():
    form = LessonAdminForm()
    field = form.fields["addresses_statements"]
    assert field.clean("vas-3, CAS-2;BUD-1 ,") == ["VAS-3", "CAS-2", "BUD-1"]
    assert field.clean("") == []
    assert field.prepare_value(["VAS-3", "CAS-2"]) == "VAS-3, CAS-2"
