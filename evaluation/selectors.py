"""Reads and access: lookups by link, the objects a user may see or change (404 otherwise), and
the coordinator's overviews."""

import copy
from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from .constants import PLAIN_LANGUAGE_ROLES, Lever, ResponseStatus
from .disclosure import Audience
from .models import (
    ActionPoint,
    BulkReportJob,
    Gemeente,
    Response,
    Round,
    Statement,
    StatementWording,
    Team,
    token_hash,
)
from .models.rounds import active_invitation


def response_for_resume_token(token: str) -> Response | None:
    if not token or len(token) > 100:
        return None
    return Response.objects.select_related("round").filter(resume_hash=token_hash(token)).first()


def _round_or_404(rounds: QuerySet[Round], pk: int) -> Round:
    round_ = rounds.select_related("team__gemeente", "questionnaire").filter(pk=pk).first()
    if round_ is None:
        raise Http404  # never 403: that would tell that the round exists
    return round_


def round_for_coordinator(user, pk: int) -> Round:
    """The round if the user coordinates its team; otherwise 404."""
    return _round_or_404(Round.objects.for_coordinator(user), pk)


def team_for_coordinator(user, pk: int) -> Team:
    team = Team.objects.for_coordinator(user).select_related("gemeente").filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def action_point_for_coordinator(user, pk: int, action_id: int) -> ActionPoint:
    """An action point of a round whose team the user coordinates; otherwise 404."""
    round_ = round_for_coordinator(user, pk)
    action = round_.action_points.filter(pk=action_id).first()
    if action is None:
        raise Http404
    action.round = round_
    return action


def with_response_counts(rounds: QuerySet[Round]) -> QuerySet[Round]:
    # The submitted count is a field (kept up to date at each submit); drafts are counted here.
    return rounds.annotate(
        started_count=Count("responses", filter=Q(responses__status=ResponseStatus.STARTED)),
    )


def coordinator_teams(user) -> QuerySet[Team]:
    """The coordinator's teams with their rounds (newest first) and response counts."""
    # An annotated (GROUP BY) query ignores Meta.ordering, so the order is spelled out: the
    # same for every team.
    rounds = with_response_counts(
        Round.objects.select_related("questionnaire").order_by("-opens_on", "-id")
    )
    return (
        Team.objects.for_coordinator(user)
        .select_related("gemeente")
        .prefetch_related(Prefetch("rounds", queryset=rounds))
    )


