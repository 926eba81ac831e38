"""The gemeente's analyst pages: teams side by side, national comparison, trends, exports and
all reports at once. Every view looks the gemeente up through one helper that 404s for anyone
who is not its analyst."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from knowledge import services as knowledge

from .. import selectors, services
from ..downloads import attachment
from ..forms import ConfirmForm
from . import bulk, exports, overview, rounds, statements, trends
from .forms import ActionAnswerForm, GemeenteFilterForm
from .overview import team_comparison
from .questions import gemeente_questions


@login_required
@require_safe
def gemeente_list(request: HttpRequest) -> HttpResponse:
    gemeenten = list(selectors.analyst_gemeenten(request.user))
    if not gemeenten:
        raise Http404
    if len(gemeenten) == 1:
        return redirect("evaluation:gemeente", slug=gemeenten[0].slug)
    return render(request, "evaluation/gemeente_list.html", {"gemeenten": gemeenten})


@dataclass(frozen=True)
class Filters:
    period: str | None = None
    kind: str | None = None
    scope: str = rounds.ROUNDS_FINISHED
    sort: str | None = None


def _filters(request: HttpRequest, gemeente) -> tuple[GemeenteFilterForm, Filters]:
    form = GemeenteFilterForm(
        request.GET or None,
        periods=rounds.available_periods(gemeente),
        sort_keys=overview.sort_keys(knowledge.conditions()),
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, Filters(
            period=data["periode"] or None,
            kind=data["soort"] or None,
            scope=data["rondes"] or rounds.ROUNDS_FINISHED,
            sort=data["sorteer"] or None,
        )
    return form, Filters()


def _query(filters: Filters, **changes) -> str:
    """The filters as a query string, with ``changes`` (used for the sort links)."""
    values = {
        "periode": filters.period,
        "soort": filters.kind,
        "rondes": filters.scope if filters.scope != rounds.ROUNDS_FINISHED else None,
        "sorteer": filters.sort,
    } | changes
    return urlencode({key: value for key, value in values.items() if value})


@login_required
@require_safe
def gemeente_overview(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    form, filters = _filters(request, gemeente)
    overview = team_comparison(
        gemeente, period=filters.period, kind=filters.kind, scope=filters.scope, sort=filters.sort
    )
    sort_links = {}
    for condition in overview.conditions:
        # Lowest first on the first click; a second click turns the order round.
        next_sort = f"-{condition.slug}" if filters.sort == condition.slug else condition.slug
        sort_links[condition.slug] = "?" + _query(filters, sorteer=next_sort)
    gemeente_trends = trends.gemeente_trends(gemeente, kind=filters.kind)
    return render(
        request,
        "evaluation/gemeente.html",
        {
            "gemeente": gemeente,
            "form": form,
            "overview": overview,
            "sort_links": sort_links,
            "name_sort_link": "?" + _query(filters, sorteer=None),
            "trends": gemeente_trends,
            # One note for all charts, not one per condition.
            "trends_set_changed": any(trend.set_changed for trend in gemeente_trends),
            "questions": gemeente_questions(gemeente, period=filters.period, kind=filters.kind),
            "job": selectors.latest_bulk_job(gemeente),
            "query": _query(filters, sorteer=None),
        },
    )


@login_required
@require_safe
def gemeente_drilldown(request: HttpRequest, slug: str, condition: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    found = statements.condition_by_slug(condition)
    if found is None:
        raise Http404
    _form, filters = _filters(request, gemeente)
    return render(
        request,
        "evaluation/gemeente_drilldown.html",
        {
            "gemeente": gemeente,
            "drilldown": statements.statement_drilldown(
                gemeente, found, period=filters.period, kind=filters.kind
            ),
            "query": _query(filters, sorteer=None),
        },
    )


@login_required
@require_safe
def gemeente_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    if fmt not in exports.EXPORTERS:
        raise Http404
    _form, filters = _filters(request, gemeente)
    write, content_type = exports.EXPORTERS[fmt]
    data = exports.export_data(
        gemeente,
        period=filters.period,
        kind=filters.kind,
        scope=filters.scope,
        sheets=fmt != "csv",
    )
    return attachment(
        write(data), content_type=content_type, filename=exports.export_filename(data, fmt)
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_answer(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    action = selectors.action_point_for_analyst(request.user, slug, action_id)
    gemeente = action.round.team.gemeente
    form = ActionAnswerForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.action_point_answer(
            action_point=action,
            answer=form.cleaned_data["answer"],
            status=form.cleaned_data["status"],
            by=request.user,
        )
        messages.success(request, _("Je antwoord is opgeslagen."))
        return redirect(reverse("evaluation:gemeente", args=[gemeente.slug]) + "#vragen-kop")
    return render(
        request,
        "evaluation/gemeente_action.html",
        {"gemeente": gemeente, "action": action, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bulk_reports(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    if request.method == "POST":
        _job, created = bulk.bulk_reports_request(gemeente=gemeente, user=request.user)
        # A new job needs no message: the page states its status, once (a worker may even have
        # finished it by the time the page loads).
        if not created:
            messages.info(request, _("De rapporten worden al gemaakt; hieronder zie je hoe ver."))
        return redirect("evaluation:bulk_reports", slug=gemeente.slug)
    return render(
        request,
        "evaluation/bulk_reports.html",
        {"gemeente": gemeente, "job": selectors.latest_bulk_job(gemeente), "form": ConfirmForm()},
    )


@login_required
@require_safe
def bulk_status(request: HttpRequest, slug: str, job_id: int) -> JsonResponse:
    job = selectors.bulk_job_for_analyst(request.user, slug, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "failures": len(job.failures),
            "running": job.is_running,
        }
    )


@login_required
@require_safe
def bulk_download(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    job = selectors.bulk_job_for_analyst(request.user, slug, job_id)
    if job.archive is None:
        messages.error(request, _("Dit ZIP-bestand is (nog) niet klaar."))
        return redirect(reverse("evaluation:bulk_reports", args=[slug]))
    filename = f"zelfscan-rapporten-{slugify(job.gemeente.name)}.zip"
    return attachment(bytes(job.archive), content_type="application/zip", filename=filename)
