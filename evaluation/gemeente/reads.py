"""Reads for the gemeente's analysts: their teams side by side, over time, per statement,
nationally, and what the teams ask of the gemeente.

Scores are read from ``RoundAggregate`` (a round's team score per condition, kept up to date at
each submit) and ``Round.submitted_count``; statement means from the submitted answers (or, after
the retention purge, ``StatementAggregate``), aggregated in the database. Only rounds that have
ended give scores (evaluation/disclosure.py): a running round appears with its count and
response rate only, marked *voorlopig*, and never in a mean, a trend or the national picture.
The privacy thresholds hold at every level.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from knowledge import services as knowledge

from .. import scoring
from ..bands import Band, band_for
from ..charts import Chart, trend_chart
from ..constants import ActionStatus, Lever, ResponseStatus
from ..disclosure import policy
from ..models import (
    ActionPoint,
    Answer,
    Gemeente,
    Round,
    RoundAggregate,
    Statement,
    StatementAggregate,
    Team,
)
from ..parsing import whole_number
from ..results.reads import statement_level_shown
from .national import national_position, national_scores

# Which rounds an export lists: only those that have ended (the default), or also the running
# ones, with their count and response rate but never a score.
ROUNDS_FINISHED = "afgesloten"
ROUNDS_WITH_RUNNING = "ook-lopend"
ROUND_SCOPES = (
    (ROUNDS_FINISHED, gettext_lazy("Alleen afgesloten rondes (standaard)")),
    (ROUNDS_WITH_RUNNING, gettext_lazy("Ook lopende rondes (alleen aantallen)")),
)

# A statement counts as a question to the gemeente for a team when the team's mean on it is
# below this score: below the middle of the scale, the team on average disagrees.
QUESTION_BELOW = 50.0


def participation_warning() -> float:
    """Below this response rate a round is flagged as less representative (a setting; not a
    disclosure rule, so it is read here and not in evaluation/disclosure.py)."""
    return float(getattr(settings, "PARTICIPATION_WARNING", 0.5))


def response_rate(submitted: int, size: int | None) -> float | None:
    """Submitted scans as a share of the team's members; None when the size is unknown."""
    if not size:
        return None
    return submitted / size


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
    round: Round | None  # the latest round that has ended
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


# --- Rounds -----------------------------------------------------------------------------------


def gemeente_teams(gemeente: Gemeente, kind: str | None = None) -> QuerySet[Team]:
    teams = Team.objects.filter(gemeente=gemeente).order_by("name")
    return teams.filter(kind=kind) if kind else teams


def _in_period(rounds: QuerySet[Round], period: str | None) -> QuerySet[Round]:
    if period:
        start, end = period_bounds(period)
        rounds = rounds.filter(opens_on__range=(start, end))
    return rounds


def latest_rounds(teams: QuerySet[Team], period: str | None = None) -> dict[int, Round]:
    """Each team's most recent round that has ended, by the day it actually ended (a round
    closed early counts from the day it was closed), within the period when given."""
    rounds = _in_period(
        Round.objects.filter(team__in=teams)
        .finished()
        .select_related("questionnaire")
        .with_ended_on(),
        period,
    )
    latest: dict[int, Round] = {}
    for round_ in rounds.order_by("team_id", "-ended_on", "-pk"):
        latest.setdefault(round_.team_id, round_)
    return latest


def running_rounds(teams: QuerySet[Team], period: str | None = None) -> dict[int, Round]:
    """Each team's round that is running now (opened, not ended), within the period when
    given. Only its count may be shown."""
    today = timezone.localdate()
    rounds = _in_period(
        Round.objects.filter(
            team__in=teams, closed_at__isnull=True, closes_on__gte=today, opens_on__lte=today
        ),
        period,
    )
    running: dict[int, Round] = {}
    for round_ in rounds.order_by("team_id", "-opens_on", "-pk"):
        running.setdefault(round_.team_id, round_)
    return running


def _aggregates(round_ids) -> dict[tuple[int, int], RoundAggregate]:
    return {
        (row.round_id, row.condition_id): row
        for row in RoundAggregate.objects.filter(round_id__in=round_ids)
    }


def available_periods(gemeente: Gemeente) -> list[tuple[str, str]]:
    days = Round.objects.filter(team__gemeente=gemeente).values_list("opens_on", flat=True)
    keys = sorted({period_key(day) for day in days}, reverse=True)
    return [(key, period_label(key)) for key in keys]


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
    scored.sort(key=lambda row: row.cells[index].mean, reverse=descending)
    return scored + unscored


# --- The overview -----------------------------------------------------------------------------


