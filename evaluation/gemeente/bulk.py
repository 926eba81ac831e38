"""All reports of a gemeente's teams as one ZIP, made in the background.

The request and the task that carries it out live together here, with the two actions the admin
offers on a job (retry, cancel). The task takes the job's ID, not objects, and does nothing for a
job that is no longer waiting.

A worker holds a lease on the job it runs and renews it after every report. When a worker dies
mid-job (killed, machine gone) the lease runs out: the job is abandoned. The next request of
the analyst then closes it as failed and starts a new one, and the admin can retry it; a
worker that was only slow notices at its next renewal that the job is no longer its own and
stops, so it never overwrites its successor's work.
"""

import io
import logging
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import JobStatus
from ..disclosure import Audience
from ..models import BulkReportJob, Gemeente
from ..models.reports import abandoned_job
from ..report import round_report
from .rounds import gemeente_teams, latest_rounds

logger = logging.getLogger(__name__)


class JobError(Exception):
    """An action on a job that cannot be done now; the message is Dutch and meant for the user."""


def _lease_end():
    return timezone.now() + timedelta(seconds=settings.BULK_JOB_LEASE_SECONDS)


def _claim(job_id: int) -> int | None:
    """Takes a waiting (or abandoned) job for this worker; returns its attempt number."""
    with transaction.atomic():
        job = (
            BulkReportJob.objects.select_for_update()
            .filter(Q(status=JobStatus.QUEUED) | abandoned_job(), pk=job_id)
            .first()
        )
        if job is None:
            return None
        attempt = job.attempt + 1
        BulkReportJob.objects.filter(pk=job_id).update(
            status=JobStatus.RUNNING, lease_until=_lease_end(), attempt=attempt
        )
    return attempt


@task
def build_bulk_reports(job_id: int) -> None:
    """Makes the report of each team's latest round (that has results) and puts them in one
    ZIP.

    Progress is written after every report, so the page can show "x of n", and it renews the
    lease. A report that fails is noted (team and reason) and the ZIP holds the others. A job
    that is not waiting any more (done, cancelled, or taken by another worker) is left alone,
    and a job that stops being this worker's (cancelled, taken over) is given up at once.
    """
    attempt = _claim(job_id)
    if attempt is None:
        return
    ours = BulkReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempt=attempt)
    job = BulkReportJob.objects.select_related("gemeente").get(pk=job_id)
    teams = gemeente_teams(job.gemeente)
    rounds = latest_rounds(teams)
    # A round with too few scans for any result gets no report, here as on its own pages
    # (reports/views.py): it would say nothing.
    targets = [
        (team, rounds[team.pk])
        for team in teams
        if team.pk in rounds and rounds[team.pk].disclosure().reportable
    ]
    ours.update(total=len(targets), done=0, failures=[], lease_until=_lease_end())
    failures = []
    names: set[str] = set()
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for team, round_ in targets:
                round_.team = team
                try:
                    made = round_report(round_, audience=Audience.GEMEENTE)
                except Exception as exc:  # one broken report must not stop the others
                    logger.exception("Bulk report: round %s failed", round_.pk)
                    failures.append({"team": team.name, "round": round_.title, "error": str(exc)})
                else:
                    archive.writestr(_unique(made.filename, names), made.pdf)
                renewed = ours.update(
                    done=F("done") + 1, failures=failures, lease_until=_lease_end()
                )
                if not renewed:
                    logger.warning("Bulk report job %s is no longer ours; stopping", job_id)
                    return
    except Exception:
        logger.exception("Bulk report job %s failed", job_id)
        ours.update(status=JobStatus.FAILED, finished_at=timezone.now(), lease_until=None)
        raise
    ours.update(
        status=JobStatus.DONE,
        archive=buffer.getvalue(),
        failures=failures,
        finished_at=timezone.now(),
        lease_until=None,
    )


def _unique(name: str, taken: set[str]) -> str:
    """The entry name, numbered when two teams' reports would get the same name."""
    stem, dot, extension = name.rpartition(".")
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{extension}"
    taken.add(candidate)
    return candidate


def _close_abandoned(gemeente: Gemeente) -> None:
    BulkReportJob.objects.abandoned().filter(gemeente=gemeente).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), lease_until=None
    )


def bulk_reports_request(*, gemeente: Gemeente, user) -> tuple[BulkReportJob, bool]:
    """Starts making all reports of the gemeente's teams in the background.

    Returns (job, created). While a job for the gemeente is waiting or running, asking again
    returns that job instead of starting a second one (a database constraint guards this too).
    A job whose worker died (its lease ran out) is closed as failed and a new one is started.
    """
    with transaction.atomic():
        Gemeente.objects.select_for_update().filter(pk=gemeente.pk).first()
        _close_abandoned(gemeente)
        running = BulkReportJob.objects.busy().filter(gemeente=gemeente).first()
        if running is not None:
            return running, False
        job = BulkReportJob.objects.create(gemeente=gemeente, requested_by=user)
        transaction.on_commit(lambda: build_bulk_reports.enqueue(job.pk))
    return job, True


def bulk_job_retry(*, job: BulkReportJob) -> BulkReportJob:
    """Runs a failed, cancelled or abandoned job again from the start, with the newest data.

    A job that is waiting or running (with a live lease) is not touched, and neither is any job
    while another job of the same gemeente is busy.
    """
    with transaction.atomic():
        Gemeente.objects.select_for_update().filter(pk=job.gemeente_id).first()
        job = BulkReportJob.objects.select_for_update().get(pk=job.pk)
        if job.is_running:
            raise JobError(_("Deze opdracht loopt nog."))
        _close_abandoned(job.gemeente)
        busy = BulkReportJob.objects.busy().filter(gemeente_id=job.gemeente_id).exclude(pk=job.pk)
        if busy.exists():
            raise JobError(_("Voor deze gemeente loopt al een andere opdracht."))
        job.status = JobStatus.QUEUED
        job.done = job.total = 0
        job.failures = []
        job.archive = None
        job.finished_at = None
        job.lease_until = None
        job.full_clean(exclude=["archive", "requested_by"])
        job.save()
        transaction.on_commit(lambda: build_bulk_reports.enqueue(job.pk))
    return job


def bulk_job_cancel(*, job: BulkReportJob) -> bool:
    """Stops a waiting or running job; its worker gives up at its next report.

    Returns whether there was anything to stop.
    """
    return bool(
        BulkReportJob.objects.busy()
        .filter(pk=job.pk)
        .update(status=JobStatus.CANCELLED, finished_at=timezone.now(), lease_until=None)
    )
