"""Background tasks (Django's Tasks API). They take IDs, not objects, and can run again safely."""

import io
import logging
import zipfile

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .analytics import gemeente_teams, latest_rounds
from .constants import JobStatus
from .models import BulkReportJob
from .reports import round_report

logger = logging.getLogger(__name__)


@task
def build_bulk_reports(job_id: int) -> None:
    """Makes the report of each team's latest round and puts them in one ZIP.

    Progress is written after every report, so the page can show "x of n". A report that fails
    is noted (team and reason) and the ZIP holds the others. A job that is not waiting any more
    (done, or taken by another worker) is left alone.
    """
    claimed = BulkReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
    )
    if not claimed:
        return
    job = BulkReportJob.objects.select_related("gemeente").get(pk=job_id)
    teams = gemeente_teams(job.gemeente)
    rounds = latest_rounds(teams)
    targets = [(team, rounds[team.pk]) for team in teams if team.pk in rounds]
    BulkReportJob.objects.filter(pk=job_id).update(total=len(targets), done=0, failures=[])
    failures = []
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for team, round_ in targets:
                round_.team = team
                try:
                    made = round_report(round_)
                except Exception as exc:  # one broken report must not stop the others
                    logger.exception("Bulk report: round %s failed", round_.pk)
                    failures.append({"team": team.name, "round": round_.title, "error": str(exc)})
                    BulkReportJob.objects.filter(pk=job_id).update(failures=failures)
                else:
                    archive.writestr(made.filename, made.pdf)
                BulkReportJob.objects.filter(pk=job_id).update(done=F("done") + 1)
    except Exception:
        logger.exception("Bulk report job %s failed", job_id)
        BulkReportJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now()
        )
        raise
    BulkReportJob.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        archive=buffer.getvalue(),
        failures=failures,
        finished_at=timezone.now(),
    )


@task
def refresh_national_snapshot() -> None:
    """Recomputes the national distributions after submits (idempotent)."""
    from django.core.cache import cache

    from .analytics import national_snapshot_refresh

    cache.delete("national-refresh-queued")
    national_snapshot_refresh()
