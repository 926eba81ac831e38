"""Which lessons a team's results show, and why: the relevance rule. Pure; no ORM.

Plain data in (per condition its band's link rule, the team's mean score per statement, the
statements the round's questionnaire asks, the condition mean and the facts that apply; the
candidate lessons as records), an ordered list of (lesson slug, reason) per condition out. The
rule, with a worked example, is documented in docs/scoring.md ("Lessons linked to scores").

A statement is **low** when its mean lies below the condition mean *or* below the middle of the
scale (``scoring.SCALE_MIDDLE``, 50): so when all statements of a condition are equally bad, all
of them are low. In short, within a condition a lesson ranks by:

1. what it addresses: an applying fact first, then a low statement (the lowest first), then
   another statement this round asks of the condition (not low, or its answers withheld), and
   last a lesson that addresses nothing the round asked ("fallback"), which therefore appears
   only when fewer addressing lessons exist than the band allows;
2. evidence strength (outcome, experience, literature, intention);
3. variety: a lesson from a project already chosen for this condition waits while others exist;
4. the band's kind preference (LinkRule.kinds; kinds not listed come after);
5. its slug, so the result never depends on the order of the input.

A lesson whose facts are all known *not* to hold for the round (it speaks to teams without a
bandwidth, and this team gave one) is never shown: it would contradict what the team told us.

The band's LinkRule.limit says how many a condition gets. A lesson appears at most once: when
two conditions would show it, it stays where it is most relevant (a fact over a low statement
over an asked statement over a fallback, then the lowest statement mean, then the weaker
condition, then the condition given first) and the other condition takes its next lesson.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from .bands import LinkRule
from .caseload import CaseloadCheck, Position
from .scoring import SCALE_MIDDLE

# The facts a lesson can address, as stored on knowledge.Lesson.addresses_facts
# (knowledge.constants.LessonFact); plain strings so this module stays free of the knowledge app.
# A test ties the two together.
CASELOAD_ABOVE_BAND = "caseload-boven-bandbreedte"
NO_BAND = "geen-bandbreedte"
NO_TEAM_BUDGET = "geen-teambudget"
BUDGET_SLOW = "budget-traag"
FACTS: tuple[str, ...] = (CASELOAD_ABOVE_BAND, NO_BAND, NO_TEAM_BUDGET, BUDGET_SLOW)

# The synthesis asks for a team budget with which professionals can help "direct" when speed
# matters (§3.1, voorwaarden, p. 21); a team that needs more than a working week to spend it
# does not have that.
BUDGET_SLOW_AFTER_DAYS = 5

# Budget availability as stored on Round.budget_available (evaluation.constants).
_BUDGET_NO = "nee"
_BUDGET_YES = "ja"


def applying_facts(
    *,
    caseload: CaseloadCheck | None,
    bandwidth_low: int | None,
    bandwidth_high: int | None,
    budget_available: str,
    budget_days: int | None,
) -> frozenset[str]:
    """The facts of a round that lessons can address.

    - caseload above the team's own bandwidth (evaluation/caseload.py);
    - no bandwidth: the coordinator gave no lower or no upper bound;
    - no team budget: the coordinator answered "nee";
    - budget slow: there is a budget, but spending it takes more than BUDGET_SLOW_AFTER_DAYS.
    """
    facts = set()
    if caseload is not None and caseload.position == Position.ABOVE:
        facts.add(CASELOAD_ABOVE_BAND)
    if bandwidth_low is None or bandwidth_high is None:
        facts.add(NO_BAND)
    if budget_available == _BUDGET_NO:
        facts.add(NO_TEAM_BUDGET)
    if (
        budget_available == _BUDGET_YES
        and budget_days is not None
        and budget_days > BUDGET_SLOW_AFTER_DAYS
    ):
        facts.add(BUDGET_SLOW)
    return frozenset(facts)


def facts_not_holding(
    *,
    caseload: CaseloadCheck | None,
    bandwidth_low: int | None,
    bandwidth_high: int | None,
    budget_available: str,
    budget_days: int | None,
) -> frozenset[str]:
    """The facts the round shows do *not* hold (as opposed to facts it says nothing about):

    - caseload above the bandwidth: the caseload could be checked and is not above it;
    - no bandwidth: both bounds were given;
    - no team budget: the coordinator answered "ja";
    - budget slow: there is a budget and it can be spent within BUDGET_SLOW_AFTER_DAYS.
    """
    facts = set()
    if caseload is not None and caseload.position != Position.ABOVE:
        facts.add(CASELOAD_ABOVE_BAND)
    if bandwidth_low is not None and bandwidth_high is not None:
        facts.add(NO_BAND)
    if budget_available == _BUDGET_YES:
        facts.add(NO_TEAM_BUDGET)
        if budget_days is not None and budget_days <= BUDGET_SLOW_AFTER_DAYS:
            facts.add(BUDGET_SLOW)
    return frozenset(facts)


def is_low(score: float, condition_mean: float | None) -> bool:
    """A statement is low when its mean lies below the condition mean or below the middle of
    the scale (50): relative to the team's other answers, or in absolute terms."""
    return score < SCALE_MIDDLE or (condition_mean is not None and score < condition_mean)


