"""Where a user lands after logging in: an analyst on their gemeente, the beheerder on the admin,
a coordinator on their rounds; someone with several roles chooses."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors
from .models import Team


def user_roles(user) -> list[tuple[str, str]]:
    """(label, url) of each start page the user has, in a fixed order."""
    roles = []
    if Team.objects.for_coordinator(user).exists():
        roles.append((_("Mijn teams en rondes"), reverse("evaluation:dashboard")))
    for gemeente in selectors.analyst_gemeenten(user):
        roles.append(
            (
                _("Teams vergelijken in %(name)s") % {"name": gemeente.name},
                reverse("evaluation:gemeente", args=[gemeente.slug]),
            )
        )
    if user.is_staff:
        roles.append((_("Beheer (kennisbank, organisaties, gebruikers)"), reverse("admin:index")))
    return roles


@login_required
@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    roles = user_roles(request.user)
    if not roles:
        return redirect("evaluation:dashboard")  # it explains how to get linked to a team
    if len(roles) == 1:
        return redirect(roles[0][1])
    return render(request, "evaluation/landing.html", {"roles": roles})
