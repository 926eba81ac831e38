"""The gemeente's analyst pages: teams side by side, national comparison, trends, exports and
all reports at once. Every view looks the gemeente up through one helper that 404s for anyone
who is not its analyst."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import selectors
from ..forms import ConfirmForm, OverviewFilterForm
from . import bulk, exports, reads


@login_required
@require_safe
def gemeente_list(request: HttpRequest) -> HttpResponse:
    gemeenten = list(selectors.analyst_gemeenten(request.user))
    if not gemeenten:
        raise Http404
    if len(gemeenten) == 1:
        return redirect("evaluation:gemeente", slug=gemeenten[0].slug)
    return render(request, "evaluation/gemeente_list.html", {"gemeenten": gemeenten})


def _filters(request: HttpRequest, gemeente) -> tuple[OverviewFilterForm, str | None, str | None]:
    form = OverviewFilterForm(request.GET or None, periods=reads.available_periods(gemeente))
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["periode"] or None, form.cleaned_data["soort"] or None
    return form, None, None


@login_required
@require_safe
def gemeente_overview(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    form, period, kind = _filters(request, gemeente)
    return render(
        request,
        "evaluation/gemeente.html",
        {
            "gemeente": gemeente,
            "form": form,
            "overview": reads.gemeente_overview(gemeente, period=period, kind=kind),
            "trends": reads.gemeente_trends(gemeente, kind=kind),
            "job": selectors.latest_bulk_job(gemeente),
            "query": request.GET.urlencode() if form.is_valid() else "",
        },
    )


@login_required
@require_safe
def gemeente_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    if fmt not in exports.EXPORTERS:
        raise Http404
    _form, period, kind = _filters(request, gemeente)
    overview = reads.gemeente_overview(gemeente, period=period, kind=kind)
    write, content_type = exports.EXPORTERS[fmt]
    response = HttpResponse(write(overview), content_type=content_type)
    filename = f"zelfscan-{slugify(gemeente.name)}-teams.{fmt}"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bulk_reports(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.gemeente_for_analyst(request.user, slug)
    if request.method == "POST":
        _job, created = bulk.bulk_reports_request(gemeente=gemeente, user=request.user)
        if created:
            messages.success(
                request, _("De rapporten worden gemaakt. Je kunt deze pagina sluiten.")
            )
        else:
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
    response = HttpResponse(bytes(job.archive), content_type="application/zip")
    filename = f"zelfscan-rapporten-{slugify(job.gemeente.name)}.zip"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
