"""Choices for the knowledge base."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    PUBLICATION = "publicatie", _("Publicatie van het programma")
    LITERATURE = "literatuur", _("Literatuur")


class ProjectStatus(models.TextChoices):
    FINISHED = "afgerond", _("Afgerond")
    RUNNING = "lopend", _("Loopt nog")
    STOPPED_EARLY = "voortijdig-gestopt", _("Voortijdig gestopt")
    NO_RESULTS = "geen-resultaten", _("Nog geen resultaten")


class LessonKind(models.TextChoices):
    WORKED = "werkte", _("Wat werkte")
    WENT_WRONG = "ging-mis", _("Wat ging mis")
    TIP = "tip", _("Tip")
    CONDITION = "voorwaarde", _("Voorwaarde")
