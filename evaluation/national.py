"""The national comparison: where a team's score stands among all teams.

Its read, its refresh, its store and its background task live together here. The distributions
are precomputed in ``NationalSnapshot`` (one row per condition) from each team's latest round
above the privacy threshold, and never name a team.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.tasks import task

from knowledge import services as knowledge

from . import scoring
from .disclosure import Policy, policy
from .models import NationalSnapshot, Round, RoundAggregate
from .models.rounds import enough

REFRESH_QUEUED = "national-refresh-queued"  # cache key: a refresh is waiting to run


@dataclass(frozen=True)
class Distribution:
    teams: int
    points: list[float]  # sorted scores, or evenly spaced quantiles of them


def _latest_reportable_scores(rules: Policy) -> dict[int, list[float]]:
    """Per condition, every team's score from its latest round above the threshold, sorted.
    Reads one row per team and condition: linear in the number of teams."""
    # Each team's latest round above the threshold, numbered with a window function: one pass
    # over the rounds, whatever the planner knows (a correlated subquery here took ~1 s at full
    # scale on PostgreSQL before the tables were analysed, 23 ms after).
    ranked = (
        Round.objects.reportable()
        .with_ended_on()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("team_id")],
                order_by=[F("ended_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values("pk")
    )
    rows = RoundAggregate.objects.filter(enough(rules.minimum), round_id__in=ranked).values_list(
        "condition_id", "mean"
    )
    collected: dict[int, list[float]] = defaultdict(list)
    for condition_id, mean in rows:
        if mean is not None:
            collected[condition_id].append(mean)
    return {condition_id: sorted(values) for condition_id, values in collected.items()}


def quantile_points(values: list[float], limit: int) -> list[float]:
    """All values (sorted) when there are at most ``limit``, else ``limit`` evenly spaced ones."""
    if len(values) <= limit:
        return values
    last = len(values) - 1
    return [values[round(i * last / (limit - 1))] for i in range(limit)]


def national_scores() -> dict[int, Distribution]:
    """Per condition, the national distribution of team scores (its latest round above the
    threshold), from the precomputed snapshot: two small queries, whatever the number of teams.

    The snapshot is refreshed in the background when a round closes or is reopened, and by the
    nightly ``refresh_national`` command (rounds that end on their last day). Submits ask for
    none: a running round is in no comparison, and a task row per submit would time it. Only
    when there is no snapshot at all is it computed here.
    """
    snapshots = list(NationalSnapshot.objects.all())
    if not snapshots:
        snapshots = national_snapshot_refresh()
    return {s.condition_id: Distribution(s.teams, s.quantiles) for s in snapshots}


def national_position(
    national: Mapping[int, Distribution], condition_id: int, mean: float | None, rules: Policy
) -> tuple[float | None, int | None]:
    """A score's percentile rank and quartile among all teams, or (None, None) when there is no
    score or too few teams to compare with."""
    distribution = national.get(condition_id)
    if mean is None or distribution is None or not rules.national_comparable(distribution.teams):
        return None, None
    rank = scoring.percentile_rank(distribution.points, mean)
    return rank, scoring.quartile(rank)


def national_snapshot_store(
    *, distributions: Mapping[int, tuple[int, list[float]]], source_version: datetime | None
) -> list[NationalSnapshot]:
    """Replaces the national distributions: condition id -> (number of teams, points).

    Safe when several refreshes run at once (server processes, task workers): each row is
    written with one INSERT ... ON CONFLICT UPDATE per condition, in condition order, so a
    second refresh waits for the first and then overwrites its rows, where deleting all rows
    and inserting them again let the second insert hit the first one's rows (a duplicate key).
    """
    with transaction.atomic():
        stored = NationalSnapshot.objects.bulk_create(
            [
                NationalSnapshot(
                    condition_id=condition_id,
                    teams=teams,
                    quantiles=points,
                    source_version=source_version,
                )
                for condition_id, (teams, points) in sorted(distributions.items())
            ],
            update_conflicts=True,
            unique_fields=["condition"],
            update_fields=["teams", "quantiles", "source_version", "computed_at"],
        )
        NationalSnapshot.objects.exclude(condition_id__in=list(distributions)).delete()
        return stored


def national_snapshot_refresh() -> list[NationalSnapshot]:
    """Recomputes the national distributions (linear in the number of teams)."""
    scores = _latest_reportable_scores(policy())
    return national_snapshot_store(
        distributions={
            condition.pk: (
                len(scores.get(condition.pk, [])),
                quantile_points(scores.get(condition.pk, []), NationalSnapshot.MAX_POINTS),
            )
            for condition in knowledge.conditions()
        },
        source_version=None,
    )


@task
def refresh_national_snapshot() -> None:
    """Recomputes the national distributions after a round closes or reopens (idempotent)."""
    cache.delete(REFRESH_QUEUED)
    national_snapshot_refresh()


def national_refresh_request() -> None:
    """Asks for a refresh of the national snapshot in the background, once for a burst of
    requests (the task clears the flag when it starts)."""
    if cache.add(REFRESH_QUEUED, True, timeout=60):
        refresh_national_snapshot.enqueue()
