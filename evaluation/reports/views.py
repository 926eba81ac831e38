"""The round's PDF report as a download."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import selectors
from ..downloads import attachment
from ..models import Round
from ..report import make_handout, round_report

logger = logging.getLogger(__name__)


def _nothing_to_report(request: HttpRequest, round_: Round) -> HttpResponse | None:
    """Back to the results, with a word, while too few scans are in for any score: a report
    then says nothing (the results page says why and how many are needed)."""
    if round_.disclosure().reportable:
        return None
    messages.info(
        request,
        _(
            "Er is nog geen rapport: er zijn te weinig scans ingevuld om uitkomsten te tonen. "
            "De uitkomstenpagina laat zien hoeveel er nog nodig zijn."
        ),
    )
    return redirect("evaluation:results", pk=round_.pk)


@login_required
@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's PDF report, for everyone who may read its results."""
    round_ = selectors.round_for_viewer(request.user, pk)
    if (back := _nothing_to_report(request, round_)) is not None:
        return back
    try:
        audience = selectors.audience_of(selectors.can_manage(request.user, round_))
        made = round_report(round_, audience=audience)
    except Exception:
        # A broken font or library must not become a bare 500: say so, keep the page.
        logger.exception("Report for round %s could not be made", round_.pk)
        messages.error(
            request,
            _(
                "Het rapport kon niet worden gemaakt. Probeer het later opnieuw; "
                "blijft het misgaan, meld het dan bij de beheerder."
            ),
        )
        return redirect("evaluation:results", pk=round_.pk)
    return attachment(made.pdf, content_type="application/pdf", filename=made.filename)


@login_required
@require_safe
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-page handout for the teamgesprek, for everyone who may read the results."""
    round_ = selectors.round_for_viewer(request.user, pk)
    if (back := _nothing_to_report(request, round_)) is not None:
        return back
    try:
        made = make_handout(round_)
    except Exception:
        logger.exception("Handout for round %s could not be made", round_.pk)
        messages.error(
            request, _("De hand-out kon niet worden gemaakt. Probeer het later opnieuw.")
        )
        return redirect("evaluation:results", pk=round_.pk)
    return attachment(made.pdf, content_type="application/pdf", filename=made.filename)