@dataclass(frozen=True)
class Candidate:
    """A lesson as the rule sees it."""

    slug: str
    kind: str
    evidence: int  # rank: 0 for the strongest (knowledge.constants.evidence_rank)
    project: str | None  # project slug; None for literature and general lessons
    conditions: frozenset[str]  # condition slugs it is tagged with
    statements: frozenset[str] = frozenset()  # statement codes it addresses
    facts: frozenset[str] = frozenset()  # facts it addresses


@dataclass(frozen=True)
class ConditionInput:
    """One condition of the results: its band's rule and what the team answered.

    ``rule`` is None when the condition has no (disclosed) score: it then gets no lessons.
    ``statements`` holds the team's mean score (0–100, reverse keying applied) per statement
    code of this condition, empty when the answers per statement are withheld; ``asked`` the
    codes of this condition that the round's questionnaire asks (when empty: the codes of
    ``statements``); ``facts`` the applying facts that belong to this condition.
    """

    rule: LinkRule | None
    mean: float | None
    statements: Mapping[str, float] = field(default_factory=dict)
    facts: frozenset[str] = frozenset()
    asked: frozenset[str] = frozenset()

    @property
    def asked_codes(self) -> frozenset[str]:
        return self.asked | frozenset(self.statements)


@dataclass(frozen=True)
class Reason:
    """Why a lesson is shown under a condition."""

    facts: tuple[str, ...] = ()  # applying facts it addresses, in the order of FACTS
    statements: tuple[str, ...] = ()  # the low statements it addresses, lowest first
    # The other statements of this condition the round asked that it addresses (not low, or
    # their answers withheld): lowest first where known, then by code.
    asked: tuple[str, ...] = ()

    @property
    def fallback(self) -> bool:
        """Shown although it addresses nothing the round asked of this condition and no
        applying fact: only when fewer addressing lessons exist than the band allows."""
        return not self.facts and not self.statements and not self.asked


class Link(NamedTuple):
    slug: str
    reason: Reason


@dataclass(frozen=True)
class _Match:
    candidate: Candidate
    reason: Reason
    tier: int  # 0 fact, 1 low statement, 2 another asked statement, 3 fallback
    lowest: float  # the lowest known mean of the statements it counts with; inf if none

    @property
    def relevance(self) -> tuple[int, float]:
        return (self.tier, self.lowest)


