"""The page for a server error: Dutch, and for a database that is away, "try again" (503).

Django calls ``handler500`` inside the ``except`` block of whatever failed (a view or a
middleware), so the exception is at hand. When it is the database that cannot be reached (a
restart, a failover: ``OperationalError`` or ``InterfaceError``), the visitor gets 503 with a
Dutch page that says to try again in a moment. A respondent who was saving a scan step gets
what they posted back as hidden fields of a form with one button that sends it again to the same
address: nothing typed is lost, and no script is needed. The page itself touches no database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import Resolver404, resolve
from django.views import defaults

from .middleware import is_respondent_page

RETRY_AFTER_SECONDS = 5


def _resend_fields(request: HttpRequest) -> list[tuple[str, str]] | None:
    """What a respondent posted, to send again; None for anything else."""
    if request.method != "POST":
        return None
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    if not is_respondent_page(view):
        return None
    try:
        posted = request.POST
    except Exception:  # the body could not be read (again): nothing to offer
        return None
    return [(name, value) for name, values in posted.lists() for value in values]


def server_error(request: HttpRequest) -> HttpResponse:
    exception = sys.exception()
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    fields = _resend_fields(request)
    try:
        html = loader.get_template("503.html").render(
            {"resend_fields": fields, "action": request.get_full_path()}
        )
    except Exception:
        return HttpResponseServerError("<h1>Probeer het zo opnieuw</h1>", content_type="text/html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response
