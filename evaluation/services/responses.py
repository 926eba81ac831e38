"""Writes of responses: start, save a step and submit (the scan), and the import of rows.

Scores are computed once, at submit or import (evaluation/scoring.py), and the round's
aggregates refreshed in the same transaction (evaluation/aggregates.py).
"""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import scoring, selectors
from ..aggregates import round_aggregates_store
from ..constants import (
    COMMENT_MAX_LENGTH,
    NOT_APPLICABLE,
    ResponseStatus,
    Role,
    RoundEventKind,
)
from ..models import (
    Answer,
    Comment,
    ConditionScore,
    Response,
    Round,
    Statement,
    token_hash,
)
from .errors import RoundClosedError, ServiceError, comment_too_long_message
from .rounds import event_record


def response_start(
    *, round_: Round, role: str, invitation_id: int | None = None
) -> tuple[Response, str]:
    """Starts an anonymous response on the link ``invitation_id``; returns it with the token of
    its personal resume link. ``response.draft_key`` is the key the browser keeps for it (only
    its hash is stored, and erased at submit)."""
    if not round_.is_open():
        raise RoundClosedError(_("Deze ronde is gesloten: er kunnen geen antwoorden meer bij."))
    if role not in Role.values:
        raise ServiceError(_("Kies een van de genoemde rollen."))
    resume_token = secrets.token_urlsafe(24)
    draft_key = secrets.token_urlsafe(24)
    response = Response(
        round=round_,
        role=role,
        resume_hash=token_hash(resume_token),
        draft_hash=token_hash(draft_key),
        invitation_id=invitation_id,
    )
    # The round is a loaded row and the hash of 192 random bits is unique: skip the two lookups
    # full_clean would make for them (this is the scan's hot path).
    response.full_clean(exclude=["round", "invitation"], validate_unique=False)
    response.save()
    response.draft_key = draft_key
    return response, resume_token


def response_draft_key(*, response: Response) -> str:
    """Hands the draft to another browser (the resume link): a new key, whose hash replaces the
    old one, so the draft belongs to one browser at a time."""
    draft_key = secrets.token_urlsafe(24)
    Response.objects.filter(pk=response.pk, status=ResponseStatus.STARTED).update(
        draft_hash=token_hash(draft_key)
    )
    return draft_key


def _check_open_draft(response: Response) -> None:
    if response.is_submitted:
        raise ServiceError(
            _("Je antwoorden zijn al ingediend en kunnen niet meer worden gewijzigd.")
        )
    if not response.round.is_open():
        raise RoundClosedError(_("Deze ronde is gesloten: er kunnen geen antwoorden meer bij."))


AnswerValue = int | str | None  # 1–5, None ("weet ik niet") or NOT_APPLICABLE


def _answer_fields(statement: Statement, value: AnswerValue) -> dict:
    """The stored form of an answer; "niet van toepassing" only where the statement offers it."""
    if value == NOT_APPLICABLE:
        if not statement.may_not_apply:
            raise ServiceError(
                _("Bij stelling %(code)s kan niet 'niet van toepassing' worden gekozen.")
                % {"code": statement.code}
            )
        return {"value": None, "not_applicable": True}
    if value is not None and value not in range(1, 6):
        raise ServiceError(_("Een antwoord moet tussen 1 en 5 liggen, of 'weet ik niet' zijn."))
    return {"value": value, "not_applicable": False}


def _scored(values: Mapping[str, AnswerValue]) -> dict[str, int | None]:
    scored: dict[str, int | None] = {}
    for code, value in values.items():
        if value == NOT_APPLICABLE:
            # "Niet van toepassing" counts as not answered, exactly like "weet ik niet".
            scored[code] = None
        else:
            assert not isinstance(value, str)  # _answer_fields refuses any other text
            scored[code] = value
    return scored


