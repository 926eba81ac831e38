"""Reads for the gemeente's analysts: their teams side by side, over time, and nationally.

Everything here is read from ``RoundAggregate`` (a round's team score per condition, kept up to
date at each submit) and ``Round.submitted_count``, never from individual responses. The
privacy threshold is applied here: a team below it, or a condition with too few defined scores,
shows no score, counts in no mean and in no national comparison.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from knowledge import services as knowledge

from ..bands import Band, band_for
from ..charts import Line, line
from ..disclosure import policy
from ..models import Gemeente, Round, RoundAggregate, Team
from ..parsing import whole_number
from .national import national_position, national_scores

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
    year = whole_number(year_text)
    if half not in ("1", "2") or year is None or not 2000 <= year <= 2100:
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
    band: Band | None = None
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
        return policy().missing(self.submitted)


@dataclass
class ConditionSummary:
    condition: object
    mean: float | None
    band: Band | None
    teams: int  # teams with a score on this condition
    responses: int  # defined scores it rests on
    national_rank: float | None = None
    national_quartile: int | None = None


@dataclass
class National:
    teams: dict[int, int]  # condition id -> number of teams compared with
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

    @property
    def reportable_rows(self) -> list[TeamRow]:
        return [row for row in self.rows if row.reportable]


# --- Reads ------------------------------------------------------------------------------------


def gemeente_teams(gemeente: Gemeente, kind: str | None = None) -> QuerySet[Team]:
    teams = Team.objects.filter(gemeente=gemeente).order_by("name")
    return teams.filter(kind=kind) if kind else teams


def latest_rounds(teams: QuerySet[Team], period: str | None = None) -> dict[int, Round]:
    """Each team's most recent round (by the day it actually ended; a running round counts from
    its planned last day), within the period when given."""
    rounds = Round.objects.filter(team__in=teams).select_related("questionnaire").with_ended_on()
    if period:
        start, end = period_bounds(period)
        rounds = rounds.filter(opens_on__range=(start, end))
    latest: dict[int, Round] = {}
    for round_ in rounds.order_by("team_id", "-ended_on", "-pk"):
        latest.setdefault(round_.team_id, round_)
    return latest


def _aggregates(round_ids) -> dict[tuple[int, int], RoundAggregate]:
    return {
        (row.round_id, row.condition_id): row
        for row in RoundAggregate.objects.filter(round_id__in=round_ids)
    }


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
    rules = policy()
    conditions = knowledge.conditions()
    teams = gemeente_teams(gemeente, kind)
    rounds = latest_rounds(teams, period)
    aggregates = _aggregates([r.pk for r in rounds.values()])
    national = national_scores()

    rows = []
    for team in teams:
        round_ = rounds.get(team.pk)
        submitted = round_.submitted_count if round_ else 0
        # While a round runs, and below the thresholds, only its count (evaluation/disclosure.py).
        reportable = round_ is not None and round_.disclosure().reportable
        cells = []
        for condition in conditions:
            aggregate = aggregates.get((round_.pk, condition.pk)) if round_ else None
            n = aggregate.n if aggregate else 0
            shown = reportable and aggregate and rules.reportable(n)
            mean = aggregate.mean if shown else None
            rank, quart = national_position(national, condition.pk, mean, rules)
            cells.append(
                Cell(
                    condition=condition,
                    n=n if reportable else 0,
                    mean=mean,
                    band=band_for(mean),
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
        rank, quart = national_position(national, condition.pk, mean, rules)
        summaries.append(
            ConditionSummary(
                condition=condition,
                mean=mean,
                band=band_for(mean),
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
            minimum=rules.national_minimum,
        ),
        period=period,
        kind=kind,
    )


def gemeente_trends(gemeente: Gemeente, *, kind: str | None = None) -> list[Trend]:
    """Per condition, the gemeente's mean team score per period (teams above the threshold)."""
    rules = policy()
    conditions = knowledge.conditions()
    rounds = Round.objects.filter(team__in=gemeente_teams(gemeente, kind)).reportable()
    rows = RoundAggregate.objects.filter(
        round__in=rounds, **rules.reportable_lookup("n")
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
