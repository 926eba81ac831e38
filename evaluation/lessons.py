"""The lessons linked to a round's results: the inputs of the relevance rule
(evaluation/relevance.py) read from a round, and the Dutch "waarom deze les" line.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowledge import services as knowledge
from knowledge.constants import FACT_CONDITION_CODES

from . import relevance
from .aggregates import (
    StatementDistribution,
    condition_aggregates,
    reportable_means,
    statement_distributions,
    statement_level_shown,
)
from .bands import band_for
from .disclosure import policy
from .models import (
    Round,
)


def linked_lessons(round_: Round) -> list:
    """The lessons the results page links to, for choosing one in an action point, each with
    ``reason`` and ``why`` as on the page.

    Reads only what the linking needs (count, condition means, answers per statement), not the
    whole page.
    """
    rules = policy()
    round_.refresh_counts()
    if not round_.disclosure().reportable:
        return []
    means = reportable_means(condition_aggregates(round_), rules)
    distributions = statement_distributions(round_)
    by_statement = statement_level_shown([round_])
    shown = [
        (
            condition,
            means.get(condition.pk),
            distributions.get(condition.pk, [])
            if (round_.pk, condition.pk) in by_statement
            else [],
        )
        for condition in knowledge.conditions()
    ]
    lessons = lessons_for_results(
        [(c, mean, dist if mean is not None else []) for c, mean, dist in shown],
        lesson_facts(round_),
    )
    return [lesson for linked in lessons.values() for lesson in linked]


def lesson_facts(round_: Round) -> frozenset[str]:
    """The facts of a round that lessons can address (evaluation/relevance.py)."""
    return relevance.applying_facts(
        caseload=round_.caseload_check(),
        bandwidth_low=round_.bandwidth_low,
        bandwidth_high=round_.bandwidth_high,
        budget_available=round_.budget_available,
        budget_days=round_.budget_days,
    )


def _candidate(lesson) -> relevance.Candidate:
    return relevance.Candidate(
        slug=lesson.slug,
        kind=lesson.kind,
        evidence=lesson.evidence_rank,
        project=lesson.project.slug if lesson.project_id else None,
        conditions=frozenset(condition.slug for condition in lesson.conditions.all()),
        statements=frozenset(lesson.addresses_statements),
        facts=frozenset(lesson.addresses_facts),
    )


def _fact_line(fact: str) -> str:
    lines = {
        relevance.CASELOAD_ABOVE_BAND: _("Jullie caseload ligt boven jullie eigen bandbreedte."),
        relevance.NO_BAND: _("Jullie hebben geen eigen bandbreedte voor de caseload ingevuld."),
        relevance.NO_TEAM_BUDGET: _("Jullie team heeft geen vrij besteedbaar budget."),
        relevance.BUDGET_SLOW: _(
            "Jullie kunnen het teambudget pas na meer dan %(days)s dagen inzetten."
        )
        % {"days": relevance.BUDGET_SLOW_AFTER_DAYS},
    }
    return lines[fact]


def why_line(reason: relevance.Reason, statement_texts: dict[str, str]) -> str:
    """One Dutch line: why a lesson is shown (a fact, the lowest statement, or a fallback)."""
    if reason.facts:
        return _fact_line(reason.facts[0])
    if reason.statements:
        text = statement_texts.get(reason.statements[0], reason.statements[0]).rstrip(".")
        others = len(reason.statements) - 1
        if not others:
            return _("Jullie scoren laag op ‘%(statement)s’.") % {"statement": text}
        return ngettext(
            "Jullie scoren laag op ‘%(statement)s’ en op nog %(count)s stelling hierover.",
            "Jullie scoren laag op ‘%(statement)s’ en op nog %(count)s stellingen hierover.",
            others,
        ) % {"statement": text, "count": others}
    return _(
        "Algemene les bij deze voorwaarde: er zijn weinig lessen over jullie laagste stellingen."
    )


def lessons_for_results(
    conditions: list[tuple[knowledge.Condition, float | None, list[StatementDistribution]]],
    facts: frozenset[str],
) -> dict[str, list]:
    """The linked lessons per condition slug, chosen by the relevance rule
    (evaluation/relevance.py), each with ``reason`` and ``why`` set.

    ``conditions``: (condition, disclosed mean or None, its answers per statement) in the fixed
    order; a condition without a mean gets no lessons, and its answers are not used. Two
    queries, whatever the number of conditions.
    """
    inputs: dict[str, relevance.ConditionInput] = {}
    texts: dict[str, str] = {}
    for condition, mean, distribution in conditions:
        band = band_for(mean)
        statements = {d.code: d.mean for d in distribution if d.mean is not None}
        texts |= {d.code: d.text for d in distribution}
        inputs[condition.slug] = relevance.ConditionInput(
            rule=band.lessons if band else None,
            mean=mean,
            statements=statements,
            facts=frozenset(f for f in facts if FACT_CONDITION_CODES.get(f) == condition.code),
        )
    wanted = [slug for slug, condition in inputs.items() if condition.rule is not None]
    lessons = {lesson.slug: lesson for lesson in knowledge.lessons_of_conditions(wanted)}
    links = relevance.relevant_lessons(inputs, [_candidate(item) for item in lessons.values()])
    result: dict[str, list] = {}
    for slug, linked in links.items():
        result[slug] = []
        for link in linked:
            lesson = lessons[link.slug]
            lesson.reason = link.reason
            lesson.why = why_line(link.reason, texts)
            result[slug].append(lesson)
    return result
