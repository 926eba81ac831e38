"""The drill-down per statement: each team's mean score on every statement of a condition.

Statement means come from evaluation/aggregates.py; a statement is shown for a team only when
the condition and the statement pass the thresholds.
"""

from dataclasses import dataclass

from django.db.models import Q

from knowledge import services as knowledge

from ..aggregates import StatementMean, statement_means
from ..constants import Lever
from ..models import (
    Gemeente,
    Round,
    Statement,
    Team,
)
from ..wording import Subject, statement_problem
from .rounds import condition_shown, gemeente_teams, reportable_rounds


@dataclass
class StatementRow:
    code: str
    text: str
    lever: str
    cells: list[StatementMean | None]  # per team; None: no score shown for that team
    reverse_keyed: bool = False

    @property
    def lever_label(self) -> str:
        return str(Lever(self.lever).label)

    @property
    def low_means(self) -> str:
        """What a low score on this statement says (``statement_problem``)."""
        return statement_problem(self.text, reverse_keyed=self.reverse_keyed, subject=Subject.TEAM)


@dataclass
class TeamColumn:
    team: Team
    round: Round | None
    withheld: bool  # the condition (or the round) is below the thresholds for this team


@dataclass
class Drilldown:
    gemeente: Gemeente
    condition: knowledge.Condition
    columns: list[TeamColumn]
    rows: list[StatementRow]
    period: str | None
    kind: str | None

    @property
    def grid(self) -> list[tuple[StatementRow, list[tuple[TeamColumn, StatementMean | None]]]]:
        """Each statement with its cells paired to their team (a phone shows one card per
        statement, each score labelled with its team)."""
        return [(row, list(zip(self.columns, row.cells, strict=True))) for row in self.rows]


def condition_by_slug(slug: str):
    """The condition with this slug, or None."""
    return next((c for c in knowledge.conditions() if c.slug == slug), None)


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
    rounds = reportable_rounds(teams, period)
    shown = condition_shown(rounds)
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
                text=statement.label,
                lever=statement.lever,
                reverse_keyed=statement.reverse_keyed,
                cells=[
                    None
                    if column.withheld or column.round is None  # no round: withheld
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
