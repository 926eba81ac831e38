"""Organisations, the versioned questionnaire, rounds, and anonymous responses.

A response carries no personal data: no name, email, IP address or timestamp. Its condition
scores are computed once at submit (evaluation/scoring.py) and stored in ConditionScore, so
results pages aggregate stored scores in the database.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .caseload import CaseloadCheck, check_caseload
from .constants import (
    COMMENT_MAX_LENGTH,
    NOT_APPLICABLE,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgreedViewChoice,
    BudgetAvailability,
    JobStatus,
    Lever,
    ResponseStatus,
    Role,
    RoundEventKind,
    TeamKind,
)
from .disclosure import RoundDisclosure, RoundState, policy

IN_USE_MESSAGE = _(
    "Deze versie van de vragenlijst wordt al in een ronde gebruikt en kan niet meer worden "
    "gewijzigd. Maak een nieuwe versie."
)


def token_hash(token: str) -> str:
    """Links are stored as a SHA-256 of their token: a database copy does not reveal them."""
    return hashlib.sha256(token.encode()).hexdigest()


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

    def clean(self) -> None:
        if self.questionnaire_id and self.questionnaire.is_in_use:
            raise ValidationError(IN_USE_MESSAGE)

    natural_key.dependencies = ["evaluation.questionnaire", "knowledge.condition"]


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

    natural_key.dependencies = ["evaluation.statement"]

    def clean(self) -> None:
        if self.statement_id and self.statement.questionnaire.is_in_use:
            raise ValidationError(IN_USE_MESSAGE)


class RoundQuerySet(models.QuerySet):
    def finished(self, today=None) -> "RoundQuerySet":
        """Rounds that have ended: closed early, or past their last day (``Round.is_finished``)."""
        today = today or timezone.localdate()
        return self.filter(models.Q(closed_at__isnull=False) | models.Q(closes_on__lt=today))

    def reportable(self, today=None) -> "RoundQuerySet":
        """Rounds whose results may be shown: ``disclosure.Policy.round`` on the stored counts,
        as one filter (tests/evaluation/test_disclosure.py ties the two together)."""
        minimum = policy().minimum
        F = models.F
        return self.finished(today).filter(
            models.Q(submitted_count__gte=minimum),
            # No small group of link responses beside imported ones ...
            models.Q(imported_count=F("submitted_count"))
            | models.Q(submitted_count__gte=F("imported_count") + minimum),
            # ... and no small group added since the results were shown before a reopening.
            models.Q(disclosed_count=0)
            | models.Q(submitted_count=F("disclosed_count"))
            | models.Q(submitted_count__gte=F("disclosed_count") + minimum),
        )

    def with_ended_on(self) -> "RoundQuerySet":
        """Annotates ``ended_on``: the day the round was closed, else its planned last day."""
        return self.annotate(
            ended_on=Coalesce(TruncDate("closed_at"), "closes_on", output_field=models.DateField())
        )

    def for_coordinator(self, user) -> "RoundQuerySet":
        """Rounds the user may manage: those of teams they coordinate."""
        return self.filter(team__in=Team.objects.for_coordinator(user))

    def for_viewer(self, user) -> "RoundQuerySet":
        """Rounds whose results the user may read: as coordinator or as the gemeente's analyst."""
        teams = Team.objects.for_coordinator(user) | Team.objects.for_analyst(user)
        return self.filter(team__in=teams.values("pk"))


