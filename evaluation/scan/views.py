"""The respondent's pages: anonymous, reached through the round's invitation link.

Which response belongs to this browser is kept in the session (round id -> response id); the
personal resume link restores that on another day or device. Nothing identifying is stored.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from iww.middleware import respondent_page

from .. import selectors, services
from ..constants import Role
from ..models import Response, Round
from . import mail
from .forms import MailLinkForm, RoleForm, StepForm

SESSION_KEY = "scan_drafts"  # round id -> the key of this browser's draft (never a response id)
THANKS_KEY = "scan_thanks"  # the round whose thanks page may be shown once, no response id
# Rounds answered in this browser (round ids only, no response): Back after submitting says the
# answers are in instead of offering a fresh start.
SUBMITTED_KEY = "scan_submitted"
# round id -> the personal resume link's token of this browser's draft, shown on every step;
# dropped at submit. The session already leads to the draft, so it grants nothing more.
RESUME_KEY = "scan_resume"


def _unavailable(request: HttpRequest, message: str, status: int = 404) -> HttpResponse:
    return render(request, "scan/unavailable.html", {"message": message}, status=status)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    # Unknown, revoked and malformed links get the same answer: no way to probe for rounds.
    return _unavailable(
        request,
        _("Deze link werkt niet (meer). Vraag je teamcoördinator om de actuele link."),
    )


def _invalid_resume_link(request: HttpRequest) -> HttpResponse:
    # After a submit the resume link's hash is erased (nothing may tie a link or a session to a
    # submitted response), so a used link looks like an unknown one; say both.
    return _unavailable(
        request,
        _(
            "Deze persoonlijke link werkt niet (meer). Zijn je antwoorden al ingediend, dan is "
            "er niets meer te doen. Anders: vraag je teamcoördinator om de actuele link van de "
            "scan."
        ),
    )


def _closed(request: HttpRequest, round_: Round) -> HttpResponse:
    return _unavailable(
        request,
        _("De scan '%(title)s' is gesloten. Er kunnen geen antwoorden meer bij.")
        % {"title": round_.title},
        status=200,
    )


def _session_keys(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, {}).values())


def _remember(
    request: HttpRequest, response: Response, draft_key: str, resume_token: str | None = None
) -> None:
    """Ties the draft to this browser by a random key whose hash the draft holds until it is
    submitted: the session never holds a response id. ``resume_token``: the personal resume
    link, kept so every step can show it again; removed at submit, when its hash is erased too."""
    responses = request.session.get(SESSION_KEY, {})
    responses[str(response.round_id)] = draft_key
    request.session[SESSION_KEY] = responses
    if resume_token:
        links = request.session.get(RESUME_KEY, {})
        links[str(response.round_id)] = resume_token
        request.session[RESUME_KEY] = links
    # A new key when a response is tied to the session (no fixation); a session that has no
    # key yet gets a fresh one when it is first saved anyway.
    if request.session.session_key:
        request.session.cycle_key()


def _submitted(request: HttpRequest, round_: Round, token: str) -> HttpResponse:
    """After a submit the session keeps no trace of the response (nothing ties it to this
    browser or to a time), only that this round may show its thanks page once.

    The session row is overwritten without the response id; the database keeps no earlier
    version of it, so a new session key would add nothing but four queries to every submit.
    """
    responses = request.session.get(SESSION_KEY, {})
    responses.pop(str(round_.pk), None)
    request.session[SESSION_KEY] = responses
    links = request.session.get(RESUME_KEY, {})
    links.pop(str(round_.pk), None)
    request.session[RESUME_KEY] = links
    request.session[SUBMITTED_KEY] = sorted({*request.session.get(SUBMITTED_KEY, []), round_.pk})
    request.session[THANKS_KEY] = str(round_.pk)
    return redirect("evaluation:scan_thanks", token=token)


def _resume_token(request: HttpRequest, round_: Round) -> str | None:
    """The token of this browser's personal resume link for the round's draft, if it knows it."""
    return request.session.get(RESUME_KEY, {}).get(str(round_.pk)) or None


def _resume_link(request: HttpRequest, resume_token: str) -> str:
    return request.build_absolute_uri(
        reverse("evaluation:scan_resume", kwargs={"token": resume_token})
    )


def _resume_url(request: HttpRequest, round_: Round) -> str | None:
    """This browser's personal resume link for the round's draft, if it knows it."""
    resume_token = _resume_token(request, round_)
    return _resume_link(request, resume_token) if resume_token else None


def _already_submitted(request: HttpRequest, round_: Round, token: str) -> HttpResponse:
    """A page of a finished scan reached again (Back after submitting): the answers are in."""
    return render(request, "scan/thanks.html", {"round": round_, "token": token, "again": True})


def _just_submitted(request: HttpRequest, round_: Round) -> bool:
    """Submitted here a moment ago and the thanks page not seen yet (a double click, a second
    tab): go to the thanks page rather than start anew."""
    return request.session.get(THANKS_KEY) == str(round_.pk)


def _step_titles(steps: list[tuple], plain: bool) -> list[str]:
    """The name of each step: the condition's name, or its plain name for families."""
    return [condition.plain_label if plain else condition.label for condition, _s in steps]


