"""Rounds, their invitation links and mails, and what happened to them (imports, reopenings)."""

import base64
import hashlib
import hmac
import secrets
from datetime import date
from typing import TYPE_CHECKING, Self, TypedDict, cast

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..caseload import CaseloadCheck, check_caseload
from ..constants import (
    BudgetAvailability,
    RoundEventKind,
)
from ..disclosure import (
    Count,
    RoundDisclosure,
    RoundState,
    changed_too_little,
    policy,
    unknown_groups,
)
from .organisations import Team
from .questionnaires import Questionnaire

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def token_hash(token: str) -> str:
    """Links are stored as a SHA-256 of their token: a database copy does not reveal them."""
    return hashlib.sha256(token.encode()).hexdigest()


def enough(
    minimum: int,
    total: str | models.expressions.Combinable = "n",
    unknown: str | models.expressions.Combinable = "unknown_n",
) -> models.Q:
    """``disclosure.rests_on_enough`` as SQL on a pair of count fields (expressions allowed):
    at least ``minimum`` in all, and no unknown (link) response or at least ``minimum``."""
    total_expr = models.F(total) if isinstance(total, str) else total
    unknown_expr = models.F(unknown) if isinstance(unknown, str) else unknown
    return models.Q(models.lookups.GreaterThanOrEqual(total_expr, minimum)) & (
        models.Q(models.lookups.Exact(unknown_expr, 0))
        | models.Q(models.lookups.GreaterThanOrEqual(unknown_expr, minimum))
    )


def ended_on(prefix: str = "") -> Coalesce:
    """The day a round ended, as SQL: the day it was closed, else its planned last day.
    ``prefix`` reaches the round through a relation, e.g. ``"round__"``."""
    return Coalesce(
        TruncDate(f"{prefix}closed_at"), f"{prefix}closes_on", output_field=models.DateField()
    )


class EndedOn(TypedDict):
    """What ``RoundQuerySet.with_ended_on`` annotates."""

    ended_on: date


class RoundQuerySet(models.QuerySet):
    # Each rule here has its Python face on Round beside it (running/is_open,
    # finished/is_finished): change them together.
    def running(self, today=None) -> Self:
        """Rounds that take responses now: opened, not closed, not past their last day
        (``Round.is_open``)."""
        today = today or timezone.localdate()
        return self.filter(closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today)

    def finished(self, today=None) -> Self:
        """Rounds that have ended: closed early, or past their last day (``Round.is_finished``)."""
        today = today or timezone.localdate()
        return self.filter(models.Q(closed_at__isnull=False) | models.Q(closes_on__lt=today))

    def reportable(self, today=None) -> Self:
        """Rounds whose results may be shown: ``disclosure.Policy.round`` on the stored counts,
        as one filter (tests/evaluation/rules/test_disclosure.py ties the two together)."""
        minimum = policy().minimum
        unknown = models.F("submitted_count") - models.F("imported_count")
        # The rule's inputs per role group (the disclosure snapshot) are pure Python; its
        # verdict is stored in ``held_back`` whenever they change (Round.store_held_back).
        return self.finished(today).filter(
            enough(minimum, "submitted_count", unknown), held_back=False
        )

    def with_ended_on(self) -> "RoundQuerySet[RoundEndedOn]":
        """Annotates ``ended_on``: the day the round was closed, else its planned last day."""
        # The stub cannot name the annotated rounds this gives; EndedOn says what is added.
        return cast("RoundQuerySet[RoundEndedOn]", self.annotate(ended_on=ended_on()))

    def for_coordinator(self, user) -> Self:
        """Rounds the user may manage: those of teams they coordinate."""
        return self.filter(team__in=Team.objects.for_coordinator(user))

    def for_viewer(self, user) -> Self:
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
    unknown_by_group = models.JSONField(
        _("scans via de link per rol"),
        default=dict,
        editable=False,
        help_text=_("Bijgehouden bij elke indiening en import: de drempels tellen alleen deze."),
    )
    disclosed_unknown = models.JSONField(
        _("scans via de link bij de laatste getoonde uitkomsten"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Per rol (en voor de hele ronde) het aantal scans via de link toen de ronde werd "
            "heropend met zichtbare uitkomsten. Nieuwe uitkomsten verschijnen pas als er "
            "daarna in elke veranderde groep genoeg bij zijn."
        ),
    )
    held_back = models.BooleanField(
        _("uitkomsten tegengehouden"),
        default=False,
        editable=False,
        help_text=_("Sinds de laatste getoonde uitkomsten zijn er te weinig nieuwe scans."),
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
        """Takes responses now (``RoundQuerySet.running``)."""
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def is_finished(self, today=None) -> bool:
        """Closed early, or past its last day: it takes no responses unless it is reopened
        (``RoundQuerySet.finished``)."""
        today = today or timezone.localdate()
        return self.closed_at is not None or self.closes_on < today

    def refresh_counts(self) -> None:
        """Reads again the stored counts and dates the disclosure rests on (one query)."""
        self.refresh_from_db(
            fields=[
                "submitted_count",
                "imported_count",
                "unknown_by_group",
                "disclosed_unknown",
                "held_back",
                "closed_at",
                "closes_on",
                "comments_shared",
            ]
        )

    def caseload_check(self) -> CaseloadCheck | None:
        """The caseload denkkader on this round's facts (evaluation/caseload.py)."""
        return check_caseload(
            fte=self.fte,
            households=self.households,
            low=self.bandwidth_low,
            high=self.bandwidth_high,
        )

    @property
    def unknown_count(self) -> int:
        """Submitted through the link: what no viewer can know, and all a threshold counts."""
        return self.submitted_count - self.imported_count

    @property
    def count(self) -> Count:
        return Count(self.submitted_count, self.unknown_count)

    def state(self, today=None) -> RoundState:
        return RoundState(
            finished=self.is_finished(today),
            submitted=self.submitted_count,
            unknown=self.unknown_count,
            unknown_by_group=self.unknown_by_group or {},
            disclosed=self.disclosed_unknown,
        )

    def store_held_back(self) -> None:
        """Sets ``held_back`` from the snapshot rule (for ``RoundQuerySet.reportable``); the
        caller saves it."""
        self.held_back = bool(
            changed_too_little(
                unknown_groups(self.unknown_by_group or {}, self.unknown_count),
                self.disclosed_unknown,
                policy().minimum,
            )
        )

    def disclosure(self, today=None) -> RoundDisclosure:
        """Whether this round's results may be shown now (evaluation/disclosure.py)."""
        return policy().round(self.state(today))


# A round read with ``RoundQuerySet.with_ended_on``, so it has ``ended_on``.
type RoundEndedOn = WithAnnotations[Round, EndedOn]


def active_invitation(prefix: str = "") -> models.Q:
    """An invitation link that has not been revoked: the round's working link (at most one).
    ``prefix`` reaches it through a relation, e.g. ``"invitations__"`` from a round."""
    return models.Q(**{f"{prefix}revoked_at__isnull": True})


class InvitationQuerySet(models.QuerySet):
    def active(self) -> "InvitationQuerySet":
        return self.filter(active_invitation())


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

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodigingslink")
        verbose_name_plural = _("uitnodigingslinks")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"],
                condition=active_invitation(),
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

    @staticmethod
    def hash_address(address: str) -> str:
        return hmac.new(
            settings.SECRET_KEY.encode(),
            f"invitation-mail:{address.strip().lower()}".encode(),
            hashlib.sha256,
        ).hexdigest()


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
