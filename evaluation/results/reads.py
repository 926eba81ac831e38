"""Reads for the team results page and the report (both show ``round_results``).

Everything is aggregated from the scores stored at submit; raw answers are only counted per
statement and value in the database. The number of queries does not depend on the number of
responses. Below the privacy threshold nothing but the count is read.
"""

import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min, Q, StdDev
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowledge import services as knowledge
from knowledge.constants import FACT_CONDITION_CODES

from .. import relevance, scoring, selectors
from ..bands import Band, band_for
from ..caseload import CaseloadCheck
from ..charts import Radar, radar
from ..constants import NOT_APPLICABLE, ResponseStatus, Role
from ..disclosure import Policy, RoundDisclosure, policy
from ..models import (
    ActionPoint,
    AgreedView,
    Answer,
    Comment,
    ConditionScore,
    Response,
    Round,
    RoundEvent,
    StatementAggregate,
)

SUBMITTED = Q(response__status=ResponseStatus.SUBMITTED)
STRONG = "sterk"  # the band that never needs "most attention"


@dataclass
class StatementDistribution:
    code: str
    text: str
    reverse_keyed: bool
    counts: list[int]  # answers 1..5
    dont_know: int
    not_applicable: int = 0  # "niet van toepassing": not answered, counted apart
    may_not_apply: bool = False  # whether the statement offers "niet van toepassing"

    @property
    def total(self) -> int:
        return sum(self.counts) + self.dont_know + self.not_applicable

    @property
    def mean(self) -> float | None:
        """The team's mean score on this statement (0–100, reverse keying applied), from the
        counts per answer read in the database; "weet ik niet" does not count."""
        answered = sum(self.counts)
        if not answered:
            return None
        total = sum(
            n * scoring.statement_score(value, reverse_keyed=self.reverse_keyed)
            for value, n in enumerate(self.counts, start=1)
        )
        return total / answered


@dataclass
class RoleScore:
    label: str
    n: int
    mean: float | None


@dataclass
class ConditionResult:
    condition: object
    n: int
    mean: float | None
    median: float | None
    spread: float | None
    minimum: float | None
    maximum: float | None
    band: Band | None
    divided: bool
    distribution: list[StatementDistribution] = field(default_factory=list)
    # The answers per statement are held back: a small group of roles was asked other ones.
    statements_withheld: bool = False
    roles: list[RoleScore] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    # The linked lessons (knowledge.Lesson), best first; each carries ``reason``
    # (evaluation.relevance.Reason) and ``why`` (one line: why it is shown).
    lessons: list = field(default_factory=list)
    actions: list[ActionPoint] = field(default_factory=list)
    previous_mean: float | None = None
    previous_actions: list[ActionPoint] = field(default_factory=list)
    agreed: AgreedView | None = None  # the team's agreed view, from the teamgesprek

    @property
    def comment_counts(self) -> list[tuple[str, int]]:
        """The comments with identical ones shown once, with how many gave them."""
        return [(text, len(list(same))) for text, same in itertools.groupby(self.comments)]

    @property
    def has_fallback(self) -> bool:
        """Whether general lessons fill in for too few lessons about the team's answers."""
        return any(lesson.reason.fallback for lesson in self.lessons)

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean


