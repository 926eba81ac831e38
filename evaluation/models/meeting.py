"""What a team agrees in its teamgesprek: action points and its agreed view per condition."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgreedViewChoice,
    Lever,
)
from .rounds import Round


class ActionPointQuerySet(models.QuerySet):
    def open(self) -> "ActionPointQuerySet":
        """Not finished (klaar) and not dropped (vervallen): ``ActionPoint.is_open``."""
        return self.filter(status__in=OPEN_ACTION_STATUSES)


class ActionPoint(models.Model):
    """An improvement the team chose after reading its results, per condition."""

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="action_points"
    )
    condition = models.ForeignKey(
        "knowledge.Condition",
        verbose_name=_("voorwaarde"),
        on_delete=models.PROTECT,
        related_name="action_points",
    )
    lesson = models.ForeignKey(
        "knowledge.Lesson",
        verbose_name=_("gebaseerd op les"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_points",
    )
    description = models.CharField(_("actiepunt"), max_length=500)
    actor = models.CharField(
        _("wie moet in actie komen"),
        max_length=20,
        choices=Lever.choices,
        default=Lever.TEAM,
        help_text=_("Het team, de organisatie of de gemeente."),
    )
    owner = models.CharField(_("wie pakt het op"), max_length=100, blank=True)
    due_date = models.DateField(_("klaar op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # The gemeente's (or organisation's) answer to an action point addressed to it.
    answer = models.TextField(_("antwoord van de gemeente"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    objects = ActionPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["condition__order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        """``ActionPointQuerySet.open``."""
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today=None) -> bool:
        """Past its date and not finished (klaar) or dropped (vervallen)."""
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today


class AgreedView(models.Model):
    """The team's agreed view of one condition's measured score, from the teamgesprek
    (measured and agreed side by side, as SCIROCCO Exchange does on paper)."""

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="agreed_views"
    )
    condition = models.ForeignKey(
        "knowledge.Condition",
        verbose_name=_("voorwaarde"),
        on_delete=models.PROTECT,
        related_name="agreed_views",
    )
    view = models.CharField(
        _("gedeeld beeld van het team"), max_length=10, choices=AgreedViewChoice.choices
    )
    note = models.CharField(
        _("waarom"),
        max_length=300,
        blank=True,
        help_text=_("Eén zin: waarom het team het zo ziet."),
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("gedeeld beeld")
        verbose_name_plural = _("gedeelde beelden")
        ordering = ["condition__order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "condition"], name="agreed_view_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.condition}: {self.get_view_display()}"
