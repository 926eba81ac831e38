"""Writes: rounds, invitations, responses (scan and import), questionnaires, action points and
the retention purge, one module each; importable from here. The aggregates, the national
snapshot, the stored reports and the bulk reports keep their writes beside their reads
(evaluation/aggregates.py, evaluation/national.py, evaluation/report.py,
evaluation/gemeente/bulk.py). Every service is keyword-only, atomic, and validates before
saving.

Views call these; they never write models themselves. Services call the domain layer and the
models, never a page.
"""

from .actions import (
    action_point_answer,
    action_point_delete,
    action_point_save,
    action_point_set_status,
    agreed_view_save,
    meeting_step_save,
)
from .errors import RoundClosedError, ServiceError, comment_too_long_message
from .questionnaires import questionnaire_new_version
from .responses import (
    AnswerValue,
    ImportRow,
    SubmitResult,
    response_draft_key,
    response_save_step,
    response_start,
    response_submit,
    responses_import,
)
from .retention import PurgeResult, round_purge_raw
from .rounds import (
    REDACTED,
    RoundFacts,
    comments_redact,
    invitation_replace,
    invitation_revoke,
    round_close,
    round_create,
    round_reopen,
    round_share_comments,
    round_update_facts,
)

__all__ = [
    "REDACTED",
    "AnswerValue",
    "ImportRow",
    "PurgeResult",
    "RoundClosedError",
    "RoundFacts",
    "ServiceError",
    "SubmitResult",
    "action_point_answer",
    "action_point_delete",
    "action_point_save",
    "action_point_set_status",
    "agreed_view_save",
    "comment_too_long_message",
    "comments_redact",
    "invitation_replace",
    "invitation_revoke",
    "meeting_step_save",
    "questionnaire_new_version",
    "response_draft_key",
    "response_save_step",
    "response_start",
    "response_submit",
    "responses_import",
    "round_close",
    "round_create",
    "round_purge_raw",
    "round_reopen",
    "round_share_comments",
    "round_update_facts",
]
