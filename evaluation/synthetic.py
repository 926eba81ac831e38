"""A synthetic national dataset for benchmarks and the demo's national comparison.

Full scale is about 340 gemeenten, 3,400 teams and 40,000 responses over two rounds. Every
gemeente it makes has a slug starting with ``synthetisch-``; it creates and deletes only those,
never real data. Responses get condition scores (what the overviews, the national comparison and
the exports read) but no answers per statement, to keep generation fast.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from knowledge import services as knowledge

from .aggregates import rounds_aggregates_store
from .constants import SYNTHETIC_PREFIX, ResponseStatus, Role, TeamKind
from .models import (
    ConditionScore,
    Gemeente,
    Questionnaire,
    Response,
    Round,
    RoundAggregate,
    Team,
)
from .national import national_snapshot_refresh

PREFIX = SYNTHETIC_PREFIX
FULL_GEMEENTEN = 340
FULL_TEAMS = 3400
# Responses per round are drawn from 1..11 (mean 6): 3,400 teams × 2 rounds × 6 ≈ 40,000.
RESPONSES_PER_ROUND = (1, 11)
KINDS = [TeamKind.WIJKTEAM, TeamKind.WIJKTEAM, TeamKind.JEUGDTEAM, TeamKind.SOCIAAL_TEAM]
BATCH = 2000


@dataclass(frozen=True)
class Generated:
    gemeenten: int
    teams: int
    rounds: int
    responses: int


def clear() -> int:
    """Deletes every synthetic gemeente with its teams, rounds and responses."""
    gemeenten = Gemeente.objects.filter(slug__startswith=PREFIX)
    count = gemeenten.count()
    with transaction.atomic():
        rounds = Round.objects.filter(team__gemeente__in=gemeenten)
        ConditionScore.objects.filter(response__round__in=rounds).delete()
        Response.objects.filter(round__in=rounds).delete()
        RoundAggregate.objects.filter(round__in=rounds).delete()
        rounds.delete()
        Team.objects.filter(gemeente__in=gemeenten).delete()
        gemeenten.delete()
    national_snapshot_refresh()
    return count


def _score(rng: random.Random, base: float) -> float | None:
    if rng.random() < 0.03:
        return None  # "weet ik niet" throughout
    # Five statements answered 1..5: the score is a multiple of 5 points.
    return float(max(0, min(100, round((base + rng.gauss(0, 14)) / 5) * 5)))


def generate(scale: float, *, seed: int = 2026) -> Generated:
    """Replaces the synthetic data by a dataset of ``scale`` × full size (0 < scale <= 1)."""
    if not 0 < scale <= 1:
        raise ValueError("scale must be above 0 and at most 1")
    if not Questionnaire.objects.filter(key="standaard", version=1).exists():
        call_command("loaddata", "questionnaire", verbosity=0)
    questionnaire = Questionnaire.objects.get(key="standaard", version=1)
    conditions = knowledge.conditions()
    rng = random.Random(seed)
    clear()
    n_teams = max(1, round(FULL_TEAMS * scale))
    n_gemeenten = max(1, round(FULL_GEMEENTEN * scale))
    today = timezone.localdate()
    with transaction.atomic():
        gemeenten = Gemeente.objects.bulk_create(
            Gemeente(name=f"Synthetisch {i + 1:03d}", slug=f"{PREFIX}{i + 1:03d}")
            for i in range(n_gemeenten)
        )
        teams = Team.objects.bulk_create(
            Team(
                gemeente=gemeenten[i % n_gemeenten],
                name=f"Team {i + 1:04d}",
                slug=f"team-{i + 1:04d}",
                kind=rng.choice(KINDS),
            )
            for i in range(n_teams)
        )
        periods = [
            (today - timedelta(days=400), "Vorig jaar"),
            (today - timedelta(days=60), "Dit jaar"),
        ]
        rounds = Round.objects.bulk_create(
            Round(
                team=team,
                questionnaire=questionnaire,
                title=title,
                opens_on=closes - timedelta(days=21),
                closes_on=closes,
                closed_at=timezone.make_aware(datetime.combine(closes, time(17, 0))),
            )
            for team in teams
            for closes, title in periods
        )
        responses: list[Response] = []
        bases_of: list[list[float]] = []  # per response: its round's base per condition
        scores: list[ConditionScore] = []
        roles = list(Role.values)
        for index, round_ in enumerate(rounds):
            team_base = 35 + (index // 2 % 7) * 7  # teams differ, and improve a little
            bases = [rng.gauss(team_base + (index % 2) * 4, 12) for _ in conditions]
            batch = [
                Response(
                    round=round_,
                    role=rng.choice(roles),
                    status=ResponseStatus.SUBMITTED,
                    imported=True,
                )
                for _ in range(rng.randint(*RESPONSES_PER_ROUND))
            ]
            responses.extend(batch)
            bases_of.extend(bases for _ in batch)
        for start in range(0, len(responses), BATCH):
            Response.objects.bulk_create(responses[start : start + BATCH])
        for response, bases in zip(responses, bases_of, strict=True):
            for condition, base in zip(conditions, bases, strict=True):
                score = _score(rng, base)
                scores.append(
                    ConditionScore(
                        response=response,
                        condition=condition,
                        score=score,
                        answered=0 if score is None else 5,
                        total=5,
                    )
                )
        ConditionScore.objects.bulk_create(scores, batch_size=BATCH)
        _aggregate(rounds)
    national_snapshot_refresh()
    return Generated(
        gemeenten=n_gemeenten, teams=n_teams, rounds=len(rounds), responses=len(responses)
    )


def _aggregate(rounds: list[Round]) -> None:
    """The one aggregation (evaluation/aggregates.py) for all synthetic rounds at once."""
    rounds_aggregates_store([round_.pk for round_ in rounds])
