"""The models of the self-scan, one module per part of the domain; importable from here.

A response carries no personal data (see responses.py and docs/privacy.md).
"""

from .aggregates import NationalSnapshot, RoundAggregate, StatementAggregate
from .meeting import ActionPoint, AgreedView
from .organisations import Gemeente, Team
from .questionnaires import IN_USE_MESSAGE, Questionnaire, Statement, StatementWording
from .reports import BulkReportJob, RoundReport
from .responses import Answer, Comment, ConditionScore, Response
from .rounds import Invitation, InvitationMail, Round, RoundEvent, token_hash

__all__ = [
    "IN_USE_MESSAGE",
    "ActionPoint",
    "AgreedView",
    "Answer",
    "BulkReportJob",
    "Comment",
    "ConditionScore",
    "Gemeente",
    "Invitation",
    "InvitationMail",
    "NationalSnapshot",
    "Questionnaire",
    "Response",
    "Round",
    "RoundAggregate",
    "RoundEvent",
    "RoundReport",
    "Statement",
    "StatementAggregate",
    "StatementWording",
    "Team",
    "token_hash",
]