def _statement_count(steps: list[tuple]) -> int:
    return sum(len(statements) for _condition, statements in steps)


def _step_url(token: str, number: int) -> str:
    return reverse("evaluation:scan_step", kwargs={"token": token, "number": number})


def _lookup(
    request: HttpRequest, token: str, *, for_page: bool = True
) -> tuple[Round | None, Response | None]:
    """The round behind an active link and this browser's response to it, if any.

    With a response in the session, one query checks the link and loads both; otherwise one
    query loads the round. ``for_page=False`` (a save that redirects) leaves out the team and
    gemeente, which only a rendered page names.
    """
    keys = _session_keys(request)
    if keys:
        response = selectors.scan_draft_for_token(token, keys, for_page=for_page)
        if response is not None:
            return response.round, response
    return selectors.scan_round_for_token(token), None


def _draft(
    request: HttpRequest, token: str, *, for_page: bool = True
) -> tuple[Round, Response] | HttpResponse:
    """The round and this browser's unsubmitted response, or the page to show instead.

    An unknown link gets the invalid-link page, no response yet goes to the start, a submitted
    one goes to the thanks page.
    """
    round_, response = _lookup(request, token, for_page=for_page)
    if round_ is None:
        return _invalid_link(request)
    if response is None:
        if round_.pk in request.session.get(SUBMITTED_KEY, []):
            return _already_submitted(request, round_, token)
        return redirect("evaluation:scan_start", token=token)
    if response.is_submitted:  # submitted in another browser through the resume link
        return _submitted(request, round_, token)
    return round_, response


def _not_open(request: HttpRequest, round_: Round) -> HttpResponse:
    """A closed or not yet opened round says so first, on one short page."""
    return render(
        request,
        "scan/not_open.html",
        {"round": round_, "finished": round_.is_finished()},
    )


@respondent_page
@require_safe
def landing(request: HttpRequest, token: str) -> HttpResponse:
    round_, response = _lookup(request, token)
    if round_ is None:
        return _invalid_link(request)
    if response and response.is_submitted:
        return _submitted(request, round_, token)
    if not round_.is_open():
        return _not_open(request, round_)
    steps = selectors.scan_steps(round_, Role.PROFESSIONAL)
    outsiders = (Role.MUNICIPALITY, Role.PARTNER)
    return render(
        request,
        "scan/landing.html",
        {
            "round": round_,
            "token": token,
            "response": response,
            "steps": steps,
            "statement_count": _statement_count(steps),
            "plain_statement_count": _statement_count(selectors.scan_steps(round_, Role.RESIDENT))
            if selectors.is_plain_version(round_.questionnaire_id, Role.RESIDENT)
            else 0,
            "outsiders_fewer": any(
                _statement_count(selectors.scan_steps(round_, role)) < _statement_count(steps)
                for role in outsiders
            ),
        },
    )