def gemeente_overview(
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
    aggregates = _aggregates([r.pk for r in rounds.values()])
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


# --- Trends -----------------------------------------------------------------------------------


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
    condition: object
    periods: list[tuple[str, str]]  # (key, label)
    series: list[TeamSeries]
    gemeente: list[GemeentePoint]
    chart: Chart

    @property
    def set_changed(self) -> bool:
        return any(point.changed for point in self.gemeente)


def _trend_rows(rounds: QuerySet[Round]):
    """(team id, round title, opens_on, ended_on, condition id, mean, n) of every reportable
    condition score of these rounds: one query."""
    rules = policy()
    return RoundAggregate.objects.filter(
        round__in=rounds.reportable(), mean__isnull=False, **rules.reportable_lookup("n")
    ).values_list(
        "round__team_id",
        "round__title",
        "round__opens_on",
        "round__closed_at",
        "round__closes_on",
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
        closed_at,
        closes_on,
        round_id,
        condition_id,
        mean,
        n,
    ) in _trend_rows(rounds):
        ended = timezone.localdate(closed_at) if closed_at else closes_on
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
            both = set(now) & set(previous or {})
            gemeente_points.append(
                GemeentePoint(
                    period=period,
                    label=label,
                    mean=sum(now.values()) / len(now) if now else None,
                    teams=frozenset(now),
                    changed=previous is not None and set(now) != set(previous),
                    change=(sum(now[t] - previous[t] for t in both) / len(both) if both else None),
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


# --- Statements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementMean:
    score: float | None  # 0–100; None when withheld
    n: int  # answers it rests on (without "weet ik niet")

    @property
    def band(self) -> Band | None:
        return band_for(self.score)


def _score_of_mean(mean_value: float, reverse_keyed: bool) -> float:
    # statement_score is linear in the answer, so the score of the mean answer is the mean of
    # the scores.
    low = scoring.statement_score(1, reverse_keyed=reverse_keyed)
    high = scoring.statement_score(5, reverse_keyed=reverse_keyed)
    return low + (mean_value - 1) * (high - low) / 4


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
            .annotate(mean=Avg("value"), n=Count("id"))
            .values_list(
                "response__round_id", "statement__code", "statement__reverse_keyed", "mean", "n"
            )
        )
    if purged:
        rows += [
            (round_id, code, reverse, total / n if n else None, n)
            for round_id, code, reverse, total, n in StatementAggregate.objects.filter(
                round_id__in=purged, value__isnull=False, statement_id__in=statement_ids
            )
            .values_list("round_id", "statement__code", "statement__reverse_keyed")
            .annotate(total=Sum(F("value") * F("count")), n=Sum("count"))
            .values_list("round_id", "statement__code", "statement__reverse_keyed", "total", "n")
        ]
    for round_id, code, reverse, mean, n in rows:
        mean = float(mean) if mean is not None else None  # PostgreSQL averages as numeric
        shown = mean is not None and rules.reportable(n)
        result[(round_id, code)] = StatementMean(
            score=_score_of_mean(mean, reverse) if shown else None, n=n
        )
    return result


@dataclass
class StatementRow:
    code: str
    text: str
    lever: str
    cells: list[StatementMean | None]  # per team; None: no score shown for that team

    @property
    def lever_label(self) -> str:
        return str(Lever(self.lever).label)


@dataclass
class TeamColumn:
    team: Team
    round: Round | None
    withheld: bool  # the condition (or the round) is below the thresholds for this team


@dataclass
class Drilldown:
    gemeente: Gemeente
    condition: object
    columns: list[TeamColumn]
    rows: list[StatementRow]
    period: str | None
    kind: str | None


def condition_by_slug(slug: str):
    """The condition with this slug, or None."""
    return next((c for c in knowledge.conditions() if c.slug == slug), None)


def _reportable_rounds(teams: list[Team], period: str | None) -> dict[int, Round]:
    """Each team's latest round that has ended and passes the round thresholds."""
    rounds = latest_rounds(Team.objects.filter(pk__in=[t.pk for t in teams]), period)
    return {team_id: round_ for team_id, round_ in rounds.items() if round_.disclosure().reportable}


def _condition_shown(rounds: dict[int, Round]) -> set[tuple[int, int]]:
    """(round id, condition id) pairs whose statements may be shown: the condition score
    passes the threshold, and no small group of roles asked other statements can be singled
    out (Policy.statements_shown)."""
    rules = policy()
    return set(
        RoundAggregate.objects.filter(
            round_id__in=[r.pk for r in rounds.values()], **rules.reportable_lookup("n")
        ).values_list("round_id", "condition_id")
    ) & statement_level_shown(rounds.values())


def statement_drilldown(
    gemeente: Gemeente, condition, *, period: str | None = None, kind: str | None = None
) -> Drilldown:
    """For one condition, its statements across the gemeente's teams: per statement and team the
    mean score of the team's latest reportable round. A team whose condition is withheld (below
    the threshold) shows nothing for its statements, nor does a statement answered by fewer than
    the threshold. A constant number of queries, whatever the number of teams."""
    return statement_drilldowns(gemeente, [condition], period=period, kind=kind)[0]


def statement_drilldowns(
    gemeente: Gemeente, conditions: list, *, period: str | None = None, kind: str | None = None
) -> list[Drilldown]:
    """``statement_drilldown`` for several conditions at once, in the same number of queries."""
    teams = list(gemeente_teams(gemeente, kind))
    rounds = _reportable_rounds(teams, period)
    shown = _condition_shown(rounds)
    questionnaires = {r.questionnaire_id for r in rounds.values()}
    selected = Q(questionnaire_id__in=questionnaires, condition_id__in=[c.pk for c in conditions])
    statements: dict[int, dict[str, Statement]] = {c.pk: {} for c in conditions}
    for statement in Statement.objects.filter(selected).order_by("order", "-questionnaire_id"):
        statements[statement.condition_id].setdefault(statement.code, statement)
    means = statement_means(list(rounds.values()), selected)
    result = []
    for condition in conditions:
        columns = [
            TeamColumn(
                team=team,
                round=rounds.get(team.pk),
                withheld=team.pk not in rounds or (rounds[team.pk].pk, condition.pk) not in shown,
            )
            for team in teams
        ]
        rows = [
            StatementRow(
                code=statement.code,
                text=statement.text,
                lever=statement.lever,
                cells=[
                    None
                    if column.withheld
                    else means.get((column.round.pk, statement.code), StatementMean(None, 0))
                    for column in columns
                ],
            )
            for statement in statements[condition.pk].values()
        ]
        result.append(
            Drilldown(
                gemeente=gemeente,
                condition=condition,
                columns=columns,
                rows=rows,
                period=period,
                kind=kind,
            )
        )
    return result


# --- What the teams ask of the gemeente -------------------------------------------------------


@dataclass
class Question:
    code: str
    text: str
    condition: object
    teams: list[tuple[Team, float]]  # the teams for which it scores below QUESTION_BELOW
    lessons: list = field(default_factory=list)

    @property
    def mean(self) -> float:
        return sum(score for _team, score in self.teams) / len(self.teams)


@dataclass
class GemeenteQuestions:
    questions: list[Question]
    actions: list[ActionPoint]
    threshold: float = QUESTION_BELOW
    teams_compared: int = 0

    @property
    def open_actions(self) -> int:
        return sum(
            1 for a in self.actions if a.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
        )


def gemeente_action_points(gemeente: Gemeente) -> list[ActionPoint]:
    """The action points the gemeente's teams addressed to the gemeente or the organisation(s),
    with their team; open ones first, then the newest."""
    order = {ActionStatus.OPEN: 0, ActionStatus.IN_PROGRESS: 1, ActionStatus.DONE: 2}
    actions = list(
        ActionPoint.objects.filter(
            round__team__gemeente=gemeente, actor__in=[Lever.GEMEENTE, Lever.ORGANISATION]
        )
        .select_related("round__team", "condition", "answered_by")
        .order_by("-created_at", "-pk")
    )
    actions.sort(key=lambda a: (a.actor != Lever.GEMEENTE, order.get(a.status, 3)))
    return actions


def gemeente_questions(
    gemeente: Gemeente, *, period: str | None = None, kind: str | None = None
) -> GemeenteQuestions:
    """Across the gemeente's teams, the statements that only the gemeente can change
    (``Statement.lever``) on which teams score lowest: a statement counts for a team when the
    team's mean on it (latest reportable round, condition and statement above the thresholds)
    is below ``QUESTION_BELOW``. Most teams first, then the lowest mean. With the lessons that
    address each statement and the action points addressed to the gemeente."""
    teams = list(gemeente_teams(gemeente, kind))
    rounds = _reportable_rounds(teams, period)
    shown = _condition_shown(rounds)
    questionnaires = {r.questionnaire_id for r in rounds.values()}
    selected = Q(questionnaire_id__in=questionnaires, lever=Lever.GEMEENTE)
    statements: dict[str, Statement] = {}
    for statement in (
        Statement.objects.filter(selected)
        .select_related("condition")
        .order_by("condition__order", "order", "-questionnaire_id")
    ):
        statements.setdefault(statement.code, statement)
    means = statement_means(list(rounds.values()), selected) if statements else {}
    questions = []
    for code, statement in statements.items():
        below = []
        for team in teams:
            round_ = rounds.get(team.pk)
            if round_ is None or (round_.pk, statement.condition_id) not in shown:
                continue
            mean = means.get((round_.pk, code))
            if mean is not None and mean.score is not None and mean.score < QUESTION_BELOW:
                below.append((team, mean.score))
        if below:
            questions.append(
                Question(code=code, text=statement.text, condition=statement.condition, teams=below)
            )
    questions.sort(key=lambda q: (-len(q.teams), q.mean, q.code))
    lessons = knowledge.lessons_for_statements([q.code for q in questions])
    for question in questions:
        question.lessons = lessons.get(question.code, [])
    return GemeenteQuestions(
        questions=questions,
        actions=gemeente_action_points(gemeente),
        teams_compared=len(rounds),
    )
