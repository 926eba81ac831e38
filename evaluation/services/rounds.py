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
from ..models import (
    Invitation,
    Questionnaire,
    Round,
    RoundEvent,
    Team,
    token_hash,
)
from ..report import report_prepare_request
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
        event_record(round_=locked, kind=RoundEventKind.REOPENED, by=by, rows=0)
    for field in ("disclosed_count", "closed_at", "closes_on"):
        setattr(round_, field, getattr(locked, field))
    return round_


def round_share_comments(*, round_: Round, shared: bool) -> Round:
    """Comments are the team's: the gemeente's analysts read them only while this is on."""
    round_.comments_shared = shared
    round_.save(update_fields=["comments_shared"])
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
