"""The lessons linked to a round's results: the inputs of the relevance rule
(evaluation/relevance.py) read from a round, and the Dutch "waarom deze les" line.
"""

from collections.abc import Mapping
from typing import NamedTuple

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
from .scoring import SCALE_MIDDLE
from .wording import statement_problem, statement_topic


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
            distributions.get(condition.pk, []),
        )
        for condition in knowledge.conditions()
    ]
    lessons = lessons_for_results(
        [(c, mean, dist if mean is not None else [], asked) for c, mean, dist, asked in shown],
        lesson_facts(round_),
        not_holding=lesson_facts_not_holding(round_),
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


def lesson_facts_not_holding(round_: Round) -> frozenset[str]:
    """The facts a round shows do not hold: a lesson that speaks only to those is left out."""
    return relevance.facts_not_holding(
        caseload=round_.caseload_check(),
        bandwidth_low=round_.bandwidth_low,
        bandwidth_high=round_.bandwidth_high,
        budget_available=round_.budget_available,
        budget_days=round_.budget_days,
    )


class StatementLine(NamedTuple):
    """What the "waarom" line needs of a statement the round asked."""

    text: str
    reverse_keyed: bool
    score: float | None  # the team's mean (0–100); None when withheld or not answered


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


def why_line(
    reason: relevance.Reason,
    statements: Mapping[str, StatementLine],
    *,
    withheld: bool = False,
) -> str:
    """One Dutch line: why a lesson is shown. True in every case: an applying fact; the low
    statement it addresses, worded the way the team answered it (``statement_problem``); another
    statement the round asked (not low, or its answers withheld); or nothing the round asked.

    ``withheld``: the answers per statement of this condition are not shown (privacy), so
    whether a statement is low is not known."""
    if reason.facts:
        return _fact_line(reason.facts[0])

    def line(code: str) -> StatementLine:
        return statements.get(code, StatementLine(code, False, None))

    if reason.statements:
        first = line(reason.statements[0])
        problem = statement_problem(
            first.text,
            reverse_keyed=first.reverse_keyed,
            partly=first.score is not None and first.score >= SCALE_MIDDLE,
        )
        others = len(reason.statements) - 1
        if not others:
            return _("%(problem)s.") % {"problem": problem}
        return ngettext(
            "%(problem)s. De les gaat ook over nog %(count)s stelling die bij jullie laag scoort.",
            "%(problem)s. De les gaat ook over nog %(count)s stellingen die bij jullie laag "
            "scoren.",
            others,
        ) % {"problem": problem, "count": others}
    if reason.asked:
        first = line(reason.asked[0])
        topic = statement_topic(first.text, reverse_keyed=first.reverse_keyed)
        if first.score is None and withheld:
            return _(
                "Gaat over %(topic)s. Jullie antwoorden per stelling worden niet getoond "
                "(privacy), dus hoe jullie hierop antwoordden, staat hier niet."
            ) % {"topic": topic}
        if first.score is None:
            return _("Gaat over %(topic)s. Niemand in jullie team koos hier eens of oneens.") % {
                "topic": topic
            }
        if first.reverse_keyed:
            return _("Gaat over %(topic)s. Dat herkennen jullie gemiddeld niet.") % {"topic": topic}
        return _("Gaat over %(topic)s. Daarop scoren jullie niet laag.") % {"topic": topic}
    return _(
        "Algemene les bij deze voorwaarde. Ze gaat niet over een stelling of feit uit jullie "
        "scan; ze staat hier omdat er niet meer lessen zijn die dat wel doen."
    )


def lessons_for_results(
    conditions: list[
        tuple[
            knowledge.Condition,
            float | None,
            list[StatementDistribution],
            list[StatementDistribution],
        ]
    ],
    facts: frozenset[str],
    *,
    not_holding: frozenset[str] = frozenset(),
) -> dict[str, list]:
    """The linked lessons per condition slug, chosen by the relevance rule
    (evaluation/relevance.py), each with ``reason`` and ``why`` set.

    ``conditions``: (condition, disclosed mean or None, its answers per statement as shown,
    the statements the round asks of it) in the fixed order; a condition without a mean gets no
    lessons, and its answers are not used. When the answers shown are empty but statements
    were asked, they are withheld. ``not_holding``: the facts the round shows do not hold.
    Two queries, whatever the number of conditions.
    """
    inputs: dict[str, relevance.ConditionInput] = {}
    lines: dict[str, dict[str, StatementLine]] = {}
    withheld: dict[str, bool] = {}
    for condition, mean, distribution, asked in conditions:
        band = band_for(mean)
        statements = {d.code: d.mean for d in distribution if d.mean is not None}
        inputs[condition.slug] = relevance.ConditionInput(
            rule=band.lessons if band else None,
            mean=mean,
            statements=statements,
            facts=frozenset(f for f in facts if FACT_CONDITION_CODES.get(f) == condition.code),
            asked=frozenset(d.code for d in asked),
        )
        lines[condition.slug] = {
            d.code: StatementLine(d.text, d.reverse_keyed, statements.get(d.code))
            for d in [*asked, *distribution]
        }
        withheld[condition.slug] = bool(asked) and not distribution
    wanted = [slug for slug, condition in inputs.items() if condition.rule is not None]
    lessons = {lesson.slug: lesson for lesson in knowledge.lessons_of_conditions(wanted)}
    links = relevance.relevant_lessons(
        inputs, [_candidate(item) for item in lessons.values()], not_holding=not_holding
    )
    result: dict[str, list] = {}
    for slug, linked in links.items():
        result[slug] = []
        for link in linked:
            lesson = lessons[link.slug]
            lesson.reason = link.reason
            lesson.why = why_line(link.reason, lines[slug], withheld=withheld[slug])
            result[slug].append(lesson)
    return result
