"""The one aggregation of a round's stored scores and answers, and the stored aggregates.

A team score is the mean of its respondents' condition scores (computed at submit,
evaluation/scoring.py). It is computed here, in the database, and nowhere else: for the results
(live), and stored per round in ``RoundAggregate`` at every submit, import and purge for the
gemeente pages, the trends and the national snapshot (``round_aggregates_refresh``).
Raw answers are only counted per statement and value. The number of queries never depends on
the number of responses.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Avg, Count, F, Max, Min, Q, StdDev, Sum

from . import scoring, selectors
from .bands import Band, band_for
from .constants import NOT_APPLICABLE, ResponseStatus
from .disclosure import Count as DCount
from .disclosure import Policy, condition_group, policy
from .models import (
    Answer,
    ConditionScore,
    Response,
    Round,
    RoundAggregate,
    Statement,
    StatementAggregate,
)
from .models.responses import answer_choice

SUBMITTED = Q(response__status=ResponseStatus.SUBMITTED)
# Of what is counted, the responses no viewer can know: those through the link, not imported.
UNKNOWN = Q(response__imported=False)


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


def _condition_score_rows(rounds: Q):
    """Per round and condition: n, mean, spread, lowest and highest of the defined scores of
    submitted responses. The one aggregation of team scores; one query."""
    # Only defined scores: SQLite's standard deviation fails on a group of nothing but NULLs.
    return (
        ConditionScore.objects.filter(SUBMITTED, rounds, score__isnull=False)
        .values("response__round_id", "condition_id")
        .annotate(
            n=Count("score"),
            unknown_n=Count("score", filter=UNKNOWN),
            mean=Avg("score"),
            spread=StdDev("score"),
            minimum=Min("score"),
            maximum=Max("score"),
        )
    )


def condition_aggregates(round_: Round) -> dict[int, dict]:
    """Condition id -> n, mean, spread, minimum and maximum of the round's scores, live."""
    return {row["condition_id"]: row for row in _condition_score_rows(Q(response__round=round_))}


def reportable_means(aggregates: dict[int, dict], rules: Policy) -> dict[int, float]:
    """Condition means resting on enough defined scores; fewer would show individuals. The one
    place this rule is applied, for this round and the previous one."""
    return {
        condition_id: row["mean"]
        for condition_id, row in aggregates.items()
        if rules.reportable(DCount(row["n"], row["unknown_n"]))
    }


def medians(round_: Round) -> dict[int, float]:
    # One query for the stored scores; the median itself is not portable SQL (SQLite).
    scores: dict[int, list[float]] = defaultdict(list)
    for condition_id, score in ConditionScore.objects.filter(
        SUBMITTED, response__round=round_, score__isnull=False
    ).values_list("condition_id", "score"):
        assert score is not None  # filtered on score__isnull=False
        scores[condition_id].append(score)
    return {condition_id: statistics.median(values) for condition_id, values in scores.items()}


