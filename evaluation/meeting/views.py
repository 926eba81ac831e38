"""The teamgesprek (meeting mode) and the coordinator's overview of open action points."""

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
from ..results.forms import ActionStatusForm
from .forms import AgreedViewForm, MeetingActionForm
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


# The buttons of a teamgesprek step. Every one of them keeps what was typed: the view and a new
# action point are one form, saved together, before the step is left.
RECORD, ADD_ACTION, PREVIOUS, NEXT = "vastleggen", "actie", "vorige", "volgende"


@login_required
@require_http_methods(["GET", "POST"])
def meeting_step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One condition on one screen: score, band, distribution, the divided-picture signal,
    lessons, questions; the agreed view and a new action point are one form, so no button or
    link loses what was typed (a page left with unsaved input asks first, see form-guard.js)."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    found = meeting(round_)
    if not found.available:
        return _unavailable(request, found)
    step = found.step(number)
    if step is None:
        raise Http404
    result = step.result
    posted = request.POST if request.method == "POST" else None
    go = (posted.get("ga") or RECORD) if posted else None
    if go not in (None, RECORD, ADD_ACTION, PREVIOUS, NEXT):
        go = RECORD
    agreed = result.agreed
    view_form = AgreedViewForm(
        posted,
        initial={"view": agreed.view, "note": agreed.note} if agreed else None,
        prefix="beeld",
        view_required=go in (None, RECORD) and agreed is None,
    )
    action_form = MeetingActionForm(
        posted,
        initial={"condition": result.condition.pk},
        lessons=result.lessons,
        instance=ActionPoint(round=round_, condition=result.condition),
        prefix="actie",
        # Untouched, the action point is simply not there; "Actiepunt opslaan" asks for one.
        empty_permitted=go != ADD_ACTION,
        use_required_attribute=False,
    )
    step_url = reverse("evaluation:meeting_step", args=[round_.pk, number])
    previous_url = (
        reverse("evaluation:meeting_step", args=[round_.pk, number - 1])
        if number > 1
        else reverse("evaluation:meeting", args=[round_.pk])
    )
    next_url = (
        reverse("evaluation:meeting_step", args=[round_.pk, number + 1])
        if number < len(found.steps)
        else reverse("evaluation:meeting_end", args=[round_.pk])
    )
    if posted is not None and view_form.is_valid() and action_form.is_valid():
        view = view_form.cleaned_data["view"] if view_form.has_changed() or go == RECORD else ""
        action = action_form.instance if action_form.has_changed() else None
        services.meeting_step_save(
            round_=round_,
            condition=result.condition,
            view=view or None,
            note=view_form.cleaned_data["note"],
            action_point=action,
        )
        if view:
            messages.success(request, _("Het gedeelde beeld is vastgelegd."))
        if action is not None:
            # After "Actiepunt opslaan" the page returns to its action points: the message is
            # shown there, where the eye is (see step.html), not at the top.
            tags = "acties" if go == ADD_ACTION else ""
            messages.success(request, _("Het actiepunt is toegevoegd."), extra_tags=tags)
        target = {ADD_ACTION: step_url + "#acties", PREVIOUS: previous_url}.get(go or "", next_url)
        return redirect(target)
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
            "action_open": (action_form.is_bound and action_form.has_changed()) or go == ADD_ACTION,
            "previous_url": previous_url,
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