@dataclass
class RoundResults:
    round: Round
    submitted: int
    policy: Policy
    disclosure: RoundDisclosure
    events: list[RoundEvent] = field(default_factory=list)  # imports and reopenings
    comments_shown: bool = False  # comments are the team's: see round_results
    conditions: list[ConditionResult] = field(default_factory=list)  # weakest first
    chart: Radar | None = None
    caseload: CaseloadCheck | None = None
    previous: Round | None = None
    roles_shown: list[str] = field(default_factory=list)
    actions: list[ActionPoint] = field(default_factory=list)  # the action plan, all conditions

    @property
    def threshold(self) -> int:
        return self.policy.minimum

    @property
    def reportable(self) -> bool:
        return self.disclosure.reportable

    @property
    def withheld(self) -> str:
        return self.disclosure.withheld or ""

    @property
    def missing(self) -> int:
        return self.disclosure.missing

    @property
    def imported(self) -> int:
        return self.round.imported_count

    @property
    def via_link(self) -> int:
        return self.submitted - self.imported

    @property
    def attention(self) -> list[ConditionResult]:
        """The (up to) three conditions that need most attention: the lowest scores, never
        one that is already strong (a team at 88 everywhere has no "most attention")."""
        return [
            c
            for c in self.conditions
            if c.mean is not None and c.band is not None and c.band.slug != STRONG
        ][:3]

    @property
    def agreed_views(self) -> list[ConditionResult]:
        """The conditions on which the team recorded an agreed view, weakest first."""
        return [c for c in self.conditions if c.agreed is not None]

    @property
    def divided(self) -> list[ConditionResult]:
        return [c for c in self.conditions if c.divided]


def submitted_count(round_: Round) -> int:
    return round_.responses.filter(status=ResponseStatus.SUBMITTED).count()


def condition_aggregates(round_: Round) -> dict[int, dict]:
    # Only defined scores: SQLite's standard deviation fails on a group of nothing but NULLs.
    rows = (
        ConditionScore.objects.filter(SUBMITTED, response__round=round_, score__isnull=False)
        .values("condition_id")
        .annotate(
            n=Count("score"),
            mean=Avg("score"),
            spread=StdDev("score"),
            minimum=Min("score"),
            maximum=Max("score"),
        )
    )
    return {row["condition_id"]: row for row in rows}


def _reportable_means(aggregates: dict[int, dict], rules: Policy) -> dict[int, float]:
    """Condition means resting on enough defined scores; fewer would show individuals. The one
    place this rule is applied, for this round and the previous one."""
    return {
        condition_id: row["mean"]
        for condition_id, row in aggregates.items()
        if rules.reportable(row["n"])
    }


def _medians(round_: Round) -> dict[int, float]:
    # One query for the stored scores; the median itself is not portable SQL (SQLite).
    scores: dict[int, list[float]] = defaultdict(list)
    for condition_id, score in ConditionScore.objects.filter(
        SUBMITTED, response__round=round_, score__isnull=False
    ).values_list("condition_id", "score"):
        scores[condition_id].append(score)
    return {condition_id: statistics.median(values) for condition_id, values in scores.items()}


def _answer_key(value: int | None, not_applicable: bool) -> int | str | None:
    return NOT_APPLICABLE if not_applicable else value


def _distributions(round_: Round) -> dict[int, list[StatementDistribution]]:
    if round_.raw_purged_at is not None:
        # After the retention period only the counts per answer are left.
        counts = {
            (statement_id, _answer_key(value, not_applicable)): n
            for statement_id, value, not_applicable, n in StatementAggregate.objects.filter(
                round=round_
            ).values_list("statement_id", "value", "not_applicable", "count")
        }
    else:
        counts = {
            (row["statement_id"], _answer_key(row["value"], row["not_applicable"])): row["n"]
            for row in Answer.objects.filter(SUBMITTED, response__round=round_)
            .values("statement_id", "value", "not_applicable")
            .annotate(n=Count("id"))
        }
    result: dict[int, list[StatementDistribution]] = defaultdict(list)
    for statement in round_.questionnaire.statements.order_by("order"):
        result[statement.condition_id].append(
            StatementDistribution(
                code=statement.code,
                text=statement.text,
                reverse_keyed=statement.reverse_keyed,
                counts=[counts.get((statement.pk, value), 0) for value in range(1, 6)],
                dont_know=counts.get((statement.pk, None), 0),
                not_applicable=counts.get((statement.pk, NOT_APPLICABLE), 0),
                may_not_apply=statement.may_not_apply,
            )
        )
    return result


