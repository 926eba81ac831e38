"""Anonymous responses: answers, comments and the condition scores computed at submit.

A response carries no personal data: no name, email, IP address or timestamp. Its condition
scores are computed once at submit (evaluation/scoring.py) and stored in ConditionScore, so
results pages aggregate stored scores in the database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import (
    COMMENT_MAX_LENGTH,
    NOT_APPLICABLE,
    ResponseStatus,
    Role,
)
from .questionnaires import Statement
from .rounds import Round


class Response(models.Model):
    """One respondent's anonymous answers to one round.

    Holds no name, email, IP address or timestamp. ``resume_hash`` is the hash of the personal
    resume link; ``status`` moves once from started to submitted.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="responses"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.STARTED,
        db_index=True,
    )
    resume_hash = models.CharField(
        _("hash van de hervatlink"), max_length=64, unique=True, null=True, blank=True
    )
    imported = models.BooleanField(_("geïmporteerd"), default=False)
    # Which browser holds this draft: the session keeps a random key, the row its hash, until
    # submit, when the hash is erased. A session row that still holds the key (another device,
    # until clearsessions) then points at nothing.
    draft_hash = models.CharField(
        _("hash van de conceptsleutel"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    # The link the draft was started on: replacing that link cuts the draft off.
    invitation = models.ForeignKey(
        "evaluation.Invitation",
        verbose_name=_("uitnodigingslink"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Set by services.response_start on the response it returns: the key the browser keeps for
    # the draft (only its hash is stored). Not a field.
    draft_key: str

    class Meta:
        verbose_name = _("antwoordset")
        verbose_name_plural = _("antwoordsets")
        indexes = [models.Index(fields=["round", "status"], name="response_round_status")]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_role_display()} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


def answer_choice(value: int | None, not_applicable: bool) -> int | str | None:
    """A stored answer as the scan and the results speak of it: 1–5, None ("weet ik niet") or
    ``NOT_APPLICABLE`` (stored as no value with ``not_applicable`` set)."""
    return NOT_APPLICABLE if not_applicable else value


class AnswerQuerySet(models.QuerySet):
    def choices_by_statement(self) -> dict[int, int | str | None]:
        """Statement id -> the answer as the scan speaks of it: 1–5, None ("weet ik niet") or
        ``NOT_APPLICABLE``."""
        return {
            statement_id: answer_choice(value, not_applicable)
            for statement_id, value, not_applicable in self.values_list(
                "statement_id", "value", "not_applicable"
            )
        }


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("antwoordset"), on_delete=models.CASCADE, related_name="answers"
    )
    statement = models.ForeignKey(
        Statement, verbose_name=_("stelling"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        _("waarde"),
        null=True,
        blank=True,
        help_text=_("1 tot en met 5; leeg is 'weet ik niet' of 'niet van toepassing'."),
    )
    # "Niet van toepassing" has no value either, so everything that reads values (scores,
    # averages) treats it as not answered; only the distribution tells the two apart.
    not_applicable = models.BooleanField(
        _("niet van toepassing"),
        default=False,
        help_text=_("De respondent koos 'niet van toepassing' (de waarde is dan leeg)."),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="answer_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="answer_value_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False) | models.Q(value__isnull=True),
                name="answer_not_applicable_without_value",
            ),
        ]

    def __str__(self) -> str:
        if self.not_applicable:
            return f"{self.statement.code}: n.v.t."
        return f"{self.statement.code}: {self.value if self.value else 'weet niet'}"


class Comment(models.Model):
    """An optional comment of a respondent on one condition."""

    response = models.ForeignKey(
        Response, verbose_name=_("antwoordset"), on_delete=models.CASCADE, related_name="comments"
    )
    condition = models.ForeignKey(
        "knowledge.Condition", verbose_name=_("voorwaarde"), on_delete=models.PROTECT
    )
    text = models.TextField(_("opmerking"), max_length=COMMENT_MAX_LENGTH)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        constraints = [
            models.UniqueConstraint(fields=["response", "condition"], name="comment_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class ConditionScore(models.Model):
    """A respondent's score for one condition, computed once at submit."""

    response = models.ForeignKey(
        Response, verbose_name=_("antwoordset"), on_delete=models.CASCADE, related_name="scores"
    )
    condition = models.ForeignKey(
        "knowledge.Condition", verbose_name=_("voorwaarde"), on_delete=models.PROTECT
    )
    score = models.FloatField(
        _("score (0–100)"), null=True, blank=True, help_text=_("Leeg als te weinig is beantwoord.")
    )
    answered = models.PositiveSmallIntegerField(_("beantwoord"))
    total = models.PositiveSmallIntegerField(_("aantal stellingen"))

    class Meta:
        verbose_name = _("score per voorwaarde")
        verbose_name_plural = _("scores per voorwaarde")
        constraints = [
            models.UniqueConstraint(fields=["response", "condition"], name="score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.condition}: {self.score}"
