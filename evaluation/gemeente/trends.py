"""The gemeente's trends: each team's line over its rounds and the gemeente's line, per
condition, one point per half year.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from knowledge import services as knowledge

from ..charts import Chart, trend_chart
from ..disclosure import policy
from ..models import (
    Gemeente,
    Round,
    RoundAggregate,
    Team,
)
from ..models.rounds import RoundQuerySet, ended_on, enough
from .rounds import gemeente_teams, period_key, period_label


@dataclass(frozen=True)
class TeamPoint:
    round_title: str
    mean: float
    n: int


@dataclass
class TeamSeries:
    team: Team
    points: dict[str, TeamPoint]  # period key -> the team's last round in that period
    table_values: list[float | None] = field(default_factory=list)  # per period of the trend

    def values(self, periods: list[str]) -> list[float | None]:
        return [self.points[p].mean if p in self.points else None for p in periods]


@dataclass(frozen=True)
class GemeentePoint:
    period: str
    label: str
    mean: float | None  # mean of the teams with a score in this period
    teams: frozenset[int]  # which teams it rests on
    changed: bool  # other teams than in the previous period: do not compare the means
    change: float | None  # change since the previous period over the teams in both
    same_teams: int  # how many teams that change rests on


@dataclass
class Trend:
    condition: knowledge.Condition
    periods: list[tuple[str, str]]  # (key, label)
    series: list[TeamSeries]
    gemeente: list[GemeentePoint]
    chart: Chart

    @property
    def set_changed(self) -> bool:
        return any(point.changed for point in self.gemeente)


def _trend_rows(rounds: RoundQuerySet):
    """(team id, round title, opens_on, ended_on, condition id, mean, n) of every reportable
    condition score of these rounds: one query."""
    rules = policy()
    return RoundAggregate.objects.filter(
        enough(rules.minimum), round__in=rounds.reportable(), mean__isnull=False
    ).values_list(
        "round__team_id",
        "round__title",
        "round__opens_on",
        ended_on("round__"),
        "round_id",
        "condition_id",
        "mean",
        "n",
    )


def gemeente_trends(gemeente: Gemeente, *, kind: str | None = None) -> list[Trend]:
    """Per condition, each team's own line over its rounds (one point per half year: the team's
    last round in it, by actual close), and the gemeente's line, which never hides that it
    rests on other teams: each point names how many teams it rests on, says when they differ
    from the previous period's, and gives the change over the teams present in both.

    Only rounds that have ended and pass the thresholds count; a point never mixes teams.
    """
    conditions = knowledge.conditions()
    teams = list(gemeente_teams(gemeente, kind))
    by_id = {team.pk: team for team in teams}
    rounds = Round.objects.filter(team_id__in=list(by_id))
    # (team, condition, period) -> (ended, round id, title, mean, n), the last round wins.
    latest: dict[tuple[int, int, str], tuple] = {}
    for (
        team_id,
        title,
        opens_on,
        ended,
        round_id,
        condition_id,
        mean,
        n,
    ) in _trend_rows(rounds):
        key = (team_id, condition_id, period_key(opens_on))
        candidate = (ended, round_id, title, mean, n)
        if key not in latest or candidate[:2] > latest[key][:2]:
            latest[key] = candidate
    periods = sorted({period for (_t, _c, period) in latest})
    by_team_condition: dict[tuple[int, int], dict[str, TeamPoint]] = {}
    for (team_id, condition_id, period), value in latest.items():
        by_team_condition.setdefault((team_id, condition_id), {})[period] = TeamPoint(
            round_title=value[2], mean=value[3], n=value[4]
        )
    labels = [period_label(p) for p in periods]
    trends = []
    for condition in conditions:
        series = []
        for team in teams:
            points = by_team_condition.get((team.pk, condition.pk), {})
            if points:
                team_series = TeamSeries(team=team, points=points)
                team_series.table_values = team_series.values(periods)
                series.append(team_series)
        gemeente_points = []
        previous: dict[int, float] | None = None
        for period, label in zip(periods, labels, strict=True):
            now = {s.team.pk: s.points[period].mean for s in series if period in s.points}
            before = previous or {}
            both = set(now) & set(before)
            gemeente_points.append(
                GemeentePoint(
                    period=period,
                    label=label,
                    mean=sum(now.values()) / len(now) if now else None,
                    teams=frozenset(now),
                    changed=previous is not None and set(now) != set(previous),
                    change=(sum(now[t] - before[t] for t in both) / len(both) if both else None),
                    same_teams=len(both),
                )
            )
            previous = now
        lines = [(s.team.name, s.values(periods)) for s in series]
        like_with_like = not any(point.changed for point in gemeente_points)
        if like_with_like and len(series) > 1:
            # The same teams in every period: the gemeente's line compares like with like.
            lines.append(
                (
                    _("Gemiddelde %(name)s") % {"name": gemeente.name},
                    [point.mean for point in gemeente_points],
                )
            )
        chart = trend_chart(
            labels, lines, emphasis=lines[-1][0] if like_with_like and len(series) > 1 else None
        )
        trends.append(
            Trend(
                condition=condition,
                periods=list(zip(periods, labels, strict=True)),
                series=series,
                gemeente=gemeente_points,
                chart=chart,
            )
        )
    return trends
