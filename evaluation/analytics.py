"""Reads for the gemeente's analysts: their teams side by side, over time, and nationally.

Everything here is read from ``RoundAggregate`` (a round's team score per condition, kept up to
date at each submit) and ``Round.submitted_count``, never from individual responses. The
privacy threshold is applied here: a team below it, or a condition with too few defined scores,
shows no score, counts in no mean and in no national comparison.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import F, Max, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from knowledge import services as knowledge

from . import scoring
from .charts import Line, line
from .models import Gemeente, NationalSnapshot, Round, RoundAggregate, Team

# --- Periods: rounds are grouped by half year (voorjaar: January–June, najaar: July–December).


def period_key(day: date) -> str:
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def period_label(key: str) -> str:
    year, half = key.split("-")
    return (
        _("voorjaar %(year)s") % {"year": year}
        if half == "1"
        else _("najaar %(year)s") % {"year": year}
    )


def period_bounds(key: str) -> tuple[date, date]:
    """First and last day of a period key such as '2026-1'; ValueError when malformed."""
    year_text, half = key.split("-")
    year = int(year_text)
    if half not in ("1", "2") or not 2000 <= year <= 2100:
        raise ValueError(key)
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == "1"
        else (date(year, 7, 1), date(year, 12, 31))
    )


# --- Data shapes ------------------------------------------------------------------------------


@dataclass
class Cell:
    condition: object
    n: int
    mean: float | None  # None: below the threshold, or no round
    band: scoring.Band | None = None
    national_rank: float | None = None  # percentile among all teams (0–100)
    national_quartile: int | None = None


@dataclass
class TeamRow:
    team: Team
    round: Round | None
    submitted: int
    reportable: bool
    cells: list[Cell]

    @property
    def missing(self) -> int:
        return max(0, settings.PRIVACY_MIN_RESPONSES - self.submitted)


@dataclass
class ConditionSummary:
    condition: object
    mean: float | None
    band: scoring.Band | None
    teams: int  # teams with a score on this condition
    responses: int  # defined scores it rests on
    national_rank: float | None = None
    national_quartile: int | None = None


@dataclass
class National:
    teams: dict[int, int]  # condition id -> number of teams compared with
    enough: dict[int, bool]
    minimum: int


@dataclass
class Trend:
    condition: object
    values: list[tuple[str, float | None, int]]  # (period label, mean, teams)
    chart: Line


@dataclass
class GemeenteOverview:
    gemeente: Gemeente
    conditions: list
    rows: list[TeamRow]
    summaries: list[ConditionSummary]
    national: National
    period: str | None
    kind: str | None
    periods: list[tuple[str, str]] = field(default_factory=list)  # (key, label), newest first

    @property
    def reportable_rows(self) -> list[TeamRow]:
        return [row for row in self.rows if row.reportable]


# --- Reads ------------------------------------------------------------------------------------


def gemeente_teams(gemeente: Gemeente, kind: str | None = None) -> QuerySet[Team]:
    teams = Team.objects.filter(gemeente=gemeente).order_by("name")
    return teams.filter(kind=kind) if kind else teams


def latest_rounds(teams: QuerySet[Team], period: str | None = None) -> dict[int, Round]:
    """Each team's most recent round (by closing date), within the period when given."""
    rounds = Round.objects.filter(team__in=teams).select_related("questionnaire")
    if period:
        start, end = period_bounds(period)
        rounds = rounds.filter(opens_on__range=(start, end))
    latest: dict[int, Round] = {}
    for round_ in rounds.order_by("team_id", "-closes_on", "-pk"):
        latest.setdefault(round_.team_id, round_)
    return latest


def _aggregates(round_ids) -> dict[tuple[int, int], RoundAggregate]:
    return {
        (row.round_id, row.condition_id): row
        for row in RoundAggregate.objects.filter(round_id__in=round_ids)
    }


