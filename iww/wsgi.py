"""WSGI entry point (gunicorn iww.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iww.settings")

application = get_wsgi_application()