def _match(candidate: Candidate, condition: ConditionInput) -> _Match:
    mean = condition.mean
    addressed = condition.asked_codes & candidate.statements
    known = sorted(
        (score, code)
        for code, score in condition.statements.items()
        if code in addressed and score is not None
    )
    low = [(score, code) for score, code in known if is_low(score, mean)]
    low_codes = {code for _score, code in low}
    other = [(score, code) for score, code in known if code not in low_codes]
    other += sorted((math.inf, code) for code in addressed - {code for _s, code in known})
    facts = tuple(fact for fact in FACTS if fact in candidate.facts and fact in condition.facts)
    reason = Reason(
        facts=facts,
        statements=tuple(code for _score, code in low),
        asked=tuple(code for _score, code in other),
    )
    if facts:
        tier, lowest = 0, low[0][0] if low else math.inf
    elif low:
        tier, lowest = 1, low[0][0]
    elif other:
        tier, lowest = 2, other[0][0]
    else:
        tier, lowest = 3, math.inf
    return _Match(candidate, reason, tier, lowest)


def _select(matches: Iterable[_Match], rule: LinkRule) -> list[_Match]:
    """The best ``rule.limit`` matches of one condition, in order (greedy, for variety)."""
    pool = list(matches)
    chosen: list[_Match] = []
    projects: set[str] = set()

    def key(match: _Match) -> tuple:
        lesson = match.candidate
        repeat = lesson.project is not None and lesson.project in projects
        kind = rule.kinds.index(lesson.kind) if lesson.kind in rule.kinds else len(rule.kinds)
        return (*match.relevance, lesson.evidence, repeat, kind, lesson.slug)

    while pool and len(chosen) < rule.limit:
        best = min(pool, key=key)
        pool.remove(best)
        chosen.append(best)
        if best.candidate.project is not None:
            projects.add(best.candidate.project)
    return chosen


def contradicts(candidate: Candidate, not_holding: frozenset[str]) -> bool:
    """Whether a lesson speaks only to situations the round shows the team is not in: it
    addresses facts, and every one of them is known not to hold."""
    return bool(candidate.facts) and candidate.facts <= not_holding


def relevant_lessons(
    conditions: Mapping[str, ConditionInput],
    candidates: Iterable[Candidate],
    *,
    not_holding: frozenset[str] = frozenset(),
) -> dict[str, list[Link]]:
    """The lessons to show per condition slug, best first, each with the reason it is shown.

    ``conditions`` in their fixed order (the order breaks the last tie between conditions).
    A candidate is considered under every condition it is tagged with that has a rule, unless
    it contradicts the round (``not_holding``: the facts known not to hold, see
    ``facts_not_holding``); a lesson that two conditions would both show stays where it is most
    relevant (see the module docstring), and the other condition chooses again without it,
    until no lesson is shown twice.
    """
    candidates = sorted(
        (c for c in set(candidates) if not contradicts(c, not_holding)), key=lambda c: c.slug
    )
    position = {slug: index for index, slug in enumerate(conditions)}
    matches: dict[str, dict[str, _Match]] = {}
    rules: dict[str, LinkRule] = {}
    for slug, condition in conditions.items():
        if condition.rule is None or condition.mean is None:
            continue
        rules[slug] = condition.rule
        matches[slug] = {
            lesson.slug: _match(lesson, condition)
            for lesson in candidates
            if slug in lesson.conditions
        }

    def home_key(slug: str, lesson: str) -> tuple:
        return (*matches[slug][lesson].relevance, conditions[slug].mean, position[slug])

    # Each round blocks at least one (condition, lesson) pair, so this ends.
    blocked: dict[str, set[str]] = {slug: set() for slug in matches}
    while True:
        chosen = {
            slug: _select(
                (m for lesson, m in pool.items() if lesson not in blocked[slug]),
                rules[slug],
            )
            for slug, pool in matches.items()
        }
        shown_in: dict[str, list[str]] = {}
        for slug, selection in chosen.items():
            for match in selection:
                shown_in.setdefault(match.candidate.slug, []).append(slug)
        twice = {lesson: slugs for lesson, slugs in shown_in.items() if len(slugs) > 1}
        if not twice:
            break
        for lesson, slugs in twice.items():
            home = min(slugs, key=lambda slug: home_key(slug, lesson))
            for slug in slugs:
                if slug != home:
                    blocked[slug].add(lesson)
    return {
        slug: [Link(m.candidate.slug, m.reason) for m in chosen.get(slug, [])]
        for slug in conditions
    }
