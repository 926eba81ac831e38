"""All reports of a gemeente's teams as one ZIP, made in the background.

The request and the task that carries it out live together here. The task takes the job's ID,
not objects, and does nothing for a job that is no longer waiting.
"""

import io
import logging
import zipfile

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from ..constants import JobStatus
from ..models import BulkReportJob, Gemeente
from ..reports.build import round_report
from .reads import gemeente_teams, latest_rounds

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
                    made = round_report(round_, team_view=False)
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


def bulk_reports_request(*, gemeente: Gemeente, user) -> tuple[BulkReportJob, bool]:
    """Starts making all reports of the gemeente's teams in the background.

    Returns (job, created). While a job for the gemeente is waiting or running, asking again
    returns that job instead of starting a second one (a database constraint guards this too).
    """
    with transaction.atomic():
        Gemeente.objects.select_for_update().filter(pk=gemeente.pk).first()
        running = BulkReportJob.objects.filter(
            gemeente=gemeente, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).first()
        if running is not None:
            return running, False
        job = BulkReportJob.objects.create(gemeente=gemeente, requested_by=user)
        transaction.on_commit(lambda: build_bulk_reports.enqueue(job.pk))
    return job, True
