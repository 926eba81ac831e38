"""Password reset that answers alike for every address and cannot be used to flood a mailbox."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
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
    """Counts one request in a fixed window; returns how many there were in it so far."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def over_limit(request: HttpRequest, email: str) -> bool:
    """Counts this request per client address and per e-mail address; True beyond a limit."""
    per_client = _count(f"password-reset:client:{_client_address(request)}")
    per_address = _count(f"password-reset:email:{email.strip().lower()}") if email else 0
    return (
        per_client > settings.PASSWORD_RESET_LIMIT_PER_CLIENT
        or per_address > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
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
