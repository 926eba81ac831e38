"""Stored reports and the gemeente's bulk report jobs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import (
    JobStatus,
)
from ..disclosure import Audience
from .organisations import Gemeente
from .rounds import Round


class RoundReport(models.Model):
    """The last PDF report made of a round for one audience (the team, or the gemeente, which
    reads the comments only when the team shares them), served again while its content is
    unchanged.

    ``fingerprint`` is a hash of the report's HTML (without the date it was made): when a
    response, an action point, the questionnaire or the knowledge base changes, the HTML changes
    and the next download makes a new PDF. Kept in the database so it needs no file storage and
    disappears with its round.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="reports"
    )
    audience = models.CharField(
        _("voor"),
        max_length=10,
        choices=[(Audience.TEAM.value, _("het team")), (Audience.GEMEENTE.value, _("de gemeente"))],
    )
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    pages = models.PositiveSmallIntegerField(_("aantal pagina's"))
    generated_at = models.DateTimeField(_("gemaakt op"))

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "audience"], name="one_report_per_round_and_audience"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.audience} ({self.generated_at:%Y-%m-%d})"


def busy_job() -> models.Q:
    """A job that is waiting or running (its lease may have run out: see ``abandoned_job``)."""
    return models.Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


def abandoned_job(now=None) -> models.Q:
    """A running job whose worker stopped renewing the lease (it died or was killed)."""
    now = now or timezone.now()
    return models.Q(status=JobStatus.RUNNING) & (
        models.Q(lease_until__isnull=True) | models.Q(lease_until__lt=now)
    )


class BulkReportJobQuerySet(models.QuerySet):
    # The Python faces of these rules are BulkReportJob.is_busy and is_abandoned.
    def busy(self) -> "BulkReportJobQuerySet":
        return self.filter(busy_job())

    def abandoned(self) -> "BulkReportJobQuerySet":
        return self.filter(abandoned_job())


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

    objects = BulkReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapporten in één keer")
        verbose_name_plural = _("rapporten in één keer")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=busy_job(),
                name="one_running_bulk_job_per_gemeente",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente}: {self.done}/{self.total} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        """Waiting or running (``busy_job``)."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def is_abandoned(self) -> bool:
        """Running, but its worker stopped renewing the lease (``abandoned_job``)."""
        return self.status == JobStatus.RUNNING and (
            self.lease_until is None or self.lease_until < timezone.now()
        )

    @property
    def is_running(self) -> bool:
        """Busy with a live worker (or still waiting for one)."""
        return self.is_busy and not self.is_abandoned

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
