"""Writes of the teamgesprek and its follow-up: action points, agreed views, and the
gemeente's answer."""

from django.db import transaction
from django.utils import timezone

from ..models import (
    ActionPoint,
    AgreedView,
    Round,
)
from ..report import report_prepare_request


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


def meeting_step_save(
    *,
    round_: Round,
    condition,
    view: str | None = None,
    note: str = "",
    action_point: ActionPoint | None = None,
) -> None:
    """Records what was typed on one condition of the teamgesprek in one go: the agreed view
    (when given) and a new action point (when given). All or nothing, so a step never keeps
    half of what the team said; the report is asked for once."""
    with transaction.atomic():
        if view:
            agreed_view_save(round_=round_, condition=condition, view=view, note=note)
        if action_point is not None:
            if action_point.round_id != round_.pk or action_point.condition_id != condition.pk:
                raise ValueError("An action point of the teamgesprek belongs to its step.")
            action_point_save(action_point=action_point)


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
