"""Reads for the teamgesprek and the follow-up of action points.

The teamgesprek shows nothing the results page does not: it reads the same ``round_results``
(evaluation/team_results.py), so the privacy rules of evaluation/disclosure.py hold here too.
"""

from dataclasses import dataclass, field

from django.db.models import F, QuerySet
from django.utils.functional import Promise

from ..disclosure import Audience
from ..models import ActionPoint, Round
from ..team_results import ConditionResult, RoundResults, round_results
from .questions import EXTRA_SOURCES, questions_for


@dataclass
class MeetingStep:
    number: int
    result: ConditionResult
    questions: list = field(default_factory=list)
    extra_source: str | Promise = ""


@dataclass
class Meeting:
    round: Round
    results: RoundResults
    steps: list[MeetingStep] = field(default_factory=list)  # weakest first
    previous_open: list[ActionPoint] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.results.reportable

    def step(self, number: int) -> MeetingStep | None:
        if 1 <= number <= len(self.steps):
            return self.steps[number - 1]
        return None


def meeting(round_: Round) -> Meeting:
    """The teamgesprek of a round: one step per condition, weakest first, and the previous
    round's action points that are still open. Only for a round whose results may be shown."""
    results = round_results(round_, audience=Audience.TEAM)
    found = Meeting(round=round_, results=results)
    if not results.reportable:
        return found
    found.steps = [
        MeetingStep(
            number=index,
            result=result,
            questions=questions_for(result.condition.slug),
            extra_source=EXTRA_SOURCES.get(result.condition.slug, ""),
        )
        for index, result in enumerate(results.conditions, start=1)
    ]
    if results.previous is not None:
        found.previous_open = list(
            results.previous.action_points.open()
            .select_related("condition")
            .order_by(F("due_date").asc(nulls_last=True), "pk")
        )
    return found


def open_actions(user) -> QuerySet[ActionPoint]:
    """The open action points (open or bezig) of every round of the coordinator's teams,
    the overdue and soonest first, without a date last."""
    return (
        ActionPoint.objects.open()
        .filter(round__in=Round.objects.for_coordinator(user))
        .select_related("round__team", "condition", "lesson")
        .order_by(F("due_date").asc(nulls_last=True), "round__team__name", "pk")
    )
