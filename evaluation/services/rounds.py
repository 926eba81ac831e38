"""Writes of a round: create, facts, close, reopen, share comments, its links and its events."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import (
    RoundEventKind,
)
from ..disclosure import Audience, next_snapshot, policy
from ..models import (
    Comment,
    Invitation,
    Questionnaire,
    Round,
    RoundEvent,
    Team,
    token_hash,
)
from ..national import national_refresh_request
from ..report import report_prepare_request, reports_withdraw, reports_withdraw_gemeente
from .errors import ServiceError


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
        # Its figures may now join the national comparison.
        transaction.on_commit(national_refresh_request)
    round_.closed_at = locked.closed_at
    return round_


def round_reopen(*, round_: Round, closes_on: date, by=None) -> Round:
    """Opens an ended round again until ``closes_on`` (today or later), for late responses.

    Results that were visible stay the reference (``disclosure_snapshot``): new results appear
    only once enough link responses have been added since in every role group that changed, so
    nobody learns the few that came in by comparing the results before and after. The
    reopening is recorded and shown.
    """
    today = timezone.localdate()
    if closes_on < today:
        raise ServiceError(_("Kies een einddatum vanaf vandaag."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not locked.is_finished(today):
            raise ServiceError(_("Deze ronde loopt nog; heropenen is niet nodig."))
        disclosure_snapshot(round_=locked, today=today)
        locked.closed_at = None
        locked.closes_on = closes_on
        locked.full_clean()
        locked.save(update_fields=["disclosed_unknown", "held_back", "closed_at", "closes_on"])
        event_record(round_=locked, kind=RoundEventKind.REOPENED, by=by, rows=0)
        transaction.on_commit(national_refresh_request)
    for field in ("disclosed_unknown", "held_back", "closed_at", "closes_on"):
        setattr(round_, field, getattr(locked, field))
    return round_


def disclosure_snapshot(*, round_: Round, today=None) -> None:
    """Records what the round's figures rest on now, when they may be shown: its link responses
    per role group and in all (``Round.disclosed_unknown``). Every later change is held against
    it (``disclosure.changed_too_little``). For a caller that holds the round's row lock and
    saves ``disclosed_unknown`` and ``held_back``; every path that lets a round change after
    its figures were shown (reopening; the admin shows these fields read-only) calls it."""
    if round_.disclosure(today).reportable:
        round_.disclosed_unknown = next_snapshot(
            round_.state(today).unknown_groups, round_.disclosed_unknown, policy().minimum
        )
    round_.store_held_back()


def round_share_comments(*, round_: Round, shared: bool, by=None) -> Round:
    """Comments are the team's: the gemeente's analysts read them only while this is on.

    ``shared`` is the wanted state, not a toggle: posting it twice changes nothing. Stopping
    withdraws the comments from what was made for the gemeente before: its stored reports
    and ZIPs of reports are deleted and made again without them.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.comments_shared != shared:
            locked.comments_shared = shared
            locked.save(update_fields=["comments_shared"])
            event_record(
                round_=locked,
                kind=RoundEventKind.SHARED if shared else RoundEventKind.UNSHARED,
                by=by,
                rows=0,
            )
            if not shared:
                reports_withdraw_gemeente(round_=locked)
    round_.comments_shared = shared
    return round_


def event_record(*, round_: Round, kind: str, by, rows: int) -> RoundEvent:
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
    return Invitation.objects.active().filter(round=round_).update(revoked_at=timezone.now())


def invitation_replace(*, round_: Round) -> Invitation:
    """Revokes the active link (if any) and creates a new one. Old links stop working at once."""
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        invitation_revoke(round_=round_)
        return _invitation_create(round_=round_)


REDACTED = "[weggehaald door de coördinator]"


def comments_redact(*, round_: Round, condition_id: int, text: str, by=None) -> int:
    """Replaces every comment of the round on this condition with exactly this text by a note
    that it was taken out (for a comment that names someone, before sharing). Named by its
    text, not by an id, since ids would tell the order in which they were written. Stored
    reports and ZIPs that hold it are withdrawn. Returns how many were replaced."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        replaced = (
            Comment.objects.filter(response__round=locked, condition_id=condition_id, text=text)
            .exclude(text=REDACTED)
            .update(text=REDACTED)
        )
        if replaced:
            event_record(round_=locked, kind=RoundEventKind.REDACTED, by=by, rows=replaced)
            reports_withdraw(round_=locked, audiences=(Audience.TEAM, Audience.GEMEENTE))
    return replaced
