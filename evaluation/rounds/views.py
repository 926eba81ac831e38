"""Coordinator pages: rounds of their own teams. Anything else is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from iww.uploads import limit_uploads

from .. import selectors, services
from ..constants import COMMENT_MAX_LENGTH
from ..disclosure import policy
from ..forms import ConfirmForm
from ..landing import user_roles
from ..models import Invitation, Round
from . import invitations
from .flags import flagged_comments
from .forms import (
    ImportForm,
    InviteForm,
    RedactCommentForm,
    ReopenForm,
    RoundFactsForm,
    RoundForm,
    ShareCommentsForm,
)
from .imports import (
    comment_columns,
    dont_know_spellings,
    import_columns,
    parse_responses_csv,
    role_spellings,
)
from .qr import qr_svg


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    teams = selectors.coordinator_teams(request.user)
    # Someone without teams (an analyst, the beheerder) gets their own start pages here instead
    # of a dead end.
    roles = [] if teams else user_roles(request.user)
    return render(request, "evaluation/dashboard.html", {"teams": teams, "roles": roles})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_for_coordinator(request.user, team_id)
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(
                team=team,
                questionnaire=form.cleaned_data["questionnaire"],
                title=form.cleaned_data["title"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                facts=form.facts(),
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De ronde is aangemaakt. Deel de link met je team."))
            return redirect(round_)
    return render(request, "evaluation/round_form.html", {"form": form, "team": team})


@login_required
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    finished = round_.is_finished()
    # A finished round takes no responses: it offers its results, not its invitation.
    invitation = None if finished else round_.invitations.active().first()
    counts = selectors.response_counts(round_)
    rules = policy()
    url = request.build_absolute_uri(invitation.get_absolute_url()) if invitation else ""
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_,
            "finished": finished,
            "invitation": invitation,
            "invitation_url": url,
            "qr": qr_svg(url, label=_("QR-code met de uitnodigingslink")) if url else "",
            "counts": counts,
            "threshold": rules.minimum,
            "missing": rules.missing(round_.unknown_count),
        },
    )


@login_required
@require_safe
def round_counts(request: HttpRequest, pk: int) -> JsonResponse:
    """The live response count, polled by the round page."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    return JsonResponse(selectors.response_counts(round_))


