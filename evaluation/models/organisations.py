"""Gemeenten and their teams, and who may see which team."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import (
    TeamKind,
)


class Gemeente(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    analysts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("analisten"),
        related_name="analyst_of",
        blank=True,
        help_text=_("Gebruikers die de teams van deze gemeente mogen vergelijken."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamQuerySet(models.QuerySet):
    def for_coordinator(self, user) -> "TeamQuerySet":
        """The teams a coordinator may see and manage."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(coordinators=user)

    def for_analyst(self, user) -> "TeamQuerySet":
        """The teams of the gemeenten an analyst is linked to (read-only access)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(gemeente__analysts=user)


class Team(models.Model):
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    kind = models.CharField(
        _("soort team"), max_length=20, choices=TeamKind.choices, default=TeamKind.WIJKTEAM
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinatoren"),
        related_name="coordinated_teams",
        blank=True,
    )
    size = models.PositiveSmallIntegerField(
        _("aantal teamleden"),
        null=True,
        blank=True,
        help_text=_("Voor het responspercentage van een ronde."),
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["gemeente__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "slug"], name="team_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.gemeente})"