def _latest_reportable_scores(threshold: int) -> dict[int, list[float]]:
    """Per condition, every team's score from its latest round above the threshold, sorted.
    Reads one row per team and condition: linear in the number of teams."""
    # Each team's latest round above the threshold, numbered with a window function: one pass
    # over the rounds, whatever the planner knows (a correlated subquery here took ~1 s at full
    # scale on PostgreSQL before the tables were analysed, 23 ms after).
    ranked = (
        Round.objects.filter(submitted_count__gte=threshold)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("team_id")],
                order_by=[F("closes_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values("pk")
    )
    rows = RoundAggregate.objects.filter(round_id__in=ranked, n__gte=threshold).values_list(
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


@dataclass(frozen=True)
class Distribution:
    teams: int
    points: list[float]  # sorted scores, or evenly spaced quantiles of them


def national_scores() -> dict[int, Distribution]:
    """Per condition, the national distribution of team scores (its latest round above the
    threshold), from the precomputed snapshot: two small queries, whatever the number of teams.

    When an aggregate is newer than the snapshot, a background refresh is asked for and the
    snapshot is read again: with a worker it is at most one refresh behind (stale while the
    refresh runs); with the immediate backend (development, tests) it is already fresh. Only
    when there is no snapshot at all is it computed here.
    """
    from . import services

    last_change = RoundAggregate.objects.aggregate(last=Max("updated_at"))["last"]
    snapshots = list(NationalSnapshot.objects.all())
    if not snapshots:
        snapshots = national_snapshot_refresh()
    elif any(s.source_version != last_change for s in snapshots):
        services.national_refresh_request()
        snapshots = list(NationalSnapshot.objects.all())
    return {s.condition_id: Distribution(s.teams, s.quantiles) for s in snapshots}


def national_snapshot_refresh() -> list["NationalSnapshot"]:
    """Recomputes the national distributions (linear in the number of teams)."""
    from . import services

    last_change = RoundAggregate.objects.aggregate(last=Max("updated_at"))["last"]
    scores = _latest_reportable_scores(settings.PRIVACY_MIN_RESPONSES)
    return services.national_snapshot_store(
        distributions={
            condition.pk: (
                len(scores.get(condition.pk, [])),
                quantile_points(scores.get(condition.pk, []), NationalSnapshot.MAX_POINTS),
            )
            for condition in knowledge.conditions()
        },
        source_version=last_change,
    )


def _national_position(
    national: dict[int, Distribution], condition_id: int, mean: float | None, minimum: int
) -> tuple[float | None, int | None]:
    distribution = national.get(condition_id)
    if mean is None or distribution is None or distribution.teams < minimum:
        return None, None
    rank = scoring.percentile_rank(distribution.points, mean)
    return rank, scoring.quartile(rank)


def available_periods(gemeente: Gemeente) -> list[tuple[str, str]]:
    days = Round.objects.filter(team__gemeente=gemeente).values_list("opens_on", flat=True)
    keys = sorted({period_key(day) for day in days}, reverse=True)
    return [(key, period_label(key)) for key in keys]


def gemeente_overview(
    gemeente: Gemeente, *, period: str | None = None, kind: str | None = None
) -> GemeenteOverview:
    """The heatmap of teams × conditions, the gemeente's means and the national positions.

    A constant number of queries, whatever the number of teams (see the tests).
    """
    threshold = settings.PRIVACY_MIN_RESPONSES
    minimum = settings.NATIONAL_MIN_TEAMS
    conditions = knowledge.conditions()
    teams = gemeente_teams(gemeente, kind)
    rounds = latest_rounds(teams, period)
    aggregates = _aggregates([r.pk for r in rounds.values()])
    national = national_scores()

    rows = []
    for team in teams:
        round_ = rounds.get(team.pk)
        submitted = round_.submitted_count if round_ else 0
        reportable = round_ is not None and scoring.is_reportable(submitted, threshold)
        cells = []
        for condition in conditions:
            aggregate = aggregates.get((round_.pk, condition.pk)) if round_ else None
            n = aggregate.n if aggregate else 0
            shown = reportable and aggregate and scoring.is_reportable(n, threshold)
            mean = aggregate.mean if shown else None
            rank, quart = _national_position(national, condition.pk, mean, minimum)
            cells.append(
                Cell(
                    condition=condition,
                    n=n if reportable else 0,
                    mean=mean,
                    band=scoring.band_for(mean),
                    national_rank=rank,
                    national_quartile=quart,
                )
            )
        rows.append(
            TeamRow(
                team=team, round=round_, submitted=submitted, reportable=reportable, cells=cells
            )
        )

    summaries = []
    for index, condition in enumerate(conditions):
        cells = [row.cells[index] for row in rows if row.cells[index].mean is not None]
        mean = sum(c.mean for c in cells) / len(cells) if cells else None
        rank, quart = _national_position(national, condition.pk, mean, minimum)
        summaries.append(
            ConditionSummary(
                condition=condition,
                mean=mean,
                band=scoring.band_for(mean),
                teams=len(cells),
                responses=sum(c.n for c in cells),
                national_rank=rank,
                national_quartile=quart,
            )
        )
    return GemeenteOverview(
        gemeente=gemeente,
        conditions=conditions,
        rows=rows,
        summaries=summaries,
        national=National(
            teams={c.pk: national[c.pk].teams if c.pk in national else 0 for c in conditions},
            enough={c.pk: c.pk in national and national[c.pk].teams >= minimum for c in conditions},
            minimum=minimum,
        ),
        period=period,
        kind=kind,
        periods=available_periods(gemeente),
    )


def gemeente_trends(gemeente: Gemeente, *, kind: str | None = None) -> list[Trend]:
    """Per condition, the gemeente's mean team score per period (teams above the threshold)."""
    threshold = settings.PRIVACY_MIN_RESPONSES
    conditions = knowledge.conditions()
    rounds = Round.objects.filter(team__in=gemeente_teams(gemeente, kind))
    rows = RoundAggregate.objects.filter(
        round__in=rounds, round__submitted_count__gte=threshold, n__gte=threshold
    ).values_list("round__team_id", "round__opens_on", "round__closes_on", "condition_id", "mean")
    # One score per team, condition and period: the team's last round in that period.
    latest: dict[tuple[int, int, str], tuple[date, float]] = {}
    for team_id, opens_on, closes_on, condition_id, mean in rows:
        key = (team_id, condition_id, period_key(opens_on))
        if mean is not None and (key not in latest or closes_on > latest[key][0]):
            latest[key] = (closes_on, mean)
    per_period: dict[tuple[int, str], list[float]] = defaultdict(list)
    for (_team, condition_id, period), (_closes, mean) in latest.items():
        per_period[(condition_id, period)].append(mean)
    periods = sorted({period for (_c, period) in per_period})
    trends = []
    for condition in conditions:
        values = []
        for period in periods:
            means = per_period.get((condition.pk, period), [])
            values.append(
                (period_label(period), sum(means) / len(means) if means else None, len(means))
            )
        trends.append(
            Trend(
                condition=condition,
                values=values,
                chart=line([(label, mean) for label, mean, _n in values]),
            )
        )
    return trends
