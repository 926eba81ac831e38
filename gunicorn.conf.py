"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py iww.wsgi`.

Everything can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the app does its slow work (PDFs, ZIPs) in background tasks.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# A worker is replaced after this many requests, against slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = "-"  # stdout
# Address (the proxy's), time, request line, status, bytes, duration. No user agent and no
# Referer: with a time they help single out a respondent. Tokens in URLs (invitation, resume,
# password reset links) are replaced by [token] (iww/accesslog.py).
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
logger_class = "iww.accesslog.RedactingLogger"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