def statement_level_shown(rounds: Iterable[Round]) -> set[tuple[int, int]]:
    """(round id, condition id) pairs whose answers per statement may be shown, as far as the
    roles go (Policy.statements_shown): respondents are grouped by the statements of the
    condition their role was asked. One query, whatever the number of rounds."""
    rounds = {round_.pk: round_ for round_ in rounds}
    rules = policy()
    groups: dict[tuple[int, int], dict[frozenset, int]] = defaultdict(lambda: defaultdict(int))
    for round_id, role, n in (
        Response.objects.filter(round_id__in=list(rounds), status=ResponseStatus.SUBMITTED)
        .values_list("round_id", "role")
        .annotate(n=Count("id"))
        .values_list("round_id", "role", "n")
    ):
        steps = selectors.role_steps(rounds[round_id].questionnaire_id, role)
        for condition, statements in steps:
            groups[(round_id, condition.pk)][frozenset(s.pk for s in statements)] += n
    return {key for key, sizes in groups.items() if rules.statements_shown(sizes.values())}


def _roles(round_: Round, rules: Policy) -> tuple[list[str], dict[int, list]]:
    """Scores per role and condition, only where no hidden group can be derived.

    The rule of evaluation.disclosure is applied per condition, on the number of defined scores
    of each group: a respondent who answered "weet ik niet" throughout has no score there.
    """
    rows = list(
        ConditionScore.objects.filter(SUBMITTED, response__round=round_, score__isnull=False)
        .values("condition_id", "response__role")
        .annotate(n=Count("score"), mean=Avg("score"))
    )
    labels = dict(Role.choices)
    order = list(Role.values)
    per_condition: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        per_condition[row["condition_id"]][row["response__role"]] = row
    shown_anywhere: set[str] = set()
    by_condition: dict[int, list[RoleScore]] = {}
    for condition_id, groups in per_condition.items():
        shown = rules.visible_groups({group: row["n"] for group, row in groups.items()})
        if len(shown) < 2:
            continue  # a comparison needs two groups
        shown_anywhere |= shown
        by_condition[condition_id] = [
            RoleScore(label=str(labels[group]), n=groups[group]["n"], mean=groups[group]["mean"])
            for group in sorted(shown, key=order.index)
        ]
    return [str(labels[group]) for group in order if group in shown_anywhere], by_condition


def linked_lessons(round_: Round) -> list:
    """The lessons the results page links to, for choosing one in an action point, each with
    ``reason`` and ``why`` as on the page.

    Reads only what the linking needs (count, condition means, answers per statement), not the
    whole page.
    """
    rules = policy()
    _refresh_counts(round_)
    if not round_.disclosure().reportable:
        return []
    means = _reportable_means(condition_aggregates(round_), rules)
    distributions = _distributions(round_)
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
        round_facts(round_),
    )
    return [lesson for linked in lessons.values() for lesson in linked]


def round_facts(round_: Round) -> frozenset[str]:
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
    conditions: list[tuple[object, float | None, list[StatementDistribution]]],
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


def previous_round(round_: Round) -> Round | None:
    """The team's round that actually ended most recently before this one opened (a round
    closed early counts from the day it was closed)."""
    return (
        Round.objects.with_ended_on()
        .filter(team_id=round_.team_id, ended_on__lt=round_.opens_on)
        .exclude(pk=round_.pk)
        .order_by("-ended_on", "-pk")
        .first()
    )


def _refresh_counts(round_: Round) -> None:
    """The stored counts and dates the disclosure rests on, as they are now (one query)."""
    round_.refresh_from_db(
        fields=[
            "submitted_count",
            "imported_count",
            "disclosed_count",
            "closed_at",
            "closes_on",
            "comments_shared",
        ]
    )