class Round(models.Model):
    """A period in which a team fills in the scan, with the facts the coordinator provides."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="rounds"
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    title = models.CharField(_("titel"), max_length=150)
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    raw_purged_at = models.DateTimeField(
        _("ruwe antwoorden verwijderd op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Na de bewaartermijn zijn de losse antwoorden en opmerkingen verwijderd; "
            "de scores en de verdeling per stelling zijn bewaard."
        ),
    )
    submitted_count = models.PositiveIntegerField(
        _("ingediende scans"),
        default=0,
        editable=False,
        help_text=_("Bijgehouden bij elke indiening en import, voor de overzichten van gemeenten."),
    )
    imported_count = models.PositiveIntegerField(
        _("geïmporteerde scans"),
        default=0,
        editable=False,
        help_text=_("Het deel van de ingediende scans dat via een import is ingevoerd."),
    )
    disclosed_count = models.PositiveIntegerField(
        _("scans bij de laatste getoonde uitkomsten"),
        default=0,
        editable=False,
        help_text=_(
            "Het aantal ingediende scans toen de ronde werd heropend, als de uitkomsten toen "
            "zichtbaar waren. Nieuwe uitkomsten verschijnen pas als er daarna genoeg bij zijn."
        ),
    )
    comments_shared = models.BooleanField(
        _("opmerkingen gedeeld met de gemeente"),
        default=False,
        help_text=_("Opmerkingen zijn van het team; de gemeente ziet ze alleen als dit aan staat."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    # Facts (the caseload denkkader and the teambudget), given by the coordinator.
    fte = models.DecimalField(
        _("formatie van het team (fte)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    households = models.PositiveIntegerField(
        _("huishoudens nu in begeleiding"), null=True, blank=True
    )
    bandwidth_low = models.PositiveSmallIntegerField(
        _("eigen bandbreedte: ondergrens (huishoudens per fte)"), null=True, blank=True
    )
    bandwidth_high = models.PositiveSmallIntegerField(
        _("eigen bandbreedte: bovengrens (huishoudens per fte)"), null=True, blank=True
    )
    budget_available = models.CharField(
        _("vrij besteedbaar teambudget"),
        max_length=10,
        choices=BudgetAvailability.choices,
        blank=True,
    )
    budget_per_year = models.PositiveIntegerField(
        _("teambudget per jaar (euro, ongeveer)"), null=True, blank=True
    )
    budget_days = models.PositiveSmallIntegerField(
        _("dagen tot het budget kan worden ingezet"), null=True, blank=True
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("ronde")
        verbose_name_plural = _("rondes")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:round", kwargs={"pk": self.pk})

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def is_finished(self, today=None) -> bool:
        """Closed early, or past its last day: it takes no responses unless it is reopened."""
        today = today or timezone.localdate()
        return self.closed_at is not None or self.closes_on < today

    def caseload_check(self) -> CaseloadCheck | None:
        """The caseload denkkader on this round's facts (evaluation/caseload.py)."""
        return check_caseload(
            fte=self.fte,
            households=self.households,
            low=self.bandwidth_low,
            high=self.bandwidth_high,
        )

    def disclosure(self, today=None) -> RoundDisclosure:
        """Whether this round's results may be shown now (evaluation/disclosure.py)."""
        return policy().round(
            RoundState(
                finished=self.is_finished(today),
                submitted=self.submitted_count,
                imported=self.imported_count,
                disclosed=self.disclosed_count,
            )
        )


