"""Writes: rounds, invitations, responses (scan and import), questionnaires, action points and
the retention purge. The national snapshot and the bulk reports keep their writes beside their
reads (evaluation/gemeente/national.py, evaluation/gemeente/bulk.py). Every service is
keyword-only, atomic, and validates before saving.

Views call these; they never write models themselves.
"""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import scoring, selectors
from .constants import (
    COMMENT_MAX_LENGTH,
    NOT_APPLICABLE,
    ResponseStatus,
    Role,
    RoundEventKind,
)
from .gemeente.national import national_refresh_request
from .models import (
    ActionPoint,
    AgreedView,
    Answer,
    Comment,
    ConditionScore,
    Invitation,
    Questionnaire,
    Response,
    Round,
    RoundAggregate,
    RoundEvent,
    Statement,
    StatementAggregate,
    StatementWording,
    Team,
    token_hash,
)
from .reports.build import report_prepare_request
from .results.reads import condition_aggregates


class ServiceError(Exception):
    """A request that cannot be carried out; the message is Dutch and shown to the user."""


class RoundClosedError(ServiceError):
    pass


@dataclass(frozen=True)
class RoundFacts:
    fte: Decimal | None = None
    households: int | None = None
    bandwidth_low: int | None = None
    bandwidth_high: int | None = None
    budget_available: str = ""
    budget_per_year: int | None = None
    budget_days: int | None = None


def round_create(
    *,
    team: Team,
    questionnaire: Questionnaire,
    title: str,
    opens_on: date,
    closes_on: date,
    facts: RoundFacts | None = None,
) -> Round:
    """Creates a round for a team together with its first invitation link."""
    if not questionnaire.is_published:
        raise ServiceError(_("Deze versie van de vragenlijst is nog niet gepubliceerd."))
    with transaction.atomic():
        round_ = Round(
            team=team,
            questionnaire=questionnaire,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            **vars(facts or RoundFacts()),
        )
        round_.full_clean()
        round_.save()
        _invitation_create(round_=round_)
    return round_


def round_update_facts(*, round_: Round, facts: RoundFacts) -> Round:
    """Stores the caseload and teambudget facts the coordinator gives for a round."""
    with transaction.atomic():
        for field, value in vars(facts).items():
            setattr(round_, field, value)
        round_.full_clean()
        round_.save(update_fields=list(vars(facts)))
        report_prepare_request(round_=round_)
    return round_


