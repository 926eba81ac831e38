"""Reads for the team results page and the report (both show ``round_results``).

Everything is aggregated from the scores stored at submit; raw answers are only counted per
statement and value in the database. The number of queries does not depend on the number of
responses. Below the privacy threshold nothing but the count is read.
"""

import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min, Q, StdDev

from knowledge import services as knowledge

from .. import scoring
from ..bands import BY_SLUG, Band, band_for
from ..caseload import CaseloadCheck, check_caseload
from ..charts import Radar, radar
from ..constants import NOT_APPLICABLE, Perspective, ResponseStatus
from ..disclosure import Policy, RoundDisclosure, policy
from ..models import (
    ActionPoint,
    Answer,
    Comment,
    ConditionScore,
    Round,
    RoundEvent,
    StatementAggregate,
)

SUBMITTED = Q(response__status=ResponseStatus.SUBMITTED)


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


@dataclass
class PerspectiveScore:
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
    perspectives: list[PerspectiveScore] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    lessons: list = field(default_factory=list)
    actions: list[ActionPoint] = field(default_factory=list)
    previous_mean: float | None = None
    previous_actions: list[ActionPoint] = field(default_factory=list)

    @property
    def comment_counts(self) -> list[tuple[str, int]]:
        """The comments with identical ones shown once, with how many gave them."""
        return [(text, len(list(same))) for text, same in itertools.groupby(self.comments)]

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
    perspectives_shown: list[str] = field(default_factory=list)
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
        """The (up to) three conditions that need most attention: the lowest scores."""
        return [c for c in self.conditions if c.mean is not None][:3]

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


def _perspectives(round_: Round, rules: Policy) -> tuple[list[str], dict[int, list]]:
    """Scores per perspective and condition, only where no hidden group can be derived.

    The rule of evaluation.disclosure is applied per condition, on the number of defined scores
    of each group: a respondent who answered "weet ik niet" throughout has no score there.
    """
    rows = list(
        ConditionScore.objects.filter(SUBMITTED, response__round=round_, score__isnull=False)
        .values("condition_id", "response__perspective")
        .annotate(n=Count("score"), mean=Avg("score"))
    )
    labels = dict(Perspective.choices)
    order = list(Perspective.values)
    per_condition: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        per_condition[row["condition_id"]][row["response__perspective"]] = row
    shown_anywhere: set[str] = set()
    by_condition: dict[int, list[PerspectiveScore]] = {}
    for condition_id, groups in per_condition.items():
        shown = rules.visible_groups({group: row["n"] for group, row in groups.items()})
        if len(shown) < 2:
            continue  # a comparison needs two groups
        shown_anywhere |= shown
        by_condition[condition_id] = [
            PerspectiveScore(
                label=str(labels[group]), n=groups[group]["n"], mean=groups[group]["mean"]
            )
            for group in sorted(shown, key=order.index)
        ]
    return [str(labels[group]) for group in order if group in shown_anywhere], by_condition


def linked_lessons(round_: Round) -> list:
    """The lessons the results page links to, for choosing one in an action point.

    Reads only what the linking needs (count, condition means), not the whole page.
    """
    rules = policy()
    _refresh_counts(round_)
    if not round_.disclosure().reportable:
        return []
    means = _reportable_means(condition_aggregates(round_), rules)
    bands = {}
    for condition in knowledge.conditions():
        band = band_for(means.get(condition.pk))
        bands[condition.slug] = band.slug if band else None
    return [lesson for lessons in lessons_for_bands(bands).values() for lesson in lessons]


def lessons_for_bands(bands: dict[str, str | None]) -> dict[str, list]:
    """The linked lessons per condition slug, for a mapping of condition slug -> band slug,
    chosen with each band's link rule (evaluation/bands.py)."""
    return knowledge.lessons_for_rules(
        {slug: BY_SLUG[band].lessons if band else None for slug, band in bands.items()}
    )


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
    results.perspectives_shown, perspective_scores = _perspectives(round_, rules)
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
                # A withheld condition's answers per statement would give its mean away.
                distribution=distributions.get(condition.pk, []) if enough else [],
                perspectives=perspective_scores.get(condition.pk, []),
                comments=comments.get(condition.pk, []),
                actions=actions.get(condition.pk, []),
                previous_mean=previous_means.get(condition.pk),
                previous_actions=previous_actions.get(condition.pk, []),
            )
        )
    lessons = lessons_for_bands(
        {c.condition.slug: c.band.slug if c.band else None for c in results.conditions}
    )
    for result in results.conditions:
        result.lessons = lessons[result.condition.slug]
    results.chart = radar([(c.condition.name, c.mean) for c in results.conditions])
    # Weakest first; conditions without a score last, in their fixed order.
    results.conditions.sort(key=lambda c: (c.mean is None, c.mean or 0, c.condition.order))
    results.caseload = check_caseload(
        fte=round_.fte,
        households=round_.households,
        low=round_.bandwidth_low,
        high=round_.bandwidth_high,
    )
    return results