def statement_distributions(round_: Round) -> dict[int, list[StatementDistribution]]:
    if round_.raw_purged_at is not None:
        # After the retention period only the counts per answer are left.
        counts = {
            (statement_id, answer_choice(value, not_applicable)): n
            for statement_id, value, not_applicable, n in StatementAggregate.objects.filter(
                round=round_
            ).values_list("statement_id", "value", "not_applicable", "count")
        }
    else:
        counts = {
            (row["statement_id"], answer_choice(row["value"], row["not_applicable"])): row["n"]
            for row in Answer.objects.filter(SUBMITTED, response__round=round_)
            .values("statement_id", "value", "not_applicable")
            .annotate(n=Count("id"))
        }
    result: dict[int, list[StatementDistribution]] = defaultdict(list)
    for statement in round_.questionnaire.statements.order_by("order"):
        result[statement.condition_id].append(
            StatementDistribution(
                code=statement.code,
                text=statement.label,
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
    by_pk = {round_.pk: round_ for round_ in rounds}
    rules = policy()
    groups: dict[tuple[int, int], dict[frozenset, DCount]] = defaultdict(
        lambda: defaultdict(lambda: DCount(0, 0))
    )
    for round_id, role, n, unknown in (
        Response.objects.filter(round_id__in=list(by_pk), status=ResponseStatus.SUBMITTED)
        .values_list("round_id", "role")
        .annotate(n=Count("id"), unknown=Count("id", filter=Q(imported=False)))
        .values_list("round_id", "role", "n", "unknown")
    ):
        steps = selectors.role_steps(by_pk[round_id].questionnaire_id, role)
        for condition, statements in steps:
            groups[(round_id, condition.pk)][frozenset(s.pk for s in statements)] += DCount(
                n, unknown
            )
    return {key for key, sizes in groups.items() if rules.statements_shown(sizes.values())}


class RoleConditionRow(TypedDict):
    condition_id: int
    response__role: str
    n: int
    unknown_n: int  # of n, the link responses' scores (the ones the viewer cannot know)
    mean: float


def role_condition_rows(round_: Round) -> list[RoleConditionRow]:
    """Per condition and role: the number and mean of the defined scores (one query). Which of
    them may be shown is the disclosure policy's decision (``Policy.visible_groups``)."""
    return list(
        ConditionScore.objects.filter(SUBMITTED, response__round=round_, score__isnull=False)
        .values("condition_id", "response__role")
        .annotate(n=Count("score"), unknown_n=Count("score", filter=UNKNOWN), mean=Avg("score"))
    )


def _store(round_ids: list[int], disclosed: dict[int, dict | None] | None = None) -> list[Round]:
    """Writes the counts and the ``RoundAggregate`` rows of these rounds from their responses;
    returns the rounds with their new counts. ``disclosed``: round id -> its disclosure
    snapshot (``Round.disclosed_unknown``), when it has one. Two reads and three writes,
    whatever the number of rounds."""
    counts: dict[int, tuple[int, int]] = {}
    by_role: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Response.objects.filter(round_id__in=round_ids, status=ResponseStatus.SUBMITTED)
        .values("round_id", "role")
        .annotate(submitted=Count("pk"), imported=Count("pk", filter=Q(imported=True)))
    ):
        submitted, imported = counts.get(row["round_id"], (0, 0))
        counts[row["round_id"]] = (submitted + row["submitted"], imported + row["imported"])
        if unknown := row["submitted"] - row["imported"]:
            by_role[row["round_id"]][row["role"]] = unknown
    rows = list(_condition_score_rows(Q(response__round_id__in=round_ids)))
    for row in rows:
        # Each condition's figures rest on its defined scores: a snapshot group of its own.
        if row["unknown_n"]:
            by_role[row["response__round_id"]][condition_group(row["condition_id"])] = row[
                "unknown_n"
            ]
    rounds = [Round(pk=pk, disclosed_unknown=(disclosed or {}).get(pk)) for pk in round_ids]
    for round_ in rounds:
        round_.submitted_count, round_.imported_count = counts.get(round_.pk, (0, 0))
        round_.unknown_by_group = by_role.get(round_.pk, {})
        round_.store_held_back()
    Round.objects.bulk_update(
        rounds, ["submitted_count", "imported_count", "unknown_by_group", "held_back"]
    )
    RoundAggregate.objects.filter(round_id__in=round_ids).delete()
    RoundAggregate.objects.bulk_create(
        RoundAggregate(
            round_id=row["response__round_id"],
            condition_id=row["condition_id"],
            n=row["n"],
            unknown_n=row["unknown_n"],
            mean=row["mean"],
            spread=row["spread"],
        )
        for row in rows
    )
    return rounds


def round_aggregates_store(round_: Round) -> None:
    """Recomputes the round's submitted (and imported, and per role the link) counts and its
    stored team score per condition. For a caller that holds the round's row lock in its
    transaction (submit, import)."""
    # A running round is in no national comparison, so a submit asks for no refresh: its
    # task row would time the submit. Closing and reopening ask for one (services/rounds.py).
    for stored in _store([round_.pk], {round_.pk: round_.disclosed_unknown}):
        for field in ("submitted_count", "imported_count", "unknown_by_group", "held_back"):
            setattr(round_, field, getattr(stored, field))


def rounds_aggregates_store(round_ids: list[int]) -> None:
    """``round_aggregates_store`` for many rounds at once, without locks: for bulk-made data
    (evaluation/synthetic.py), which refreshes the national snapshot itself when it is done."""
    for start in range(0, len(round_ids), 500):
        _store(round_ids[start : start + 500])


@dataclass(frozen=True)
class StatementMean:
    score: float | None  # 0–100; None when withheld
    n: int  # answers it rests on (without "weet ik niet")

    @property
    def band(self) -> Band | None:
        return band_for(self.score)


def statement_means(rounds: list[Round], statements: Q) -> dict[tuple[int, str], StatementMean]:
    """(round id, statement code) -> the mean score of the submitted answers, for the
    statements matching ``statements`` (a Q on Statement). Two queries, whatever the number of
    rounds: answers of rounds that still have them, the kept counts of purged rounds."""
    rules = policy()
    purged = [r.pk for r in rounds if r.raw_purged_at is not None]
    kept = [r.pk for r in rounds if r.raw_purged_at is None]
    result: dict[tuple[int, str], StatementMean] = {}
    statement_ids = Statement.objects.filter(statements).values("pk")
    rows = []
    if kept:
        rows += list(
            Answer.objects.filter(
                response__round_id__in=kept,
                response__status=ResponseStatus.SUBMITTED,
                value__isnull=False,
                statement_id__in=statement_ids,
            )
            .values_list("response__round_id", "statement__code", "statement__reverse_keyed")
            .annotate(mean=Avg("value"), n=Count("id"), unknown=Count("id", filter=UNKNOWN))
            .values_list(
                "response__round_id",
                "statement__code",
                "statement__reverse_keyed",
                "mean",
                "n",
                "unknown",
            )
        )
    if purged:
        rows += [
            (round_id, code, reverse, total / n if n else None, n, unknown)
            for round_id, code, reverse, total, n, unknown in StatementAggregate.objects.filter(
                round_id__in=purged, value__isnull=False, statement_id__in=statement_ids
            )
            .values_list("round_id", "statement__code", "statement__reverse_keyed")
            .annotate(
                total=Sum(F("value") * F("count")), n=Sum("count"), unknown=Sum("unknown_count")
            )
            .values_list(
                "round_id", "statement__code", "statement__reverse_keyed", "total", "n", "unknown"
            )
        ]
    for round_id, code, reverse, mean, n, unknown in rows:
        mean = float(mean) if mean is not None else None  # PostgreSQL averages as numeric
        shown = mean is not None and rules.reportable(DCount(n, unknown))
        result[(round_id, code)] = StatementMean(
            score=(
                scoring.statement_score_of_mean(mean, reverse_keyed=reverse)
                if mean is not None and shown
                else None
            ),
            n=n,
        )
    return result
