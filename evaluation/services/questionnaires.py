"""Writes of the questionnaire: a new version of one that rounds already use."""

from django.db import transaction

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
