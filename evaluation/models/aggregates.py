"""Stored aggregates: a round's team score per condition, the counts per answer kept after the
retention purge, and the national snapshot."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .questionnaires import Statement
from .rounds import Round


class RoundAggregate(models.Model):
    """A round's team score on one condition, kept up to date at every submit and import.

    The gemeente overview, the national comparison and the exports read these rows instead of
    every respondent's scores. They hold counts and means only; the privacy threshold is applied
    where they are read.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="aggregates"
    )
    condition = models.ForeignKey(
        "knowledge.Condition", verbose_name=_("voorwaarde"), on_delete=models.PROTECT
    )
    n = models.PositiveIntegerField(_("aantal scores"))
    unknown_n = models.PositiveIntegerField(
        _("aantal scores via de link"),
        default=0,
        help_text=_("Zonder geïmporteerde antwoordsets: alleen deze tellen voor de drempels."),
    )
    mean = models.FloatField(_("gemiddelde"), null=True, blank=True)
    spread = models.FloatField(_("spreiding"), null=True, blank=True)
    # No time stamp: one written at every submit would time the submits.

    class Meta:
        verbose_name = _("teamscore per voorwaarde")
        verbose_name_plural = _("teamscores per voorwaarde")
        constraints = [
            models.UniqueConstraint(fields=["round", "condition"], name="aggregate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.condition}: {self.mean}"


class NationalSnapshot(models.Model):
    """Per condition, the national distribution of team scores, precomputed.

    ``quantiles`` holds every team's score in ascending order, or, above ``MAX_POINTS`` teams,
    that many evenly spaced quantiles of them: percentile ranks read from it are exact up to
    that many teams and within 0.1 point above. ``source_version`` is the newest aggregate it
    was computed from; when an aggregate is newer, the snapshot is stale.
    """

    MAX_POINTS = 1001

    condition = models.OneToOneField(
        "knowledge.Condition", verbose_name=_("voorwaarde"), on_delete=models.CASCADE
    )
    teams = models.PositiveIntegerField(_("aantal teams"))
    quantiles = models.JSONField(_("verdeling"), default=list)
    source_version = models.DateTimeField(_("gegevens tot"), null=True)
    computed_at = models.DateTimeField(_("berekend op"), auto_now=True)

    class Meta:
        verbose_name = _("landelijke verdeling")
        verbose_name_plural = _("landelijke verdelingen")

    def __str__(self) -> str:
        return f"{self.condition}: {self.teams} teams"


class StatementAggregate(models.Model):
    """How many respondents gave each answer to a statement, kept when the raw answers of a
    round are deleted after the retention period (so results and reports stay complete)."""

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="statement_counts"
    )
    statement = models.ForeignKey(
        Statement, verbose_name=_("stelling"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(
        _("antwoord"),
        null=True,
        blank=True,
        help_text=_("Leeg: weet ik niet (of niet van toepassing, zie hieronder)."),
    )
    not_applicable = models.BooleanField(_("niet van toepassing"), default=False)
    count = models.PositiveIntegerField(_("aantal"))
    unknown_count = models.PositiveIntegerField(
        _("aantal via de link"),
        default=0,
        help_text=_("Zonder geïmporteerde antwoordsets: alleen deze tellen voor de drempels."),
    )

    class Meta:
        verbose_name = _("aantal per antwoord")
        verbose_name_plural = _("aantallen per antwoord")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "statement", "value", "not_applicable"],
                name="statement_count_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.value} × {self.count}"
