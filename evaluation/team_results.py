"""What a round's results are, for every audience: the results page, the report, the hand-out
and the teamgesprek all show ``round_results``.

Everything is aggregated from the scores stored at submit (evaluation/aggregates.py). Below the
privacy thresholds (evaluation/disclosure.py) nothing but the count is read.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from knowledge import services as knowledge

from . import scoring
from .aggregates import (
    SUBMITTED,
    RoleConditionRow,
    StatementDistribution,
    condition_aggregates,
    medians,
    reportable_means,
    role_condition_rows,
    statement_distributions,
    statement_level_shown,
)
from .bands import Band, band_for
from .caseload import CaseloadCheck
from .charts import Radar, radar
from .constants import Role
from .disclosure import Audience, Count, Policy, RoundDisclosure, policy
from .lessons import lesson_facts, lesson_facts_not_holding, lessons_for_results
from .models import (
    ActionPoint,
    AgreedView,
    Comment,
    Round,
    RoundEvent,
)

STRONG = "sterk"  # the band that never needs "most attention"


@dataclass
class RoleScore:
    label: str
    n: int
    mean: float | None


@dataclass
class ConditionResult:
    condition: knowledge.Condition
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
        return self.round.unknown_count

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


def _roles(round_: Round, rules: Policy) -> tuple[list[str], dict[int, list]]:
    """Scores per role and condition, only where no hidden group can be derived.

    The rule of evaluation.disclosure is applied per condition, on the number of defined scores
    of each group: a respondent who answered "weet ik niet" throughout has no score there.
    """
    rows = role_condition_rows(round_)
    labels = dict(Role.choices)
    order = list(Role.values)
    per_condition: dict[int, dict[str, RoleConditionRow]] = defaultdict(dict)
    for row in rows:
        per_condition[row["condition_id"]][row["response__role"]] = row
    shown_anywhere: set[str] = set()
    by_condition: dict[int, list[RoleScore]] = {}
    for condition_id, groups in per_condition.items():
        shown = rules.visible_groups(
            {group: Count(row["n"], row["unknown_n"]) for group, row in groups.items()},
            round_.disclosed_unknown,
        )
        if len(shown) < 2:
            continue  # a comparison needs two groups
        shown_anywhere |= shown
        by_condition[condition_id] = [
            RoleScore(label=str(labels[group]), n=groups[group]["n"], mean=groups[group]["mean"])
            for group in sorted(shown, key=order.index)
        ]
    return [str(labels[group]) for group in order if group in shown_anywhere], by_condition


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


def round_results(round_: Round, *, audience: Audience) -> RoundResults:
    """Everything the results page shows, or only the count while the round runs or below the
    privacy thresholds (evaluation/disclosure.py).

    ``audience``: who reads it (``Audience``); the disclosure policy decides whether it sees
    the comments.
    """
    rules = policy()
    round_.refresh_counts()
    results = RoundResults(
        round=round_,
        submitted=round_.submitted_count,
        policy=rules,
        disclosure=round_.disclosure(),
        events=list(round_.events.all()),
    )
    if not results.reportable:
        return results
    results.comments_shown = rules.comments_shown(
        round_.count, audience=audience, shared=round_.comments_shared
    )

    aggregates = condition_aggregates(round_)
    means = reportable_means(aggregates, rules)
    medians_ = medians(round_)
    distributions = statement_distributions(round_)
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
            previous_means = reportable_means(condition_aggregates(results.previous), rules)
        for action in results.previous.action_points.select_related("lesson"):
            previous_actions[action.condition_id].append(action)

    conditions = knowledge.conditions()
    for condition in conditions:
        row = aggregates.get(condition.pk, {})
        n = row.get("n", 0)
        enough = condition.pk in means
        # The lowest, median, highest and spread of a few scores give the scores themselves
        # back (with the mean); "verdeeld beeld" stays, as a category.
        ranged = enough and rules.range_shown(Count(n, row.get("unknown_n", 0)))
        mean = means.get(condition.pk)
        summary_spread = row.get("spread") if enough else None
        results.conditions.append(
            ConditionResult(
                condition=condition,
                n=n,
                mean=mean,
                median=medians_.get(condition.pk) if ranged else None,
                spread=summary_spread if ranged else None,
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
        [
            # The statements the round asks of each condition, whether or not its answers
            # may be shown (results.conditions is still in the order of ``conditions``).
            (c.condition, c.mean, c.distribution, distributions.get(condition.pk, []))
            for c, condition in zip(results.conditions, conditions, strict=True)
        ],
        lesson_facts(round_),
        not_holding=lesson_facts_not_holding(round_),
    )
    for result in results.conditions:
        result.lessons = lessons[result.condition.slug]
    results.chart = radar([(c.condition.label, c.mean) for c in results.conditions])
    # Weakest first; conditions without a score last, in their fixed order.
    results.conditions.sort(key=lambda c: (c.mean is None, c.mean or 0, c.condition.order))
    results.caseload = round_.caseload_check()
    return results