@login_required
@require_http_methods(["GET", "POST"])
def round_facts(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    form = RoundFactsForm(request.POST if request.method == "POST" else None, instance=round_)
    if request.method == "POST" and form.is_valid():
        services.round_update_facts(round_=round_, facts=form.facts())
        messages.success(request, _("De feiten over caseload en teambudget zijn opgeslagen."))
        return redirect(round_)
    return render(request, "evaluation/round_facts.html", {"form": form, "round": round_})


def _confirm(request: HttpRequest, round_, *, template: str, action, done: str) -> HttpResponse:
    """GET shows a confirmation page; POST carries out ``action`` and goes back to the round."""
    if request.method == "POST":
        action(round_=round_)
        messages.success(request, done)
        return redirect(round_)
    return render(request, template, {"round": round_, "form": ConfirmForm()})


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    return _confirm(
        request,
        round_,
        template="evaluation/round_close.html",
        action=services.round_close,
        done=_("De ronde is gesloten."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_replace(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    return _confirm(
        request,
        round_,
        template="evaluation/invitation_replace.html",
        action=services.invitation_replace,
        done=_("Er is een nieuwe link gemaakt. De oude link werkt niet meer."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    return _confirm(
        request,
        round_,
        template="evaluation/invitation_revoke.html",
        action=services.invitation_revoke,
        done=_("De link is ingetrokken. Maak een nieuwe link om weer antwoorden te ontvangen."),
    )


# CSRF is checked inside, after the upload limit is in place: the CSRF check reads the body.
@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def responses_import(request: HttpRequest, pk: int) -> HttpResponse:
    limit_uploads(request, limit=ImportForm.MAX_BYTES)
    return _responses_import(request, pk)


@csrf_protect
def _responses_import(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    form = (
        # Set by iww.uploads.LimitedUploadHandler; HttpRequest's stub does not know it.
        ImportForm(request.POST, request.FILES, too_large=request.upload_too_large)  # type: ignore[attr-defined]
        if request.method == "POST"
        else ImportForm()
    )
    errors: list[str] = []
    columns = import_columns(round_)
    codes = columns.codes
    if request.method == "POST" and form.is_valid():
        parsed = parse_responses_csv(
            form.cleaned_data["file"].read(), codes, columns.not_applicable, columns.left_out
        )
        if parsed.ok:
            try:
                count = services.responses_import(round_=round_, rows=parsed.rows, by=request.user)
            except services.ServiceError as exc:
                errors = [str(exc)]
            else:
                messages.success(
                    request, _("%(count)d antwoordsets geïmporteerd.") % {"count": count}
                )
                return redirect(round_)
        else:
            errors = parsed.errors
    return render(
        request,
        "evaluation/import.html",
        {
            "form": form,
            "round": round_,
            "errors": errors,
            "codes": codes,
            "comment_columns": list(comment_columns(codes)),
            "roles": role_spellings(columns.left_out, codes),
            "dont_know": dont_know_spellings(),
            "comment_max": COMMENT_MAX_LENGTH,
            "finished": round_.is_finished(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Opens an ended round again, for late responses; recorded and shown with the results."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    if not round_.is_finished():
        messages.info(request, _("Deze ronde loopt nog; heropenen is niet nodig."))
        return redirect(round_)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_reopen(
                round_=round_, closes_on=form.cleaned_data["closes_on"], by=request.user
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De ronde is heropend."))
            return redirect(round_)
    return render(request, "evaluation/round_reopen.html", {"round": round_, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comments_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Shares the round's comments with the gemeente's analysts, or stops sharing them. GET
    explains what that means and asks for confirmation."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    if request.method == "GET":
        return render(
            request,
            "evaluation/comments_share.html",
            {"round": round_, "form": ConfirmForm(), "flagged": flagged_comments(round_)},
        )
    form = ShareCommentsForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["shared"][0]))
        return redirect("evaluation:comments_share", pk=round_.pk)
    share = form.cleaned_data["shared"]
    services.round_share_comments(round_=round_, shared=share, by=request.user)
    messages.success(
        request,
        _("De opmerkingen zijn gedeeld met de gemeente.")
        if share
        else _("De opmerkingen zijn niet meer zichtbaar voor de gemeente."),
    )
    return redirect("evaluation:results", pk=round_.pk)


@login_required
@require_http_methods(["GET", "POST"])
def comment_redact(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes out a comment that may name someone (flagged on the sharing page). GET goes to
    that page (after the access check, so someone else's round answers 404)."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    if request.method == "GET":
        return redirect("evaluation:comments_share", pk=round_.pk)
    form = RedactCommentForm(request.POST)
    if form.is_valid():
        for flag in flagged_comments(round_):
            if (
                flag.condition_id == form.cleaned_data["condition"]
                and flag.text_hash == form.cleaned_data["text_hash"]
            ):
                services.comments_redact(
                    round_=round_, condition_id=flag.condition_id, text=flag.text, by=request.user
                )
                messages.success(request, _("De opmerking is weggehaald."))
                break
        else:
            messages.error(request, _("Deze opmerking staat er niet (meer)."))
    else:
        messages.error(request, _("Deze opmerking staat er niet (meer)."))
    return redirect("evaluation:comments_share", pk=round_.pk)


def _link_to_invite_with(request: HttpRequest, round_: Round) -> Invitation | HttpResponse:
    """The round's working link, or back to the round with the reason there is none to invite
    with: a round that has ended takes no responses, and a revoked link needs a new one."""
    if round_.is_finished():
        messages.error(
            request,
            _(
                "Deze ronde is afgelopen: er kan niet meer worden ingevuld, dus ook niet "
                "uitgenodigd."
            ),
        )
        return redirect(round_)
    invitation = round_.invitations.active().first()
    if invitation is None:
        messages.error(request, _("Deze ronde heeft geen actieve link. Maak eerst een nieuwe."))
        return redirect(round_)
    return invitation


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_coordinator(request.user, pk)
    if isinstance(invitation := _link_to_invite_with(request, round_), HttpResponse):
        return invitation
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        waiting, already_sent = invitations.invitations_send(
            round_=round_,
            addresses=form.cleaned_data["addresses"],
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            ngettext(
                "De uitnodiging wordt verstuurd naar %(count)d adres. Het adres wordt gewist "
                "zodra de uitnodiging is verstuurd.",
                "De uitnodigingen worden verstuurd naar %(count)d adressen. De adressen worden "
                "gewist zodra de uitnodiging is verstuurd.",
                waiting,
            )
            % {"count": waiting},
        )
        if already_sent:
            messages.info(
                request,
                ngettext(
                    "%(count)d adres had de uitnodiging voor deze ronde al gekregen.",
                    "%(count)d adressen hadden de uitnodiging voor deze ronde al gekregen.",
                    already_sent,
                )
                % {"count": already_sent},
            )
        return redirect(round_)
    return render(request, "evaluation/invite.html", {"form": form, "round": round_})


@login_required
@require_safe
def invitation_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 invitation with the QR code, for the team room (print CSS)."""
    round_ = selectors.round_for_coordinator(request.user, pk)
    if isinstance(invitation := _link_to_invite_with(request, round_), HttpResponse):
        return invitation
    url = request.build_absolute_uri(invitation.get_absolute_url())
    return render(
        request,
        "evaluation/invitation_print.html",
        {
            "round": round_,
            "invitation_url": url,
            "qr": qr_svg(url, label=_("QR-code met de uitnodigingslink"), scale=8),
        },
    )
