"""The PDF report of a round: what a coordinator takes to the team meeting.

``round_report`` renders the HTML from the same reads as the results page, and serves the stored
PDF again while that HTML (and the report's stylesheet) is unchanged. The report is always
Dutch: it goes to the team, its manager and the gemeente.
"""

import functools
import hashlib
import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from . import scoring
from .bands import BANDS
from .charts import radar
from .constants import ActionStatus
from .disclosure import Audience
from .filenames import safe_filename
from .models import BulkReportJob, Round, RoundReport
from .models.reports import busy_job
from .pdf import render_pdf
from .team_results import RoundResults, round_results

TEMPLATE = "reports/round_report.html"
HANDOUT_TEMPLATE = "reports/handout.html"
STYLESHEET = "reports/report.css"

# Stands in for the date the report was made while the HTML is fingerprinted, so an unchanged
# report is not made again just because a day has passed.
_MADE_ON = "⟦iww-report-made-on⟧"


@dataclass
class Report:
    round: Round
    html: str
    pdf: bytes
    pages: int
    generated_at: datetime
    from_cache: bool

    @property
    def filename(self) -> str:
        return (
            safe_filename(f"zelfscan-{self.round.team.name}-{self.round.title}", spaces="-")
            + ".pdf"
        )


def _bibliography(results: RoundResults) -> list:
    """Every source the report cites (condition descriptions and linked lessons), sorted."""
    sources = {}
    for result in results.conditions:
        sources[result.condition.source_id] = result.condition.source
        for lesson in result.lessons:
            sources[lesson.source_id] = lesson.source
    return sorted(sources.values(), key=lambda s: (s.authors or s.title, s.year or 0, s.title))


def report_context(round_: Round, *, audience: Audience) -> dict:
    results = round_results(round_, audience=audience)
    in_order = sorted(results.conditions, key=lambda c: c.condition.order)
    return {
        "round": round_,
        "team": round_.team,
        "gemeente": round_.team.gemeente,
        "questionnaire": round_.questionnaire,
        "results": results,
        "conditions_in_order": in_order,
        # The condition chapters and the contents: weakest first, as on the results page.
        "conditions_weakest_first": results.conditions,
        "previous_actions": [(c.condition, a) for c in in_order for a in c.previous_actions],
        "sources": _bibliography(results) if results.reportable else [],
        "bands": BANDS,
        "divided_spread": scoring.DIVIDED_SPREAD,
        "made_on": _MADE_ON,
    }


def report_html(round_: Round, *, audience: Audience) -> str:
    """The report's HTML for ``audience``, with a placeholder for the date it is made."""
    with translation.override("nl"):
        return render_to_string(TEMPLATE, report_context(round_, audience=audience))


@functools.cache
def _layout_fingerprint() -> bytes:
    """The stylesheet and the renderer's version: a new layout makes new PDFs."""
    import weasyprint

    path = finders.find(STYLESHEET)
    assert isinstance(path, str)  # the project's own static file, found once
    with open(path, "rb") as file:
        return file.read() + weasyprint.__version__.encode()


def fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode() + _layout_fingerprint()).hexdigest()


def _with_date(html: str, when: datetime) -> str:
    with translation.override("nl"):
        return html.replace(_MADE_ON, date_format(timezone.localdate(when), "j b Y"))


logger = logging.getLogger(__name__)

# One render per round at a time in this process; across processes the round's row lock
# (PostgreSQL) does the same. Whoever waited finds the report stored and serves it.
_round_locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
_round_locks_guard = threading.Lock()


def _round_lock(round_id: int) -> threading.Lock:
    with _round_locks_guard:
        return _round_locks[round_id]


def _stored(round_: Round, audience: Audience, html: str, key: str) -> Report | None:
    stored = RoundReport.objects.filter(round=round_, audience=audience, fingerprint=key).first()
    if stored is None:
        return None
    return Report(
        round=round_,
        html=_with_date(html, stored.generated_at),
        pdf=bytes(stored.pdf),
        pages=stored.pages,
        generated_at=stored.generated_at,
        from_cache=True,
    )


def round_report(round_: Round, *, audience: Audience) -> Report:
    """The round's report for ``audience``: the stored PDF while its content is unchanged,
    else a new one. Each audience has its own stored report.

    Concurrent requests for a changed report render it once: the others wait for the lock of
    the round and then find the new report stored.
    """
    html = report_html(round_, audience=audience)
    key = fingerprint(html)
    found = _stored(round_, audience, html, key)
    if found is not None:
        return found
    with _round_lock(round_.pk), transaction.atomic():
        # The row lock holds other processes (PostgreSQL; SQLite has one writer anyway).
        Round.objects.select_for_update().filter(pk=round_.pk).exists()
        found = _stored(round_, audience, html, key)
        if found is not None:
            return found
        now = timezone.now()
        rendered = render_pdf(_with_date(html, now))
        report_store(
            round_=round_,
            audience=audience,
            fingerprint=key,
            pdf=rendered.pdf,
            pages=rendered.pages,
            generated_at=now,
        )
    return Report(
        round=round_,
        html=rendered.html,
        pdf=rendered.pdf,
        pages=rendered.pages,
        generated_at=now,
        from_cache=False,
    )


