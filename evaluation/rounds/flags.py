"""Comments that may name someone, flagged for the coordinator before sharing
(evaluation/identifying.py)."""

import hashlib
from dataclasses import dataclass
from typing import Any

from ..disclosure import Audience
from ..identifying import Reason, identifying_reasons
from ..models import Round
from ..services import REDACTED
from ..team_results import ConditionResult, round_results


@dataclass(frozen=True)
class FlaggedComment:
    condition_id: int
    condition_name: str
    text: str
    reasons: list[Reason]

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def _condition(result: ConditionResult) -> Any:
    # A knowledge Condition; evaluation reads knowledge only through knowledge.services.
    return result.condition


def flagged_comments(round_: Round) -> list[FlaggedComment]:
    """The comments the coordinator may read (the team's view) that look like they hold a name,
    an e-mail address, a phone number, a BSN-like number or an address."""
    results = round_results(round_, audience=Audience.TEAM)
    return [
        FlaggedComment(_condition(c).pk, _condition(c).name, text, reasons)
        for c in results.conditions
        for text in dict.fromkeys(c.comments)
        if text != REDACTED and (reasons := identifying_reasons(text))
    ]
