"""Writes of the questionnaire: a new version of one that rounds already use."""

from typing import Any

from django.db import transaction
from django.db.models import Model

from ..models import (
    Questionnaire,
    Statement,
    StatementWording,
)


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
        assert latest is not None  # at least the questionnaire itself has this key
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
            _copy_of(statement, questionnaire_id=copy.pk)
            for statement in questionnaire.statements.order_by("pk")
        )
        by_code = {statement.code: statement for statement in copies}
        StatementWording.objects.bulk_create(
            _copy_of(wording, statement_id=by_code[wording.statement.code].pk)
            for wording in StatementWording.objects.filter(
                statement__questionnaire=questionnaire
            ).select_related("statement")
        )
    return copy


def _copy_of[M: Model](obj: M, **changes: Any) -> M:
    """An unsaved copy of ``obj`` with every stored field (the English texts and any field
    added later included), except its id and ``changes``."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    return type(obj)(**(values | changes))