def _queued_key(round_id: int) -> str:
    return f"report-prepare-queued:{round_id}"


@task
def prepare_report(round_id: int) -> None:
    """Makes the round's report for its team in the background, so the coordinator's download
    is normally the stored file (the gemeente's version is made when it is asked for, or with
    the bulk reports). Does nothing when the stored report is current (idempotent) or the round
    is gone."""
    cache.delete(_queued_key(round_id))
    round_ = (
        Round.objects.select_related("team__gemeente", "questionnaire").filter(pk=round_id).first()
    )
    if round_ is None:
        return
    try:
        round_report(round_, audience=Audience.TEAM)
    except Exception:  # the download will try again and tell the user
        logger.exception("Preparing the report of round %s failed", round_id)


def report_prepare_request(*, round_: Round) -> None:
    """Asks for the round's report to be prepared after its content changed, once for a burst
    of changes (debounced: the flag lasts until the task starts). Only for ended rounds: while
    a round runs its report shows nothing but the count."""
    if not settings.REPORTS_PREPARE or not round_.is_finished():
        return
    if cache.add(_queued_key(round_.pk), True, timeout=600):
        transaction.on_commit(lambda: prepare_report.enqueue(round_.pk))


def report_store(
    *,
    round_: Round,
    audience: Audience,
    fingerprint: str,
    pdf: bytes,
    pages: int,
    generated_at: datetime,
) -> RoundReport:
    """Keeps the round's newest report for an audience, replacing the one before."""
    with transaction.atomic():
        report, _created = RoundReport.objects.update_or_create(
            round=round_,
            audience=audience,
            defaults={
                "fingerprint": fingerprint,
                "pdf": pdf,
                "pages": pages,
                "generated_at": generated_at,
            },
        )
    return report


def reports_withdraw(*, round_: Round, audiences: tuple[Audience, ...]) -> None:
    """Deletes what was made of a round before for these audiences: its stored reports, and
    (for the gemeente) every finished ZIP of its gemeente's reports, which holds a copy. They
    are made again, from what may be shown now, when they are asked for."""
    RoundReport.objects.filter(round=round_, audience__in=audiences).delete()
    if Audience.GEMEENTE in audiences:
        BulkReportJob.objects.filter(gemeente_id=round_.team.gemeente_id).exclude(
            busy_job()
        ).delete()


def reports_withdraw_gemeente(*, round_: Round) -> None:
    """After the team stops sharing its comments: no stored copy for the gemeente keeps them."""
    reports_withdraw(round_=round_, audiences=(Audience.GEMEENTE,))


@dataclass
class Handout:
    round: Round
    html: str
    pdf: bytes
    pages: int

    @property
    def filename(self) -> str:
        return (
            safe_filename(f"hand-out-{self.round.team.name}-{self.round.title}", spaces="-")
            + ".pdf"
        )


def handout_context(round_: Round) -> dict:
    """The one-page handout for the teamgesprek: the radar with the previous round, the
    conditions needing most attention, the divided pictures, and the agreed actions. No
    comments: it is laid on the table (the template shows none)."""
    results = round_results(round_, audience=Audience.TEAM)
    in_order = sorted(results.conditions, key=lambda c: c.condition.order)
    chart = None
    if results.reportable:
        has_previous = any(c.previous_mean is not None for c in in_order)
        chart = radar(
            [(c.condition.name, c.mean) for c in in_order],
            previous=[c.previous_mean for c in in_order] if has_previous else None,
        )
    return {
        "round": round_,
        "team": round_.team,
        "gemeente": round_.team.gemeente,
        "results": results,
        "chart": chart,
        "actions": [a for a in results.actions if a.status != ActionStatus.DROPPED],
        "divided_spread": scoring.DIVIDED_SPREAD,
        "made_on": timezone.localdate(),
    }


def make_handout(round_: Round) -> Handout:
    """Renders the handout (always Dutch, like the report). Small enough to make on request."""
    with translation.override("nl"):
        html = render_to_string(HANDOUT_TEMPLATE, handout_context(round_))
    rendered = render_pdf(html)
    return Handout(round=round_, html=html, pdf=rendered.pdf, pages=rendered.pages)
