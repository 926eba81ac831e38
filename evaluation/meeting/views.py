"""The teamgesprek (meeting mode) and the coordinator's overview of open action points."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import selectors, services
from ..constants import ActionStatus
from ..models import ActionPoint
from ..results.forms import ActionPointForm, ActionStatusForm
from .forms import AgreedViewForm
from .reads import meeting, open_actions

ACTIONS_PER_PAGE = 25


def _unavailable(request: HttpRequest, found) -> HttpResponse:
    return render(
        request,
        "evaluation/meeting/unavailable.html",
        {"round": found.round, "results": found.results},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The start of the teamgesprek: last round's open action points and their status first,
    then the conditions in the order they will be discussed."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    found = meeting(round_)
    if not found.available:
        return _unavailable(request, found)
    form = ActionStatusForm(
        request.POST if request.method == "POST" else None, actions=found.previous_open
    )
    if request.method == "POST" and form.is_valid():
        for action, status in form.statuses():
            services.action_point_set_status(action_point=action, status=status)
        messages.success(request, _("De status van de actiepunten is bijgewerkt."))
        return redirect("evaluation:meeting_step", pk=round_.pk, number=1)
    return render(
        request,
        "evaluation/meeting/start.html",
        {
            "round": round_,
            "meeting": found,
            "results": found.results,
            "form": form,
            "status_choices": ActionStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One condition on one screen: score, band, distribution, the divided-picture signal,
    lessons, questions; the agreed view and new action points are recorded here."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    found = meeting(round_)
    if not found.available:
        return _unavailable(request, found)
    step = found.step(number)
    if step is None:
        raise Http404
    result = step.result
    posted = request.POST if request.method == "POST" else None
    which = posted.get("form") if posted else None
    agreed = result.agreed
    view_form = AgreedViewForm(
        posted if which == "view" else None,
        initial={"view": agreed.view, "note": agreed.note} if agreed else None,
        prefix="beeld",
    )
    action_form = ActionPointForm(
        posted if which == "action" else None,
        initial={"condition": result.condition.pk},
        lessons=result.lessons,
        instance=ActionPoint(round=round_),
        prefix="actie",
    )
    action_form.fields["condition"].widget = forms.HiddenInput()
    next_url = (
        reverse("evaluation:meeting_step", args=[round_.pk, number + 1])
        if number < len(found.steps)
        else reverse("evaluation:meeting_end", args=[round_.pk])
    )
    if which == "view" and view_form.is_valid():
        services.agreed_view_save(
            round_=round_,
            condition=result.condition,
            view=view_form.cleaned_data["view"],
            note=view_form.cleaned_data["note"],
        )
        messages.success(request, _("Het gedeelde beeld is vastgelegd."))
        return redirect(next_url)
    if which == "action" and action_form.is_valid():
        if action_form.cleaned_data["condition"] != result.condition:
            raise Http404  # an action point belongs to the condition on the screen
        services.action_point_save(action_point=action_form.instance)
        messages.success(request, _("Het actiepunt is toegevoegd."))
        return redirect(reverse("evaluation:meeting_step", args=[round_.pk, number]) + "#acties")
    return render(
        request,
        "evaluation/meeting/step.html",
        {
            "round": round_,
            "meeting": found,
            "results": found.results,
            "step": step,
            "c": result,
            "view_form": view_form,
            "action_form": action_form,
            "previous_url": reverse("evaluation:meeting_step", args=[round_.pk, number - 1])
            if number > 1
            else reverse("evaluation:meeting", args=[round_.pk]),
            "next_url": next_url,
        },
    )


@login_required
@require_safe
def meeting_end(request: HttpRequest, pk: int) -> HttpResponse:
    """What the team agreed: measured and agreed side by side, and the action points."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    found = meeting(round_)
    if not found.available:
        return _unavailable(request, found)
    return render(
        request,
        "evaluation/meeting/end.html",
        {"round": round_, "meeting": found, "results": found.results},
    )


@login_required
@require_safe
def actions_overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's open action points across rounds and teams; overdue ones flagged."""
    page = Paginator(open_actions(request.user), ACTIONS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "evaluation/meeting/actions.html", {"page": page})
