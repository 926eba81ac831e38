"""Password reset that answers alike for every address and cannot be used to flood a mailbox."""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .tasks import send_password_reset

WINDOW_SECONDS = 60 * 60


class QueuedPasswordResetForm(PasswordResetForm):
    """Queues the mail instead of looking up users and sending it during the request."""

    def save(
        self,
        domain_override: str | None = None,
        *args: Any,
        use_https: bool = False,
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        domain = domain_override or get_current_site(request).domain
        send_password_reset.enqueue(
            email=self.cleaned_data["email"], domain=domain, use_https=use_https
        )


def _client_address(request: HttpRequest) -> str:
    # The same lookup as the login lockout, so it sees the client behind the proxy.
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def _count(key: str) -> int:
    """Counts one request in a fixed window, in the cache all workers and servers share;
    returns how many there were in it so far."""
    cache = caches["ratelimit"]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def _keyed(value: str) -> str:
    # The shared cache is a database table: it holds no e-mail or IP address, only a keyed hash.
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def over_limit(request: HttpRequest, email: str) -> bool:
    """Counts this request per client, per client and e-mail address, and per e-mail address
    from all clients; True beyond a limit. The limit per address is kept per client, so one
    client cannot use up another address's allowance; the (much higher) limit over all clients
    only stops a flood of one mailbox from many machines."""
    client = _keyed(_client_address(request))
    per_client = _count(f"password-reset:client:{client}")
    address = _keyed(email.strip().lower()) if email else ""
    per_address = _count(f"password-reset:email:{client}:{address}") if email else 0
    everywhere = _count(f"password-reset:email:{address}") if email else 0
    return (
        per_client > settings.PASSWORD_RESET_LIMIT_PER_CLIENT
        or per_address > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        or everywhere > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS_ALL_CLIENTS
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if over_limit(request, request.POST.get("email", "")[:254]):
            return render(
                request,
                "registration/password_reset_limited.html",
                {"minutes": WINDOW_SECONDS // 60},
                status=429,  # Too Many Requests
            )
        return super().post(request, *args, **kwargs)