@respondent_page
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    round_, existing = _lookup(request, token)
    if round_ is None:
        return _invalid_link(request)
    if not round_.is_open():
        return _not_open(request, round_)
    if existing is not None:
        return redirect(_step_url(token, 1))
    if _just_submitted(request, round_):
        return redirect("evaluation:scan_thanks", token=token)
    form = RoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            response, resume_token = services.response_start(
                round_=round_,
                role=form.cleaned_data["role"],
                invitation_id=getattr(round_, "link_id", None),
            )
        except services.RoundClosedError:
            return _closed(request, round_)
        _remember(request, response, response.draft_key, resume_token)
        # A new scan in this browser: its pages are no longer "already submitted".
        submitted = request.session.get(SUBMITTED_KEY, [])
        if round_.pk in submitted:
            request.session[SUBMITTED_KEY] = [pk for pk in submitted if pk != round_.pk]
        resume_url = _resume_link(request, resume_token)
        return render(
            request,
            "scan/resume_link.html",
            {"round": round_, "token": token, "resume_url": resume_url},
        )
    return render(request, "scan/start.html", {"round": round_, "token": token, "form": form})


@respondent_page
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    draft = _draft(request, token, for_page=request.method == "GET")
    if isinstance(draft, HttpResponse):
        return draft
    round_, response = draft
    if not round_.is_open():
        return _closed(request, round_)
    steps = selectors.scan_steps(round_, response.role)
    if not 1 <= number <= len(steps):
        raise Http404
    condition, statements = steps[number - 1]
    plain = selectors.is_plain_version(round_.questionnaire_id, response.role)
    # "Wijzig" on the review page: saving returns there (the form posts to this same URL).
    from_review = request.GET.get("terug") == "overzicht"
    if request.method == "POST":
        # A bound form shows what was sent: the stored answers are not needed to save or to
        # show the errors.
        form = StepForm(request.POST, statements=statements, plain=plain)
        going_back = request.POST.get("richting") == "vorige"
        complete = form.is_valid()
        # Going back never requires finishing this step, and keeps what was typed on it: the
        # answers given so far and the comment are saved as a draft. Only a comment that is too
        # long (it cannot be saved as it is) keeps the respondent here, with the error.
        as_draft = going_back and not complete and "comment" in form.cleaned_data
        if complete or as_draft:
            try:
                services.response_save_step(
                    response=response,
                    statements=statements,
                    values=form.values(partial=as_draft),
                    comment=form.cleaned_data["comment"],
                )
            except services.RoundClosedError:
                return _closed(request, round_)
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                if going_back:
                    return redirect(_step_url(token, max(number - 1, 1)))
                if number < len(steps) and not from_review:
                    return redirect(_step_url(token, number + 1))
                return redirect("evaluation:scan_review", token=token)
    else:
        # "Niet van toepassing" comes back as its own choice, not as "weet ik niet".
        answers = response.answers.filter(statement__in=statements).choices_by_statement()
        comment = next(
            iter(response.comments.filter(condition=condition).values_list("text", flat=True)[:1]),
            None,
        )
        form = StepForm(
            statements=statements,
            initial=StepForm.initial_for(statements, answers, comment or ""),
            plain=plain,
        )
    titles = _step_titles(steps, plain)
    return render(
        request,
        "scan/step.html",
        {
            "round": round_,
            "token": token,
            "form": form,
            "condition": condition,
            "title": titles[number - 1],
            "summary": condition.plain_summary_label if plain else condition.summary_label,
            "number": number,
            "titles": titles,
            "total": len(steps),
            "plain": plain,
            "from_review": from_review,
            "resume_url": _resume_url(request, round_),
        },
    )


@respondent_page
@require_safe
def review(request: HttpRequest, token: str) -> HttpResponse:
    draft = _draft(request, token)
    if isinstance(draft, HttpResponse):
        return draft
    round_, response = draft
    answers = response.answers.choices_by_statement()
    comments = dict(response.comments.values_list("condition_id", "text"))
    sections = []
    steps = selectors.scan_steps(round_, response.role)
    plain = selectors.is_plain_version(round_.questionnaire_id, response.role)
    titles = _step_titles(steps, plain)
    for number, (condition, statements) in enumerate(steps, start=1):
        items = [
            {"statement": s, "answered": s.pk in answers, "value": answers.get(s.pk)}
            for s in statements
        ]
        sections.append(
            {
                "number": number,
                "condition": condition,
                "title": titles[number - 1],
                "items": items,
                "comment": comments.get(condition.pk, ""),
                "complete": all(item["answered"] for item in items),
            }
        )
    return render(
        request,
        "scan/review.html",
        {
            "round": round_,
            "token": token,
            "sections": sections,
            "complete": all(section["complete"] for section in sections),
            "is_open": round_.is_open(),
            "plain": plain,
            "resume_url": _resume_url(request, round_),
        },
    )


