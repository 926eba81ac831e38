"""Password reset that answers alike for every address and cannot be used to flood a mailbox."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .ratelimit import WINDOW_SECONDS, count, keyed
from .tasks import send_password_reset


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


def over_limit(request: HttpRequest, email: str) -> bool:
    """Counts this request per client, per client and e-mail address, and per e-mail address
    from all clients; True beyond a limit. The limit per address is kept per client, so one
    client cannot use up another address's allowance; the (much higher) limit over all clients
    only stops a flood of one mailbox from many machines."""
    client = keyed(_client_address(request))
    per_client = count(f"password-reset:client:{client}")
    address = keyed(email.strip().lower()) if email else ""
    per_address = count(f"password-reset:email:{client}:{address}") if email else 0
    everywhere = count(f"password-reset:email:{address}") if email else 0
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
