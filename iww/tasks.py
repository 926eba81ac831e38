"""Background tasks of the project itself (Django's Tasks API). They take plain values."""

from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task


@task
def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Mails a reset link to each active account with this address; nothing for an unknown one.

    Run by a worker, so the request that asked does the same (no) SMTP work for a known and an
    unknown address. The token is made here, so it is never stored with the queued task.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
