"""The retention purge: a closed round's raw answers go, what the results need stays."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import (
    ResponseStatus,
)
from ..disclosure import Audience
from ..models import (
    Answer,
    Comment,
    Response,
    Round,
    StatementAggregate,
)
from ..report import reports_withdraw
from .errors import ServiceError


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
                unknown_count=row["unknown"],
            )
            for row in submitted.values("statement_id", "value", "not_applicable").annotate(
                n=Count("id"), unknown=Count("id", filter=Q(response__imported=False))
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
        # Stored reports and ZIPs hold copies of the comments: they go too (made again on
        # request, without them).
        reports_withdraw(round_=locked, audiences=(Audience.TEAM, Audience.GEMEENTE))
    round_.raw_purged_at = locked.raw_purged_at
    return PurgeResult(answers=answers, comments=comments, drafts=drafts)