def round_close(*, round_: Round) -> Round:
    """Closes a round now. Submitted responses stay; unfinished ones can no longer be submitted."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.closed_at is None:
            locked.closed_at = timezone.now()
            locked.save(update_fields=["closed_at"])
        report_prepare_request(round_=locked)
    round_.closed_at = locked.closed_at
    return round_


def round_reopen(*, round_: Round, closes_on: date, by=None) -> Round:
    """Opens an ended round again until ``closes_on`` (today or later), for late responses.

    Results that were visible stay the reference: new results appear only once enough responses
    have been added since (``Round.disclosed_count``), so nobody learns the few that came in by
    comparing the results before and after. The reopening is recorded and shown.
    """
    today = timezone.localdate()
    if closes_on < today:
        raise ServiceError(_("Kies een einddatum vanaf vandaag."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not locked.is_finished(today):
            raise ServiceError(_("Deze ronde loopt nog; heropenen is niet nodig."))
        if locked.disclosure(today).reportable:
            locked.disclosed_count = locked.submitted_count
        locked.closed_at = None
        locked.closes_on = closes_on
        locked.full_clean()
        locked.save(update_fields=["disclosed_count", "closed_at", "closes_on"])
        _event_record(round_=locked, kind=RoundEventKind.REOPENED, by=by, rows=0)
    for field in ("disclosed_count", "closed_at", "closes_on"):
        setattr(round_, field, getattr(locked, field))
    return round_


def round_share_comments(*, round_: Round, shared: bool) -> Round:
    """Comments are the team's: the gemeente's analysts read them only while this is on."""
    round_.comments_shared = shared
    round_.save(update_fields=["comments_shared"])
    return round_


def _event_record(*, round_: Round, kind: str, by, rows: int) -> RoundEvent:
    name = ""
    if by is not None and by.is_authenticated:
        name = by.get_full_name() or by.get_username()
    return RoundEvent.objects.create(
        round=round_, kind=kind, by=by if name else None, by_name=name, rows=rows
    )


def _invitation_create(*, round_: Round) -> Invitation:
    invitation = Invitation(round=round_, salt=Invitation.new_salt())
    invitation.token_hash = token_hash(invitation.token)
    invitation.save()
    return invitation


def invitation_revoke(*, round_: Round) -> int:
    """Revokes the round's active link; returns how many links were revoked (0 or 1)."""
    return Invitation.objects.filter(round=round_, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_replace(*, round_: Round) -> Invitation:
    """Revokes the active link (if any) and creates a new one. Old links stop working at once."""
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        invitation_revoke(round_=round_)
        return _invitation_create(round_=round_)


def response_start(*, round_: Round, role: str) -> tuple[Response, str]:
    """Starts an anonymous response; returns it with the token of its personal resume link."""
    if not round_.is_open():
        raise RoundClosedError(_("Deze ronde is gesloten: er kunnen geen antwoorden meer bij."))
    if role not in Role.values:
        raise ServiceError(_("Kies een van de genoemde rollen."))
    resume_token = secrets.token_urlsafe(24)
    response = Response(round=round_, role=role, resume_hash=token_hash(resume_token))
    # The round is a loaded row and the hash of 192 random bits is unique: skip the two lookups
    # full_clean would make for them (this is the scan's hot path).
    response.full_clean(exclude=["round"], validate_unique=False)
    response.save()
    return response, resume_token


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
    # "Niet van toepassing" counts as not answered, exactly like "weet ik niet".
    return {code: None if value == NOT_APPLICABLE else value for code, value in values.items()}


def comment_too_long_message(length: int) -> str:
    """The Dutch message for a comment over COMMENT_MAX_LENGTH (form, service and import)."""
    return _(
        "Je toelichting is %(length)s tekens lang; er passen er hoogstens %(max)s in. "
        "Maak hem korter."
    ) % {
        "length": number_format(length, force_grouping=True),
        "max": number_format(COMMENT_MAX_LENGTH, force_grouping=True),
    }


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
        locked.save(update_fields=["status"])
        _aggregates_refresh(round_)
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
                _event_record(round_=locked, kind=RoundEventKind.IMPORTED, by=by, rows=len(rows))
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
            round_aggregates_refresh(round_=round_)
    except IntegrityError as exc:  # pragma: no cover - guarded by validation above
        raise ServiceError(_("Het bestand kon niet worden opgeslagen.")) from exc
    return len(rows)


def round_aggregates_refresh(*, round_: Round) -> None:
    """Recomputes the round's submitted (and imported) count and its team score per condition.

    Called inside every submit and import. The round row is locked first, so two submits at the
    same moment recompute one after the other and the second sees the first's response.
    """
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        _aggregates_refresh(round_)


def _aggregates_refresh(round_: Round) -> None:
    """round_aggregates_refresh for a caller that holds the round's lock in its transaction."""
    counts = round_.responses.filter(status=ResponseStatus.SUBMITTED).aggregate(
        submitted=Count("pk"), imported=Count("pk", filter=Q(imported=True))
    )
    submitted, imported = counts["submitted"], counts["imported"]
    rows = condition_aggregates(round_).values()
    Round.objects.filter(pk=round_.pk).update(submitted_count=submitted, imported_count=imported)
    RoundAggregate.objects.filter(round=round_).delete()
    RoundAggregate.objects.bulk_create(
        RoundAggregate(
            round=round_,
            condition_id=row["condition_id"],
            n=row["n"],
            mean=row["mean"],
            spread=row["spread"],
        )
        for row in rows
    )
    transaction.on_commit(national_refresh_request)
    round_.submitted_count = submitted
    round_.imported_count = imported


def questionnaire_new_version(*, questionnaire: Questionnaire) -> Questionnaire:
    """Copies a questionnaire with its statements (and their wordings per role) into a new,
    unpublished version.

    This is how a questionnaire that rounds already use is changed: the copy is edited and
    published, the old version stays exactly as the earlier rounds saw it.
    """
    with transaction.atomic():
        latest = (
            Questionnaire.objects.select_for_update()
            .filter(key=questionnaire.key)
            .order_by("-version")
            .first()
        )
        copy = Questionnaire(
            key=questionnaire.key,
            version=latest.version + 1,
            title=questionnaire.title,
            description=questionnaire.description,
            is_published=False,
        )
        copy.full_clean()
        copy.save()
        copies = Statement.objects.bulk_create(
            Statement(
                questionnaire=copy,
                condition_id=statement.condition_id,
                code=statement.code,
                order=statement.order,
                text=statement.text,
                explanation=statement.explanation,
                reverse_keyed=statement.reverse_keyed,
                lever=statement.lever,
                source_section=statement.source_section,
                source_page=statement.source_page,
                may_not_apply=statement.may_not_apply,
            )
            for statement in questionnaire.statements.order_by("pk")
        )
        by_code = {statement.code: statement for statement in copies}
        StatementWording.objects.bulk_create(
            StatementWording(
                statement=by_code[wording.statement.code],
                role=wording.role,
                text=wording.text,
                explanation=wording.explanation,
                left_out=wording.left_out,
            )
            for wording in StatementWording.objects.filter(
                statement__questionnaire=questionnaire
            ).select_related("statement")
        )
    return copy


def action_point_save(*, action_point: ActionPoint) -> ActionPoint:
    """Creates or updates an action point after validating it."""
    with transaction.atomic():
        action_point.full_clean()
        action_point.save()
        report_prepare_request(round_=action_point.round)
    return action_point


def action_point_delete(*, action_point: ActionPoint) -> None:
    with transaction.atomic():
        action_point.delete()
        report_prepare_request(round_=action_point.round)


def action_point_set_status(*, action_point: ActionPoint, status: str) -> ActionPoint:
    """Records how far an action point has come (the follow-up in the next teamgesprek)."""
    with transaction.atomic():
        action_point.status = status
        action_point.full_clean()
        action_point.save(update_fields=["status"])
        report_prepare_request(round_=action_point.round)
    return action_point


def agreed_view_save(*, round_: Round, condition, view: str, note: str = "") -> AgreedView:
    """Records (or replaces) the team's agreed view of one condition's measured score."""
    with transaction.atomic():
        agreed = AgreedView.objects.filter(round=round_, condition=condition).first()
        if agreed is None:
            agreed = AgreedView(round=round_, condition=condition)
        agreed.view = view
        agreed.note = note.strip()
        agreed.full_clean()
        agreed.save()
        report_prepare_request(round_=round_)
    return agreed


def action_point_answer(*, action_point: ActionPoint, answer: str, status: str, by) -> ActionPoint:
    """The gemeente's answer to an action point addressed to it, and the status it sets.
    Records who answered and when (only when the answer text changes)."""
    with transaction.atomic():
        # A bound ModelForm has already put the new text on the instance: compare with the
        # stored one.
        stored = (
            ActionPoint.objects.filter(pk=action_point.pk).values_list("answer", flat=True).first()
        )
        if answer != stored:
            action_point.answered_by = by if answer else None
            action_point.answered_at = timezone.now() if answer else None
        action_point.answer = answer
        action_point.status = status
        action_point.full_clean()
        action_point.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    return action_point


@dataclass(frozen=True)
class PurgeResult:
    answers: int
    comments: int
    drafts: int


def round_purge_raw(*, round_: Round) -> PurgeResult:
    """Deletes a closed round's raw answers, comments and unfinished drafts, keeping what the
    results, reports and trends need: each respondent's condition scores, the round's
    aggregates, and the number of each answer per statement. Running it again does nothing.
    """
    if round_.closed_at is None:
        raise ServiceError(_("Alleen van gesloten rondes kunnen de antwoorden worden verwijderd."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.raw_purged_at is not None:
            return PurgeResult(answers=0, comments=0, drafts=0)
        submitted = Answer.objects.filter(
            response__round=locked, response__status=ResponseStatus.SUBMITTED
        )
        StatementAggregate.objects.bulk_create(
            StatementAggregate(
                round=locked,
                statement_id=row["statement_id"],
                value=row["value"],
                not_applicable=row["not_applicable"],
                count=row["n"],
            )
            for row in submitted.values("statement_id", "value", "not_applicable").annotate(
                n=Count("id")
            )
        )
        answers = Answer.objects.filter(response__round=locked).count()
        comments = Comment.objects.filter(response__round=locked).count()
        Answer.objects.filter(response__round=locked).delete()
        Comment.objects.filter(response__round=locked).delete()
        _total, per_model = Response.objects.filter(
            round=locked, status=ResponseStatus.STARTED
        ).delete()
        drafts = per_model.get(Response._meta.label, 0)
        locked.raw_purged_at = timezone.now()
        locked.save(update_fields=["raw_purged_at"])
    round_.raw_purged_at = locked.raw_purged_at
    return PurgeResult(answers=answers, comments=comments, drafts=drafts)
