"""Scoring rules of the self-scan. Pure Python: plain data in, numbers out; no Django, no ORM.

The rules, with worked examples, are documented in docs/scoring.md.
"""

import bisect
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

SCALE_MIN = 1
SCALE_MAX = 5
DIVIDED_SPREAD: float = 20.0  # standard deviation (points on 0-100) from which a team is divided
# The middle of the 0–100 scale: a mean answer of "neutraal". A statement's mean below it is low in
# absolute terms: on average the team disagrees (or, reverse keyed, recognises the problem).
SCALE_MIDDLE: float = 50.0


@dataclass(frozen=True)
class StatementSpec:
    code: str  # e.g. "MAN-3"
    condition: str  # condition slug, e.g. "mandaat"
    reverse_keyed: bool = False


@dataclass(frozen=True)
class RespondentScore:
    """One respondent's score for one condition (stored as ``ConditionScore``)."""

    score: float | None  # 0..100, None when undefined
    answered: int
    total: int


def _check_value(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"an answer must be a whole number from 1 to 5, got {value!r}")
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"an answer must lie from 1 to 5, got {value}")
    return value


@overload
def statement_score(value: int, *, reverse_keyed: bool = False) -> float: ...
@overload
def statement_score(value: None, *, reverse_keyed: bool = False) -> None: ...
@overload
def statement_score(value: int | None, *, reverse_keyed: bool = False) -> float | None: ...
def statement_score(value: int | None, *, reverse_keyed: bool = False) -> float | None:
    """One answer on 0–100: (v − 1) / 4 × 100, with v reversed (6 − v) for reverse-keyed
    statements. "Weet ik niet" (None) has no score."""
    if value is None:
        return None
    value = _check_value(value)
    if reverse_keyed:
        value = SCALE_MAX + SCALE_MIN - value
    return (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


def statement_score_of_mean(mean_answer: float, *, reverse_keyed: bool = False) -> float:
    """The score (0–100) of a mean answer (1–5): ``statement_score`` is linear in the answer,
    so this is the mean of the answers' scores."""
    if not SCALE_MIN <= mean_answer <= SCALE_MAX:
        raise ValueError(f"a mean answer must lie from 1 to 5, got {mean_answer}")
    if reverse_keyed:
        mean_answer = SCALE_MAX + SCALE_MIN - mean_answer
    return (mean_answer - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


def score_response(
    statements: Sequence[StatementSpec], answers: Mapping[str, int | None]
) -> dict[str, RespondentScore]:
    """A respondent's score per condition: the mean of the answered statements' scores.

    A statement missing from ``answers`` counts as unanswered, like "weet ik niet". The score is
    undefined (None) when fewer than half of the condition's statements are answered; exactly
    half is enough. Answers for codes that are not in ``statements`` raise ValueError.
    """
    known = {statement.code for statement in statements}
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"answers for unknown statements: {sorted(unknown)}")
    scores: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for statement in statements:
        totals[statement.condition] = totals.get(statement.condition, 0) + 1
        scores.setdefault(statement.condition, [])
        score = statement_score(answers.get(statement.code), reverse_keyed=statement.reverse_keyed)
        if score is not None:
            scores[statement.condition].append(score)
    results = {}
    for condition, total in totals.items():
        answered = len(scores[condition])
        defined = answered > 0 and answered * 2 >= total
        results[condition] = RespondentScore(
            score=statistics.fmean(scores[condition]) if defined else None,
            answered=answered,
            total=total,
        )
    return results


def is_divided(n: int, spread: float | None) -> bool:
    """ "Verdeeld beeld": at least two scores with a spread of DIVIDED_SPREAD points or more."""
    return n >= 2 and spread is not None and spread >= DIVIDED_SPREAD


# --- The national comparison: where a team's score stands among all teams -------------------


def percentile_rank(sorted_scores: list[float], score: float) -> float:
    """The share of teams (0–100) scoring lower, counting ties as half ("mid-rank").

    ``sorted_scores`` holds every team's score in ascending order, ``score`` included.
    """
    if not sorted_scores:
        raise ValueError("no scores to compare with")
    below = bisect.bisect_left(sorted_scores, score)
    equal = bisect.bisect_right(sorted_scores, score) - below
    return 100 * (below + equal / 2) / len(sorted_scores)


def quartile(rank: float) -> int:
    """1 (lowest quarter of teams) to 4 (highest quarter) for a percentile rank."""
    return min(4, int(rank // 25) + 1)


def shown_score(value: float | Decimal | None) -> int | None:
    """The one rounding rule for a score that people read, on the web page, in the PDF and in
    the export alike: whole points, a half rounded away from zero (49.5 -> 50, 49.47 -> 49,
    -2.5 -> -3). Rounded from the decimal the number prints as, so a stored 49.5 is never
    taken for 49.4999…; ``None`` (no score) stays ``None``."""
    if value is None:
        return None
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
