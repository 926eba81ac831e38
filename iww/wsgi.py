"""WSGI entry point (gunicorn iww.wsgi)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iww.settings")

application = get_wsgi_application()

# gunicorn runs no system checks; these would fail silently in production, so refuse to serve.
from iww.checks import proxy_address_lookup  # noqa: E402  (needs the app registry)

if errors := proxy_address_lookup():
    raise ImproperlyConfigured("; ".join(f"{error.id}: {error.msg}" for error in errors))