@respondent_page
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    round_, response = _lookup(request, token, for_page=False)
    if round_ is None:
        return _invalid_link(request)
    if response is None:
        if _just_submitted(request, round_):
            return redirect("evaluation:scan_thanks", token=token)
        return redirect("evaluation:scan_start", token=token)
    try:
        services.response_submit(response=response)
    except services.RoundClosedError:
        return _closed(request, round_)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:scan_review", token=token)
    return _submitted(request, round_, token)


@respondent_page
@require_safe
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    round_ = selectors.scan_round_for_token(token)
    if round_ is None:
        return _invalid_link(request)
    if request.session.pop(THANKS_KEY, None) != str(round_.pk):
        return redirect("evaluation:scan_landing", token=token)
    return render(request, "scan/thanks.html", {"round": round_, "token": token})


@respondent_page
@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    response = selectors.response_for_resume_token(token)
    if response is None:
        return _invalid_resume_link(request)
    invitation = response.round.invitations.active().first()
    if invitation is None:
        return _invalid_link(request)
    if response.is_submitted:
        return _submitted(request, response.round, invitation.token)
    if response.invitation_id is not None and response.invitation_id != invitation.pk:
        # Started on a link that was replaced (perhaps because it leaked): the draft is cut off
        # and its resume link does not hand out the new one.
        return _unavailable(
            request,
            _(
                "Deze scan is begonnen via een link die de teamcoördinator inmiddels heeft "
                "vervangen. Je antwoorden zijn daarom niet meer te openen. Vraag je "
                "teamcoördinator om de nieuwe link en vul de scan daar opnieuw in."
            ),
            status=200,
        )
    _remember(request, response, services.response_draft_key(response=response), token)
    answered = set(response.answers.values_list("statement_id", flat=True))
    for number, (_condition, statements) in enumerate(
        selectors.scan_steps(response.round, response.role), start=1
    ):
        if any(statement.pk not in answered for statement in statements):
            return redirect(_step_url(invitation.token, number))
    return redirect("evaluation:scan_review", token=invitation.token)


@respondent_page
@require_http_methods(["GET", "POST"])
def mail_link(request: HttpRequest, token: str) -> HttpResponse:
    """The personal resume link mailed to the respondent, at an address that is not stored.

    Opened in a tab of its own from every step, so whatever was typed on the step stays."""
    draft = _draft(request, token, for_page=request.method == "GET")
    if isinstance(draft, HttpResponse):
        return draft
    round_, _response = draft
    if not round_.is_open():
        return _closed(request, round_)
    resume_token = _resume_token(request, round_)
    if resume_token is None:  # this browser does not know the link
        return redirect(_step_url(token, 1))
    resume_url = _resume_link(request, resume_token)
    form = MailLinkForm(request.POST if request.method == "POST" else None)
    sent_to = None
    if request.method == "POST" and form.is_valid():
        if mail.over_limit(resume_token):
            form.add_error(
                None,
                _(
                    "Deze link is het afgelopen uur al een paar keer gemaild. Probeer het later "
                    "opnieuw, of kopieer de link."
                ),
            )
        elif mail.send_resume_link(
            round_=round_, resume_url=resume_url, address=form.cleaned_data["address"]
        ):
            sent_to = form.cleaned_data["address"]
            form = MailLinkForm()
        else:
            form.add_error(
                None,
                _(
                    "Het mailen is niet gelukt. Probeer het later opnieuw, of kopieer de link "
                    "en bewaar hem zelf."
                ),
            )
    return render(
        request,
        "scan/mail_link.html",
        {
            "round": round_,
            "token": token,
            "form": form,
            "sent_to": sent_to,
            "resume_url": resume_url,
        },
    )
