"""Counting requests in a fixed window, in the cache every worker and app server shares
(settings.CACHES["ratelimit"]); used by the password reset and the respondent's link mail."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import caches

WINDOW_SECONDS = 60 * 60


def count(key: str) -> int:
    """Counts one request under ``key`` in the current window; returns how many there were in
    it so far."""
    cache = caches["ratelimit"]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def keyed(value: str) -> str:
    """A keyed hash of ``value``: the shared cache is a database table, so it holds no e-mail
    address, IP address or link, only this."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