class Invitation(models.Model):
    """The shareable link of a round. Replacing it revokes the old one.

    The token is derived from SECRET_KEY and a random salt (HMAC), so the coordinator can see the
    link again while the database stores only its hash: a copy of the database alone cannot be
    turned into working links.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="invitations"
    )
    salt = models.CharField(_("zout"), max_length=64, default="", editable=False)
    token_hash = models.CharField(_("hash van de link"), max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodigingslink")
        verbose_name_plural = _("uitnodigingslinks")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_invitation_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} ({'ingetrokken' if self.revoked_at else 'actief'})"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:scan_landing", kwargs={"token": self.token})

    @staticmethod
    def new_salt() -> str:
        return secrets.token_hex(16)

    @property
    def token(self) -> str:
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"invitation:{self.salt}".encode(), hashlib.sha256
        ).digest()
        # 24 bytes = 192 bits of unpredictability, URL-safe.
        return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


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

    class Meta:
        verbose_name = _("antwoordset")
        verbose_name_plural = _("antwoordsets")
        indexes = [models.Index(fields=["round", "status"], name="response_round_status")]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_role_display()} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class AnswerQuerySet(models.QuerySet):
    def choices_by_statement(self) -> dict[int, int | str | None]:
        """Statement id -> the answer as the scan speaks of it: 1–5, None ("weet ik niet") or
        ``NOT_APPLICABLE``."""
        return {
            statement_id: NOT_APPLICABLE if not_applicable else value
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

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["condition__order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
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


class RoundReport(models.Model):
    """The last PDF report made for a round, served again while its content is unchanged.

    ``fingerprint`` is a hash of the report's HTML (without the date it was made): when a
    response, an action point, the questionnaire or the knowledge base changes, the HTML changes
    and the next download makes a new PDF. Kept in the database so it needs no file storage and
    disappears with its round.
    """

    round = models.OneToOneField(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="report"
    )
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    pages = models.PositiveSmallIntegerField(_("aantal pagina's"))
    generated_at = models.DateTimeField(_("gemaakt op"))

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")

    def __str__(self) -> str:
        return f"{self.round} ({self.generated_at:%Y-%m-%d})"


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
    mean = models.FloatField(_("gemiddelde"), null=True, blank=True)
    spread = models.FloatField(_("spreiding"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("teamscore per voorwaarde")
        verbose_name_plural = _("teamscores per voorwaarde")
        constraints = [
            models.UniqueConstraint(fields=["round", "condition"], name="aggregate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.condition}: {self.mean}"


class InvitationMail(models.Model):
    """An invitation mail for one address in one round: waiting for the worker, or handled.

    The address is known by a keyed hash of it (HMAC with SECRET_KEY, lowercased), so an address
    gets the invitation of a round once, however often the list is sent. The address itself is
    kept only until the worker has handled it, then erased: afterwards a copy of the database
    cannot say who was invited.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="invitation_mails"
    )
    address_hash = models.CharField(_("hash van het adres"), max_length=64)
    address = models.EmailField(
        _("adres"),
        blank=True,
        default="",
        help_text=_("Alleen tot de uitnodiging is verstuurd; daarna leeg."),
    )
    sent = models.BooleanField(_("verstuurd"), default=False)

    class Meta:
        verbose_name = _("uitnodigingsmail")
        verbose_name_plural = _("uitnodigingsmails")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "address_hash"], name="one_invitation_mail_per_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.address_hash[:12]}…"

    @property
    def is_waiting(self) -> bool:
        return bool(self.address)

    @staticmethod
    def hash_address(address: str) -> str:
        return hmac.new(
            settings.SECRET_KEY.encode(),
            f"invitation-mail:{address.strip().lower()}".encode(),
            hashlib.sha256,
        ).hexdigest()


class BulkReportJob(models.Model):
    """All reports of a gemeente's teams in one ZIP, made by a background task.

    The page reads ``done`` of ``total`` while the task runs; a report that fails is listed in
    ``failures`` and the others still go into the ZIP. The worker holds a lease on a running job
    and renews it after every report; a job whose lease ran out (its worker died) is abandoned
    and may be taken over. ``attempt`` counts the claims, so a worker that lost its lease notices
    and stops instead of writing over its successor.
    """

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="bulk_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("aantal rapporten"), default=0)
    done = models.PositiveIntegerField(_("klaar"), default=0)
    failures = models.JSONField(_("mislukt"), default=list, blank=True)
    archive = models.BinaryField(_("ZIP-bestand"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("bezet tot"),
        null=True,
        blank=True,
        help_text=_("Een werker die de taak uitvoert, verlengt dit na elk rapport."),
    )
    attempt = models.PositiveIntegerField(_("poging"), default=0)

    class Meta:
        verbose_name = _("rapporten in één keer")
        verbose_name_plural = _("rapporten in één keer")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=models.Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]),
                name="one_running_bulk_job_per_gemeente",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente}: {self.done}/{self.total} ({self.get_status_display()})"

    @property
    def is_abandoned(self) -> bool:
        """Running, but its worker stopped renewing the lease (it died or was killed)."""
        return self.status == JobStatus.RUNNING and (
            self.lease_until is None or self.lease_until < timezone.now()
        )

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not self.is_abandoned

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


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


class RoundEvent(models.Model):
    """Something that changes whose answers a round's results rest on: an import or a
    reopening. Shown to everyone who reads the results or the report."""

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=RoundEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_name = models.CharField(
        _("naam"), max_length=150, blank=True, help_text=_("Bewaard voor als de gebruiker weg is.")
    )
    at = models.DateTimeField(_("op"), default=timezone.now)
    rows = models.PositiveIntegerField(_("aantal antwoordsets"), default=0)

    class Meta:
        verbose_name = _("gebeurtenis in een ronde")
        verbose_name_plural = _("gebeurtenissen in rondes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_kind_display()} ({self.rows})"
