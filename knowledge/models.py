"""The knowledge base: conditions, themes, projects, lessons and the sources they cite.

All reference data is loaded from ``fixtures/knowledge.json`` with natural keys, so the fixture
can be loaded again after an edit without creating duplicates.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iww.translated import translated

from .constants import (
    EVIDENCE_EXPLANATIONS,
    STATEMENT_CODE_PATTERN,
    Evidence,
    LessonFact,
    LessonKind,
    ProjectStatus,
    SourceKind,
    evidence_rank,
)


def validate_statement_codes(value: object) -> None:
    """A list of distinct statement codes such as "VAS-3" (condition code, hyphen, number)."""
    if not isinstance(value, list):
        raise ValidationError(_('Geef een lijst van stellingcodes, bijv. ["VAS-3", "CAS-2"].'))
    wrong = [code for code in value if not isinstance(code, str)]
    wrong += [
        code
        for code in value
        if isinstance(code, str) and not re.match(STATEMENT_CODE_PATTERN, code)
    ]
    if wrong:
        raise ValidationError(
            _("Geen geldige stellingcode: %(codes)s. Gebruik de vorm VAS-3."),
            params={"codes": ", ".join(map(str, wrong))},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Elke stellingcode mag maar één keer voorkomen."))


def validate_lesson_facts(value: object) -> None:
    """A list of distinct fact keys from LessonFact."""
    if not isinstance(value, list):
        raise ValidationError(_("Geef een lijst van feiten."))
    wrong = [fact for fact in value if fact not in LessonFact.values]
    if wrong:
        raise ValidationError(
            _("Onbekend feit: %(facts)s."), params={"facts": ", ".join(map(str, wrong))}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Elk feit mag maar één keer voorkomen."))


class SlugManager(models.Manager):
    """Looks objects up by their slug, the natural key used in the fixtures."""

    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class SourceManager(models.Manager):
    def get_by_natural_key(self, key: str):
        return self.get(key=key)


class Source(models.Model):
    """A publication that the knowledge base cites: a programme document or literature."""

    key = models.SlugField(_("sleutel"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=SourceKind.choices)
    authors = models.CharField(_("auteurs"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=500)
    details = models.CharField(
        _("uitgever of tijdschrift"),
        max_length=500,
        blank=True,
        help_text=_("Uitgever, tijdschrift of reeks, zoals in de bronvermelding."),
    )
    url = models.URLField(_("webadres"), max_length=500, blank=True)

    objects = SourceManager()

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ["authors", "year", "title"]

    def __str__(self) -> str:
        year = self.year or _("z.j.")
        return f"{self.authors} ({year}). {self.title}" if self.authors else self.title

    def natural_key(self) -> tuple[str]:
        return (self.key,)


class Cited(models.Model):
    """Where in a publication a piece of knowledge comes from."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("publicatie"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De publicatie waarin dit staat."),
    )
    section = models.CharField(_("paragraaf"), max_length=200)
    page = models.PositiveSmallIntegerField(_("pagina"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def citation(self) -> str:
        """A short citation: publication, section, page."""
        source = self.source
        author = source.authors or source.title
        parts = [f"{author} ({source.year or 'z.j.'})", source.title, self.section]
        if self.page:
            parts.append(f"p. {self.page}")
        return ", ".join(parts)


class Condition(Cited):
    """One of the five conditions for integrated working; the dimensions of the self-scan."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        help_text=_("Korte code, gebruikt in de stellingcodes (bijv. MAN)."),
    )
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    summary = models.CharField(_("samenvatting"), max_length=300)
    plain_name = models.CharField(
        _("naam in eenvoudige taal"),
        max_length=100,
        blank=True,
        help_text=_("Voor inwoners en ouders in de scan (taalniveau B1). Leeg: de gewone naam."),
    )
    plain_summary = models.CharField(
        _("samenvatting in eenvoudige taal"),
        max_length=300,
        blank=True,
        help_text=_("Wat een gezin ervan merkt, in taalniveau B1. Leeg: de gewone samenvatting."),
    )
    name_en = models.CharField(_("naam in het Engels"), max_length=100, blank=True)
    summary_en = models.CharField(_("samenvatting in het Engels"), max_length=300, blank=True)
    plain_name_en = models.CharField(
        _("naam in eenvoudige taal, in het Engels"), max_length=100, blank=True
    )
    plain_summary_en = models.CharField(
        _("samenvatting in eenvoudige taal, in het Engels"), max_length=300, blank=True
    )
    meaning = models.TextField(_("wat het betekent"))
    why_it_matters = models.TextField(_("waarom het ertoe doet"))

    objects = SlugManager()

    class Meta:
        verbose_name = _("voorwaarde")
        verbose_name_plural = _("voorwaarden")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:condition", kwargs={"slug": self.slug})

    # The name and summary in the reader's language (iww.translated); the plain ones fall back
    # to the standard ones, as in the scan. Meaning and why-it-matters stay Dutch, like lessons.
    @property
    def label(self) -> str:
        return translated(self, "name")

    @property
    def summary_label(self) -> str:
        return translated(self, "summary")

    @property
    def plain_label(self) -> str:
        return translated(self, "plain_name") or self.label

    @property
    def plain_summary_label(self) -> str:
        return translated(self, "plain_summary") or self.summary_label

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Theme(Cited):
    """One of the five themes of the synthesis."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    summary = models.CharField(_("samenvatting"), max_length=300)
    description = models.TextField(_("beschrijving"))

    objects = SlugManager()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:theme", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Project(Cited):
    """A research project whose lessons the knowledge base summarises."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("gemeente"), max_length=100)
    title = models.CharField(_("titel"), max_length=300)
    organisations = models.CharField(_("uitvoerders"), max_length=500, blank=True)
    summary = models.TextField(_("samenvatting"))
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices)
    status_note = models.CharField(_("toelichting status"), max_length=500, blank=True)
    pages = models.CharField(
        _("pagina's in de kennissynthese"),
        max_length=100,
        blank=True,
        help_text=_("De pagina's waarop het project voorkomt."),
    )

    objects = SlugManager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["city", "title"]

    def __str__(self) -> str:
        return f"{self.city} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("knowledge:project", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class LessonQuerySet(models.QuerySet):
    def with_relations(self) -> "LessonQuerySet":
        """Everything a lesson card shows, in a fixed number of queries."""
        return self.select_related("project", "source").prefetch_related(
            "conditions", "themes", "literature"
        )

    def search(self, text: str) -> "LessonQuerySet":
        """Lessons whose title, text, tip or project mention ``text`` (case-insensitive)."""
        text = text.strip()
        if not text:
            return self
        query = models.Q()
        for field in ("title", "text", "try_this", "project__city", "project__title"):
            query |= models.Q(**{f"{field}__icontains": text})
        return self.filter(query)


class Lesson(Cited):
    """A lesson learned, in our own words, with the citation it is based on."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=150)
    text = models.TextField(_("les"), help_text=_("Een tot drie zinnen, in eigen woorden."))
    try_this = models.CharField(
        _("wat kun je proberen"),
        max_length=300,
        help_text=_(
            "Eén concrete suggestie voor een team. Dit is onze suggestie, niet die van de bron; "
            "de pagina's tonen het zo."
        ),
    )
    kind = models.CharField(
        _("soort les"),
        max_length=20,
        choices=LessonKind.choices,
        help_text=_("‘Wat werkte’ alleen als de bron een uitkomst van het project meldt."),
    )
    evidence = models.CharField(
        _("bewijskracht"),
        max_length=20,
        choices=Evidence.choices,
        help_text=_(
            "Waarop de les steunt, van sterk naar zwak: een uitkomst uit een projectevaluatie, "
            "ervaring uit een project, literatuur, of een voornemen of niet afgerond project."
        ),
    )
    addresses_statements = models.JSONField(
        _("gaat over stellingen"),
        default=list,
        blank=True,
        validators=[validate_statement_codes],
        help_text=_(
            "Codes van de stellingen uit de zelfscan waarop deze les ingaat, "
            'bijv. ["VAS-3", "CAS-2"].'
        ),
    )
    addresses_facts = models.JSONField(
        _("gaat over feiten"),
        default=list,
        blank=True,
        validators=[validate_lesson_facts],
        help_text=_(
            "Feiten uit de zelfscan (zoals caseload of teambudget) waarop deze les ingaat."
        ),
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="lessons",
        null=True,
        blank=True,
        help_text=_("Leeg voor lessen uit de literatuur of algemene lessen."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), related_name="lessons")
    conditions = models.ManyToManyField(
        Condition, verbose_name=_("voorwaarden"), related_name="lessons"
    )
    literature = models.ManyToManyField(
        Source,
        verbose_name=_("literatuur"),
        related_name="lessons",
        blank=True,
        help_text=_("Bronnen uit de bronvermelding waarop deze les steunt."),
    )

    objects = SlugManager.from_queryset(LessonQuerySet)()

    # Not stored: the self-scan sets these on the lessons a results page links to
    # (evaluation/lessons.py): why each is shown, as a relevance reason and as one line.
    reason: object
    why: str

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:lesson", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def evidence_rank(self) -> int:
        """0 for the strongest evidence (an outcome from a project evaluation)."""
        return evidence_rank(self.evidence)

    @property
    def evidence_explanation(self) -> str:
        """One line on what the lesson's evidence level means."""
        return str(EVIDENCE_EXPLANATIONS.get(self.evidence, ""))

    @property
    def addressed_fact_labels(self) -> list[str]:
        """The self-scan facts this lesson speaks to, in words."""
        labels = dict(LessonFact.choices)
        return [str(labels[fact]) for fact in self.addresses_facts if fact in labels]

    @property
    def origin(self) -> str:
        """The project's city and title, or 'literatuur' for general lessons."""
        return str(self.project) if self.project_id else str(_("Literatuur en algemeen"))
