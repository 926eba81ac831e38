"""The team results page and the action plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import scoring, selectors, services
from ..bands import BANDS
from ..forms import ConfirmForm
from ..lessons import linked_lessons
from ..models import ActionPoint
from ..team_results import round_results
from .forms import ActionPointForm


def _back(request: HttpRequest, default: str) -> str:
    """Where an action point's edit or delete returns to: the page it was opened from
    (``terug``: "Open acties", the end of the teamgesprek, the results), if that is a path of
    this site; else ``default``."""
    back = request.POST.get("terug") or request.GET.get("terug") or ""
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


@login_required
@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_viewer(request.user, pk)
    can_manage = selectors.can_manage(request.user, round_)
    return render(
        request,
        "evaluation/results.html",
        {
            "round": round_,
            "results": round_results(round_, audience=selectors.audience_of(can_manage)),
            "bands": BANDS,
            "divided_spread": scoring.DIVIDED_SPREAD,
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    initial = {}
    if request.GET.get("voorwaarde"):
        initial["condition"] = request.GET.get("voorwaarde")
    if request.GET.get("les"):
        initial["lesson"] = request.GET.get("les")
    form = ActionPointForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        lessons=linked_lessons(round_),
        instance=ActionPoint(round=round_),
    )
    back = reverse("evaluation:results", args=[round_.pk]) + "#actiepunten"
    if request.method == "POST" and form.is_valid():
        services.action_point_save(action_point=form.instance)
        messages.success(request, _("Het actiepunt is toegevoegd."))
        return redirect(back)
    return render(
        request, "evaluation/action_form.html", {"form": form, "round": round_, "back": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    action = selectors.action_point_for_coordinator(request.user, pk, action_id)
    form = ActionPointForm(
        request.POST if request.method == "POST" else None,
        lessons=linked_lessons(action.round),
        instance=action,
    )
    back = _back(request, reverse("evaluation:results", args=[pk]) + "#actiepunten")
    if request.method == "POST" and form.is_valid():
        services.action_point_save(action_point=form.instance)
        messages.success(request, _("Het actiepunt is bijgewerkt."))
        return redirect(back)
    return render(
        request,
        "evaluation/action_form.html",
        {"form": form, "round": action.round, "edit": True, "back": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    action = selectors.action_point_for_coordinator(request.user, pk, action_id)
    back = _back(request, reverse("evaluation:results", args=[pk]) + "#actiepunten")
    if request.method == "POST":
        services.action_point_delete(action_point=action)
        messages.success(request, _("Het actiepunt is verwijderd."))
        return redirect(back)
    return render(
        request,
        "evaluation/action_delete.html",
        {"action": action, "round": action.round, "form": ConfirmForm(), "back": back},
    )