def round_results(round_: Round, *, team_view: bool = True) -> RoundResults:
    """Everything the results page shows, or only the count while the round runs or below the
    privacy thresholds (evaluation/disclosure.py).

    ``team_view``: read for the team (its coordinator). Others (the gemeente's analysts) see the
    comments only when the coordinator shares them.
    """
    rules = policy()
    _refresh_counts(round_)
    results = RoundResults(
        round=round_,
        submitted=round_.submitted_count,
        policy=rules,
        disclosure=round_.disclosure(),
        events=list(round_.events.all()),
    )
    if not results.reportable:
        return results
    results.comments_shown = rules.comments_shown(results.submitted) and (
        team_view or round_.comments_shared
    )

    aggregates = condition_aggregates(round_)
    means = _reportable_means(aggregates, rules)
    medians = _medians(round_)
    distributions = _distributions(round_)
    by_statement = statement_level_shown([round_])
    results.roles_shown, role_scores = _roles(round_, rules)
    comments: dict[int, list[str]] = defaultdict(list)
    shown_comments = Comment.objects.filter(SUBMITTED, response__round=round_)
    if not results.comments_shown:
        # The same one query either way, so the page's query count does not tell.
        shown_comments = shown_comments.filter(pk__isnull=True)
    for condition_id, text in shown_comments.order_by(
        "text"
    ).values_list(  # alphabetical: the order says nothing about who wrote what
        "condition_id", "text"
    ):
        comments[condition_id].append(text)
    actions: dict[int, list[ActionPoint]] = defaultdict(list)
    results.actions = list(round_.action_points.select_related("lesson", "condition"))
    for action in results.actions:
        actions[action.condition_id].append(action)

    agreed = {view.condition_id: view for view in round_.agreed_views.all()}

    results.previous = previous_round(round_)
    previous_means: dict[int, float] = {}
    previous_actions: dict[int, list[ActionPoint]] = defaultdict(list)
    if results.previous is not None:
        if results.previous.disclosure().reportable:
            previous_means = _reportable_means(condition_aggregates(results.previous), rules)
        for action in results.previous.action_points.select_related("lesson"):
            previous_actions[action.condition_id].append(action)

    conditions = knowledge.conditions()
    for condition in conditions:
        row = aggregates.get(condition.pk, {})
        n = row.get("n", 0)
        enough = condition.pk in means
        # The lowest, median and highest of a few scores are close to the scores themselves.
        ranged = enough and rules.range_shown(n)
        mean = means.get(condition.pk)
        summary_spread = row.get("spread") if enough else None
        results.conditions.append(
            ConditionResult(
                condition=condition,
                n=n,
                mean=mean,
                median=medians.get(condition.pk) if ranged else None,
                spread=summary_spread,
                minimum=row.get("minimum") if ranged else None,
                maximum=row.get("maximum") if ranged else None,
                band=band_for(mean),
                divided=scoring.is_divided(n, summary_spread),
                # A withheld condition's answers per statement would give its mean away, and
                # so would those of a small group of roles asked other statements.
                distribution=distributions.get(condition.pk, [])
                if enough and (round_.pk, condition.pk) in by_statement
                else [],
                statements_withheld=enough and (round_.pk, condition.pk) not in by_statement,
                roles=role_scores.get(condition.pk, []),
                comments=comments.get(condition.pk, []),
                actions=actions.get(condition.pk, []),
                previous_mean=previous_means.get(condition.pk),
                previous_actions=previous_actions.get(condition.pk, []),
                agreed=agreed.get(condition.pk),
            )
        )
    lessons = lessons_for_results(
        [(c.condition, c.mean, c.distribution) for c in results.conditions], round_facts(round_)
    )
    for result in results.conditions:
        result.lessons = lessons[result.condition.slug]
    results.chart = radar([(c.condition.name, c.mean) for c in results.conditions])
    # Weakest first; conditions without a score last, in their fixed order.
    results.conditions.sort(key=lambda c: (c.mean is None, c.mean or 0, c.condition.order))
    results.caseload = round_.caseload_check()
    return results