def response_save_step(
    *,
    response: Response,
    statements: Iterable[Statement],
    values: Mapping[int, AnswerValue],
    comment: str = "",
) -> None:
    """Saves the answers of one step (one condition) of a draft response.

    ``values`` maps statement id to 1–5, None ("weet ik niet") or ``NOT_APPLICABLE`` (only for
    statements with ``may_not_apply``). Statements of another questionnaire or condition are
    refused; saving a step again overwrites it. The answers are written in one upsert and the
    comment in one more; ``response.round`` is used as loaded (the view has just read it), only
    the response row is read again, under a lock.
    """
    statements = list(statements)
    if not statements:
        raise ServiceError(_("Deze stap heeft geen stellingen."))
    conditions = {statement.condition_id for statement in statements}
    if len(conditions) != 1 or any(
        s.questionnaire_id != response.round.questionnaire_id for s in statements
    ):
        raise ServiceError(_("Deze stellingen horen niet bij deze vragenlijst."))
    asked = {
        s.pk for s in selectors.role_statements(response.round.questionnaire_id, response.role)
    }
    if any(statement.pk not in asked for statement in statements):
        raise ServiceError(_("Deze stellingen worden niet gevraagd aan iemand in jouw rol."))
    by_id = {statement.id: statement for statement in statements}
    if set(values) - set(by_id):
        raise ServiceError(_("Er zijn antwoorden op onbekende stellingen meegestuurd."))
    fields = {
        statement_id: _answer_fields(by_id[statement_id], value)
        for statement_id, value in values.items()
    }
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ServiceError(comment_too_long_message(len(comment)))
    condition_id = conditions.pop()
    with transaction.atomic():
        # Only the response row: locking its round too (as a join would on PostgreSQL) takes the
        # two locks in the opposite order from response_submit, and the two can deadlock.
        # A slice, not first(): one row by its key, no ORDER BY needed.
        status = next(
            iter(
                Response.objects.select_for_update()
                .filter(pk=response.pk)
                .values_list("status", flat=True)[:1]
            ),
            None,
        )
        if status is None:
            raise ServiceError(_("Deze antwoorden bestaan niet meer."))
        response.status = status
        _check_open_draft(response)
        if fields:
            Answer.objects.bulk_create(
                [
                    Answer(response_id=response.pk, statement_id=statement_id, **stored)
                    for statement_id, stored in fields.items()
                ],
                update_conflicts=True,
                unique_fields=["response", "statement"],
                update_fields=["value", "not_applicable"],
            )
        if comment:
            Comment.objects.bulk_create(
                [Comment(response_id=response.pk, condition_id=condition_id, text=comment)],
                update_conflicts=True,
                unique_fields=["response", "condition"],
                update_fields=["text"],
            )
        else:
            Comment.objects.filter(response_id=response.pk, condition_id=condition_id).delete()


def _store_scores(
    response: Response, answers: Mapping[str, int | None], statements: list[Statement]
) -> None:
    specs = [
        scoring.StatementSpec(
            code=s.code, condition=s.condition.slug, reverse_keyed=s.reverse_keyed
        )
        for s in statements
    ]
    results = scoring.score_response(specs, answers)
    conditions = {s.condition.slug: s.condition for s in statements}
    ConditionScore.objects.bulk_create(
        ConditionScore(
            response=response,
            condition=conditions[slug],
            score=result.score,
            answered=result.answered,
            total=result.total,
        )
        for slug, result in results.items()
    )


@dataclass(frozen=True)
class SubmitResult:
    response: Response
    already_submitted: bool


def response_submit(*, response: Response) -> SubmitResult:
    """Submits a draft response: all-or-nothing and idempotent.

    Every statement asked of the respondent's role must have an answer (a value or "weet ik
    niet"); the scores are computed over those statements only.
    The condition scores are computed here, once, and stored with the response. A second
    submit (double click, other tab, retry after a timeout) changes nothing and reports that
    the response was already submitted.
    """
    with transaction.atomic():
        # The round first (as round_close does), so a close and a submit happen one after the
        # other: a submit either lands before the close or is refused after it.
        round_ = Round.objects.select_for_update().get(pk=response.round_id)
        locked = Response.objects.select_for_update().get(pk=response.pk)
        locked.round = round_
        if locked.is_submitted:
            return SubmitResult(response=locked, already_submitted=True)
        if not round_.is_open():
            raise RoundClosedError(
                _("Deze ronde is gesloten: je antwoorden kunnen niet meer worden ingediend.")
            )
        # What this respondent's role is asked (worded for it, some statements left out).
        statements = selectors.role_statements(round_.questionnaire_id, locked.role)
        by_id = dict(locked.answers.values_list("statement_id", "value"))
        if any(statement.pk not in by_id for statement in statements):
            raise ServiceError(
                _(
                    "Nog niet alle stellingen zijn beantwoord. Kies bij elke stelling een antwoord "
                    "of 'weet ik niet'."
                )
            )
        answers = {statement.code: by_id[statement.pk] for statement in statements}
        _store_scores(locked, answers, statements)
        locked.status = ResponseStatus.SUBMITTED
        # No browser's session and no link can find it any more: a session row elsewhere (a
        # draft begun on another device) holds a draft key and perhaps the resume link's token,
        # and both now point at nothing.
        locked.draft_hash = None
        locked.resume_hash = None
        locked.save(update_fields=["status", "draft_hash", "resume_hash"])
        round_aggregates_store(round_)
    return SubmitResult(response=locked, already_submitted=False)


