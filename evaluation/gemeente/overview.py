"""The analyst's overview: the gemeente's teams side by side, with the national position.

Scores are read from ``RoundAggregate`` (a round's team score per condition, stored at each
submit) and ``Round.submitted_count``. The privacy thresholds hold at every level.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from knowledge import services as knowledge

from ..bands import Band, band_for
from ..disclosure import Count, policy
from ..models import (
    Gemeente,
    Round,
    Team,
)
from ..models.rounds import RoundEndedOn
from ..national import national_position, national_scores
from .rounds import (
    ROUND_SCOPES,
    ROUNDS_FINISHED,
    aggregates_of,
    gemeente_teams,
    latest_rounds,
    participation_warning,
    period_label,
    response_rate,
    running_rounds,
)


@dataclass
class Cell:
    condition: knowledge.Condition
    n: int
    mean: float | None  # None: below the threshold, or no round
    band: Band | None = None
    national_rank: float | None = None  # percentile among all teams (0–100)
    national_quartile: int | None = None


@dataclass
class TeamRow:
    team: Team
    round: RoundEndedOn | None  # the latest round that has ended
    submitted: int
    reportable: bool
    cells: list[Cell]
    running: Round | None = None  # a round still running: count and rate only (voorlopig)

    @property
    def missing(self) -> int:
        return policy().missing(self.submitted)

    @property
    def rate(self) -> float | None:
        return response_rate(self.submitted, self.team.size) if self.round else None

    @property
    def low_rate(self) -> bool:
        return self.rate is not None and self.rate < participation_warning()

    @property
    def running_rate(self) -> float | None:
        if self.running is None:
            return None
        return response_rate(self.running.submitted_count, self.team.size)


@dataclass
class ConditionSummary:
    condition: knowledge.Condition
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
class GemeenteOverview:
    gemeente: Gemeente
    conditions: list
    rows: list[TeamRow]
    summaries: list[ConditionSummary]
    national: National
    period: str | None
    kind: str | None
    scope: str = ROUNDS_FINISHED
    sort: str | None = None

    @property
    def reportable_rows(self) -> list[TeamRow]:
        return [row for row in self.rows if row.reportable]

    @property
    def scope_label(self) -> str:
        return str(dict(ROUND_SCOPES)[self.scope])

    @property
    def period_text(self) -> str:
        return period_label(self.period) if self.period else _("Laatste ronde van elk team")

    @property
    def participation_warning(self) -> float:
        return participation_warning()


def sort_keys(conditions) -> list[str]:
    """The sort orders of the heatmap: by name, or by a condition, lowest or highest first."""
    keys = ["naam"]
    for condition in conditions:
        keys += [condition.slug, f"-{condition.slug}"]
    return keys


def _sorted(rows: list[TeamRow], conditions, sort: str | None) -> list[TeamRow]:
    if not sort or sort == "naam":
        return rows
    descending = sort.startswith("-")
    slug = sort.lstrip("-")
    index = next((i for i, c in enumerate(conditions) if c.slug == slug), None)
    if index is None:
        return rows
    scored = [row for row in rows if row.cells and row.cells[index].mean is not None]
    unscored = [row for row in rows if row not in scored]  # no score: always last

    def mean_of(row: TeamRow) -> float:
        mean = row.cells[index].mean
        assert mean is not None  # only scored rows are sorted
        return mean

    scored.sort(key=mean_of, reverse=descending)
    return scored + unscored


def team_comparison(
    gemeente: Gemeente,
    *,
    period: str | None = None,
    kind: str | None = None,
    scope: str = ROUNDS_FINISHED,
    sort: str | None = None,
) -> GemeenteOverview:
    """The heatmap of teams × conditions, the gemeente's means and the national positions.

    Scores come from each team's latest round that has ended; a running round is attached to
    its team's row (count and rate only). A constant number of queries, whatever the number of
    teams (see the tests).
    """
    rules = policy()
    conditions = knowledge.conditions()
    teams = list(gemeente_teams(gemeente, kind))
    team_ids = [team.pk for team in teams]
    team_filter = Team.objects.filter(pk__in=team_ids)
    rounds = latest_rounds(team_filter, period)
    running = running_rounds(team_filter, period)
    aggregates = aggregates_of([r.pk for r in rounds.values()])
    national = national_scores()

    rows = []
    for team in teams:
        round_ = rounds.get(team.pk)
        submitted = round_.submitted_count if round_ else 0
        # Below the thresholds, only its count (evaluation/disclosure.py).
        reportable = round_ is not None and round_.disclosure().reportable
        cells = []
        for condition in conditions:
            aggregate = aggregates.get((round_.pk, condition.pk)) if round_ else None
            n = aggregate.n if aggregate else 0
            shown = (
                reportable
                and aggregate
                and rules.reportable(Count(aggregate.n, aggregate.unknown_n))
            )
            mean = aggregate.mean if aggregate is not None and shown else None
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
                team=team,
                round=round_,
                submitted=submitted,
                reportable=reportable,
                cells=cells,
                running=running.get(team.pk),
            )
        )

    summaries = []
    for index, condition in enumerate(conditions):
        cells = [row.cells[index] for row in rows if row.cells[index].mean is not None]
        means = [c.mean for c in cells if c.mean is not None]  # one per cell
        mean = sum(means) / len(means) if means else None
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
        rows=_sorted(rows, conditions, sort),
        summaries=summaries,
        national=National(
            teams={c.pk: national[c.pk].teams if c.pk in national else 0 for c in conditions},
            minimum=rules.national_minimum,
        ),
        period=period,
        kind=kind,
        scope=scope,
        sort=sort,
    )
