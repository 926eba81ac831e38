"""The page a locked-out login gets (django-axes calls this instead of its own response)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "registration/locked.html",
        {"cooloff_minutes": minutes},
        status=429,  # Too Many Requests
    )