@dataclass(frozen=True)
class ImportRow:
    role: str
    values: Mapping[str, AnswerValue]  # statement code -> 1–5, None or NOT_APPLICABLE
    comments: Mapping[str, str] | None = None  # condition code (e.g. "MAN") -> comment


def responses_import(*, round_: Round, rows: Iterable[ImportRow], by=None) -> int:
    """Stores already-validated rows as submitted responses, all or none. Returns the count.

    Only while the round runs: a round that has ended takes no responses unless it is reopened
    (paper forms that arrive late: reopen, import, close). Every import is recorded (by whom,
    when, how many rows) and shown with the results.
    """
    rows = list(rows)
    # Each row is stored and scored on what its role is asked, as in the scan.
    asked = {
        role: selectors.role_statements(round_.questionnaire_id, role)
        for role in {row.role for row in rows}
        if role in Role.values
    }
    statements = {
        s.code: s
        for _condition, step in selectors.questionnaire_steps(round_.questionnaire_id)
        for s in step
    }
    conditions = {s.condition.code.upper(): s.condition for s in statements.values()}
    for row in rows:
        for code, text in (row.comments or {}).items():
            if code.upper() not in conditions:
                raise ServiceError(
                    _("Een opmerking hoort bij een onbekende voorwaarde: %(code)s.")
                    % {"code": code}
                )
            if len(text.strip()) > COMMENT_MAX_LENGTH:
                raise ServiceError(comment_too_long_message(len(text.strip())))
    try:
        with transaction.atomic():
            locked = Round.objects.select_for_update().get(pk=round_.pk)
            if locked.is_finished():
                raise RoundClosedError(
                    _(
                        "Deze ronde is afgesloten en neemt geen antwoorden meer aan. Heropen de "
                        "ronde eerst als er nog papieren formulieren zijn."
                    )
                )
            if rows:
                event_record(round_=locked, kind=RoundEventKind.IMPORTED, by=by, rows=len(rows))
            for row in rows:
                if row.role not in asked:
                    raise ServiceError(_("Een rij heeft een onbekende rol."))
                role_scored = asked[row.role]
                if set(row.values) != {s.code for s in role_scored}:
                    raise ServiceError(
                        _("Een rij heeft niet precies de stellingen van deze ronde voor die rol.")
                    )
                response = Response.objects.create(
                    round=round_,
                    role=row.role,
                    status=ResponseStatus.SUBMITTED,
                    imported=True,
                )
                Answer.objects.bulk_create(
                    Answer(
                        response=response,
                        statement=statements[code],
                        **_answer_fields(statements[code], value),
                    )
                    for code, value in row.values.items()
                )
                _store_scores(response, _scored(row.values), role_scored)
                # The same rules as a comment given in the scan: trimmed, empty is none.
                Comment.objects.bulk_create(
                    Comment(
                        response=response,
                        condition=conditions[code.upper()],
                        text=text.strip(),
                    )
                    for code, text in (row.comments or {}).items()
                    if text.strip()
                )
            round_aggregates_store(locked)
            for field in ("submitted_count", "imported_count", "unknown_by_group", "held_back"):
                setattr(round_, field, getattr(locked, field))
    except IntegrityError as exc:  # pragma: no cover - guarded by validation above
        raise ServiceError(_("Het bestand kon niet worden opgeslagen.")) from exc
    return len(rows)
