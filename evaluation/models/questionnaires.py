"""The versioned questionnaire: statements and how each role reads them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iww.translated import translated

from ..constants import (
    Lever,
    Role,
)

IN_USE_MESSAGE = _(
    "Deze versie van de vragenlijst wordt al in een ronde gebruikt en kan niet meer worden "
    "gewijzigd. Maak een nieuwe versie."
)


class QuestionnaireManager(models.Manager):
    def get_by_natural_key(self, key: str, version: int):
        return self.get(key=key, version=version)


class Questionnaire(models.Model):
    """A version of the questionnaire. Once a round uses it, it is never changed in place."""

    key = models.SlugField(_("sleutel"), max_length=50)
    version = models.PositiveSmallIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    is_published = models.BooleanField(
        _("gepubliceerd"),
        default=False,
        help_text=_("Alleen gepubliceerde versies kunnen voor een ronde worden gekozen."),
    )

    objects = QuestionnaireManager()

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="questionnaire_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (versie {self.version})"

    def natural_key(self) -> tuple[str, int]:
        return (self.key, self.version)

    @property
    def is_in_use(self) -> bool:
        return self.pk is not None and self.rounds.exists()

    def clean(self) -> None:
        if self.pk and self.is_in_use:
            stored = Questionnaire.objects.get(pk=self.pk)
            changed = any(
                getattr(stored, field) != getattr(self, field)
                for field in ("key", "version", "title", "description")
            )
            if changed or (stored.is_published and not self.is_published):
                raise ValidationError(IN_USE_MESSAGE)


class StatementManager(models.Manager):
    def get_by_natural_key(self, key: str, version: int, code: str):
        return self.get(questionnaire__key=key, questionnaire__version=version, code=code)


class Statement(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    condition = models.ForeignKey(
        "knowledge.Condition",
        verbose_name=_("voorwaarde"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    code = models.CharField(
        _("code"), max_length=10, help_text=_("Vaste korte code, bijvoorbeeld MAN-3.")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.CharField(_("stelling"), max_length=300)
    explanation = models.CharField(_("uitleg"), max_length=300, blank=True)
    text_en = models.CharField(
        _("stelling in het Engels"),
        max_length=300,
        blank=True,
        help_text=_("Voor wie de scan in het Engels invult. Leeg: de Nederlandse tekst."),
    )
    explanation_en = models.CharField(_("uitleg in het Engels"), max_length=300, blank=True)
    reverse_keyed = models.BooleanField(
        _("omgekeerd gescoord"),
        default=False,
        help_text=_("Eens betekent hier dat de voorwaarde minder op orde is."),
    )
    lever = models.CharField(
        _("wie kan dit veranderen"),
        max_length=20,
        choices=Lever.choices,
        default=Lever.TEAM,
        help_text=_("Het team zelf, de organisatie(s) of de gemeente (beleid en bestuur)."),
    )
    source_section = models.CharField(
        _("bron: paragraaf"),
        max_length=200,
        blank=True,
        help_text=_("Waar in de bron deze stelling op steunt."),
    )
    source_page = models.PositiveSmallIntegerField(_("bron: pagina"), null=True, blank=True)
    may_not_apply = models.BooleanField(
        _("kan niet van toepassing zijn"),
        default=False,
        help_text=_(
            "Biedt het antwoord 'niet van toepassing', voor stellingen die voortbouwen op iets "
            "wat niet elk team heeft (zoals een vaste professional of een teambudget). Telt "
            "bij de score als niet beantwoord."
        ),
    )

    objects = StatementManager()

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["questionnaire", "condition__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="statement_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.questionnaire.natural_key(), self.code)

    @property
    def label(self) -> str:
        """The statement in the reader's language (iww.translated)."""
        return translated(self, "text")

    @property
    def explanation_label(self) -> str:
        return translated(self, "explanation")

    def clean(self) -> None:
        if self.questionnaire_id and self.questionnaire.is_in_use:
            raise ValidationError(IN_USE_MESSAGE)

    # Django reads this attribute when serializing; the stubs do not allow attributes on functions.
    natural_key.dependencies = ["evaluation.questionnaire", "knowledge.condition"]  # type: ignore[attr-defined]


class StatementWordingManager(models.Manager):
    def get_by_natural_key(self, key: str, version: int, code: str, role: str):
        return self.get(
            statement__questionnaire__key=key,
            statement__questionnaire__version=version,
            statement__code=code,
            role=role,
        )


class StatementWording(models.Model):
    """How a statement reads for one role, or that this role is not asked it.

    A role without a wording reads the statement's own text (written for professionals). The
    code stays the same, so every role's answers count towards the same condition and the same
    statement. Which role is asked what, and why, is documented in docs/selfscan.md.
    """

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("stelling"),
        on_delete=models.CASCADE,
        related_name="wordings",
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    text = models.CharField(
        _("stelling voor deze rol"),
        max_length=300,
        blank=True,
        help_text=_("Leeg als de stelling niet aan deze rol wordt gevraagd."),
    )
    explanation = models.CharField(_("uitleg voor deze rol"), max_length=300, blank=True)
    text_en = models.CharField(
        _("in het Engels"),
        max_length=300,
        blank=True,
        help_text=_("Voor wie de scan in het Engels invult. Leeg: de Nederlandse tekst."),
    )
    explanation_en = models.CharField(
        _("uitleg voor deze rol in het Engels"), max_length=300, blank=True
    )
    left_out = models.BooleanField(
        _("niet gevraagd aan deze rol"),
        default=False,
        help_text=_("Voor stellingen waar iemand in deze rol geen zicht op kan hebben."),
    )

    objects = StatementWordingManager()

    class Meta:
        verbose_name = _("formulering per rol")
        verbose_name_plural = _("formuleringen per rol")
        ordering = ["statement", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "role"], name="statement_wording_unique_role"
            ),
            # Either a text for this role, or left out (then without a text).
            models.CheckConstraint(
                condition=(models.Q(left_out=True) & models.Q(text=""))
                | (models.Q(left_out=False) & ~models.Q(text="")),
                name="statement_wording_text_or_left_out",
                violation_error_message=_(
                    "Geef een formulering voor deze rol, of vink 'niet gevraagd aan deze rol' "
                    "aan (zonder formulering)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement.code} ({self.get_role_display()})"

    def natural_key(self) -> tuple[str, int, str, str]:
        return (*self.statement.natural_key(), self.role)

    # Django reads this attribute when serializing; the stubs do not allow attributes on functions.
    natural_key.dependencies = ["evaluation.statement"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        if self.statement_id and self.statement.questionnaire.is_in_use:
            raise ValidationError(IN_USE_MESSAGE)
        if self.left_out and (self.text_en or self.explanation_en):
            raise ValidationError(
                {
                    "text_en": _(
                        "Een stelling die niet aan deze rol wordt gevraagd, heeft geen tekst."
                    )
                }
            )
