"""What the teams ask of the gemeente: the statements only the gemeente can change on which
teams score low, and the action points the teams addressed to the gemeente.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from knowledge import services as knowledge

from ..aggregates import statement_means
from ..constants import ActionStatus, Lever
from ..models import (
    ActionPoint,
    Gemeente,
    Statement,
    Team,
)
from ..scoring import SCALE_MIDDLE
from ..wording import Subject, statement_problem
from .rounds import condition_shown, gemeente_teams, reportable_rounds

# A statement counts as a question to the gemeente for a team when the team's mean on it is
# below this score: below the middle of the scale, the team on average disagrees (or, for a
# reverse-keyed statement, on average recognises the problem it names).
QUESTION_BELOW = SCALE_MIDDLE


@dataclass
class Question:
    code: str
    text: str
    condition: knowledge.Condition
    teams: list[tuple[Team, float]]  # the teams for which it scores below QUESTION_BELOW
    lessons: list = field(default_factory=list)
    reverse_keyed: bool = False

    @property
    def problem(self) -> str:
        """What the teams say, the way they answered (``statement_problem``)."""
        return statement_problem(self.text, reverse_keyed=self.reverse_keyed, subject=Subject.TEAMS)

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
        return sum(1 for a in self.actions if a.is_open)


def gemeente_action_points(gemeente: Gemeente) -> list[ActionPoint]:
    """The action points the gemeente's teams addressed to the gemeente or the organisation(s),
    with their team; open ones first, then the newest."""
    order: dict[str, int] = {
        ActionStatus.OPEN: 0,
        ActionStatus.IN_PROGRESS: 1,
        ActionStatus.DONE: 2,
    }
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
    rounds = reportable_rounds(teams, period)
    shown = condition_shown(rounds)
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
                Question(
                    code=code,
                    text=statement.label,
                    condition=statement.condition,
                    teams=below,
                    reverse_keyed=statement.reverse_keyed,
                )
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