def response_counts(round_: Round) -> dict[str, int]:
    counts = dict(
        round_.responses.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {
        "started": counts.get(ResponseStatus.STARTED, 0),
        "submitted": counts.get(ResponseStatus.SUBMITTED, 0),
    }


# The steps of each questionnaire version (and role), per server process. A plain dict, not
# Django's cache: that would unpickle every statement on every request of the scan. Safe because
# a version that a round uses is never changed in place (Questionnaire.clean, the read-only
# admin) and only versions in use are asked for; bounded by the number of versions × roles.
_STEPS: dict[tuple, list[tuple]] = {}


def forget_steps() -> None:
    """Empties the per-process steps (for tests, whose database hands out ids again)."""
    _STEPS.clear()


def questionnaire_steps(questionnaire_id: int) -> list[tuple]:
    """The steps of a questionnaire version: one per condition, in condition order, each with its
    statements in order (condition loaded on each statement).

    Kept per version in the server process (``_STEPS``): a version that a round uses is never
    changed in place (Questionnaire.clean, the read-only admin), and the scan only shows versions
    that rounds use, so a kept copy cannot go stale.
    """
    key = (questionnaire_id,)
    steps = _STEPS.get(key)
    if steps is None:
        statements = (
            Statement.objects.filter(questionnaire_id=questionnaire_id)
            .select_related("condition")
            .order_by("condition__order", "order")
        )
        by_condition: dict[int, tuple] = {}
        for statement in statements:
            by_condition.setdefault(statement.condition_id, (statement.condition, []))[1].append(
                statement
            )
        steps = _STEPS[key] = list(by_condition.values())
    return steps


def role_steps(questionnaire_id: int, role: str) -> list[tuple]:
    """The steps of a questionnaire version as asked of one role (``Role``).

    A statement with a wording for the role is shown in that wording (a copy of the statement
    with the role's text and explanation; same id and code, so it is stored and scored as the
    statement itself); one left out for the role is dropped, and so is a step left without
    statements. Cached per version and role, like questionnaire_steps.
    """
    key = (questionnaire_id, role)
    steps = _STEPS.get(key)
    if steps is None:
        wordings = {
            wording.statement_id: wording
            for wording in StatementWording.objects.filter(
                statement__questionnaire_id=questionnaire_id, role=role
            )
        }
        steps = []
        for condition, statements in questionnaire_steps(questionnaire_id):
            asked = []
            for statement in statements:
                wording = wordings.get(statement.pk)
                if wording is None:
                    asked.append(statement)
                elif not wording.left_out:
                    worded = copy.copy(statement)
                    worded.text, worded.explanation = wording.text, wording.explanation
                    worded.text_en = wording.text_en
                    worded.explanation_en = wording.explanation_en
                    asked.append(worded)
            if asked:
                steps.append((condition, asked))
        _STEPS[key] = steps
    return steps


def role_statements(questionnaire_id: int, role: str) -> list[Statement]:
    """Every statement asked of a role, in scan order (see role_steps)."""
    return [
        statement
        for _condition, statements in role_steps(questionnaire_id, role)
        for statement in statements
    ]


def is_plain_version(questionnaire_id: int, role: str) -> bool:
    """Whether this role gets the version's plain-Dutch (B1) scan: a role meant for it
    (``PLAIN_LANGUAGE_ROLES``) that the version words statements for. Without wordings (as in
    versions 1 and 2) the role gets the standard scan, standard step names included."""
    if role not in PLAIN_LANGUAGE_ROLES:
        return False
    standard = {
        statement.pk: statement.text
        for _condition, statements in questionnaire_steps(questionnaire_id)
        for statement in statements
    }
    return any(
        standard[statement.pk] != statement.text
        for statement in role_statements(questionnaire_id, role)
    )


def scan_steps(round_: Round, role: str) -> list[tuple]:
    """The steps of a round's scan for a respondent in this role (see role_steps)."""
    return role_steps(round_.questionnaire_id, role)


def _active_link(token: str) -> Q | None:
    if not token or len(token) > 100:
        return None
    return Q(invitations__token_hash=token_hash(token)) & active_invitation("invitations__")


def scan_round_for_token(token: str) -> Round | None:
    """The round of an active invitation link, with its team and gemeente: one query.

    Not cached: whether the link is revoked and the round still open must hold at once in every
    server process, and a per-process cache cannot be told.
    """
    link = _active_link(token)
    if link is None:
        return None
    # A slice, not first(): the hash is unique, and first() would add an ORDER BY. The link's
    # id (``link_id``) comes along on the same join: a draft is started on it.
    rounds = (
        Round.objects.select_related("team__gemeente")
        .filter(link)
        .annotate(link_id=F("invitations__pk"))[:1]
    )
    return next(iter(rounds), None)


def scan_draft_for_token(
    token: str, draft_keys: Iterable[str], *, for_page: bool = True
) -> Response | None:
    """Of the drafts this browser holds (by the keys in its session), the one of the round
    behind an active link, with its round (and, ``for_page``, its team and gemeente, which a
    page names): the link check and the draft in one query. A draft started on a link that was
    replaced since is not found. A save that only redirects skips the two joins."""
    link = _active_link(token)
    hashes = [token_hash(key) for key in draft_keys if isinstance(key, str)]
    if link is None or not hashes:
        return None
    # One filter call, so the hash and "not revoked" hold for the same invitation.
    related = "round__team__gemeente" if for_page else "round"
    found = Response.objects.select_related(related).filter(
        Q(draft_hash__in=hashes, round__invitations__token_hash=token_hash(token))
        & active_invitation("round__invitations__")
        & (Q(invitation__isnull=True) | active_invitation("invitation__"))
    )[:1]
    return next(iter(found), None)


def round_for_viewer(user, pk: int) -> Round:
    """The round if the user may read its results (coordinator or analyst); otherwise 404."""
    return _round_or_404(Round.objects.for_viewer(user), pk)


def can_manage(user, round_: Round) -> bool:
    return Team.objects.for_coordinator(user).filter(pk=round_.team_id).exists()


def audience_of(can_manage: bool) -> Audience:
    """Who a viewer of a round's results reads them as: its team's coordinator reads them for
    the team; everyone else who may read them (the gemeente's analysts) for the gemeente."""
    return Audience.TEAM if can_manage else Audience.GEMEENTE


def analyst_gemeenten(user) -> QuerySet[Gemeente]:
    if not user.is_authenticated:
        return Gemeente.objects.none()
    return Gemeente.objects.filter(analysts=user).order_by("name")


def gemeente_for_analyst(user, slug: str) -> Gemeente:
    """The gemeente if the user is one of its analysts; otherwise 404."""
    gemeente = analyst_gemeenten(user).filter(slug=slug).first()
    if gemeente is None:
        raise Http404
    return gemeente


def bulk_job_for_analyst(user, slug: str, job_id: int) -> BulkReportJob:
    gemeente = gemeente_for_analyst(user, slug)
    job = BulkReportJob.objects.filter(gemeente=gemeente, pk=job_id).first()
    if job is None:
        raise Http404
    return job


def latest_bulk_job(gemeente: Gemeente) -> BulkReportJob | None:
    return BulkReportJob.objects.filter(gemeente=gemeente).defer("archive").first()


def action_point_for_analyst(user, slug: str, action_id: int) -> ActionPoint:
    """An action point that a team of the analyst's gemeente addressed to the gemeente or the
    organisation(s); otherwise 404."""
    gemeente = gemeente_for_analyst(user, slug)
    action = (
        ActionPoint.objects.select_related("round__team__gemeente", "condition", "answered_by")
        .filter(
            pk=action_id,
            round__team__gemeente=gemeente,
            actor__in=[Lever.GEMEENTE, Lever.ORGANISATION],
        )
        .first()
    )
    if action is None:
        raise Http404
    return action
