"""System checks that stop the start when production would silently misbehave."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def proxy_address_lookup(app_configs=None, **kwargs) -> list[Error]:
    """Behind a proxy, the login lockout must see the client's address, not the proxy's.

    Without django-ipware, django-axes ignores every AXES_IPWARE_* setting and uses REMOTE_ADDR:
    the proxy's address for everybody, so five wrong passwords lock a user out for all clients.
    """
    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) is None:
        return []
    from axes import helpers

    errors = []
    if not helpers.IPWARE_INSTALLED:
        errors.append(
            Error(
                "AXES_IPWARE_PROXY_COUNT is set but django-ipware is not installed, so the "
                "login lockout would count every client as the proxy.",
                hint="pip install django-ipware (a dependency in pyproject.toml).",
                id="iww.E001",
            )
        )
    if "HTTP_X_FORWARDED_FOR" not in (settings.AXES_IPWARE_META_PRECEDENCE_ORDER or ()):
        errors.append(
            Error(
                "AXES_IPWARE_PROXY_COUNT is set but X-Forwarded-For is not read.",
                hint="Put HTTP_X_FORWARDED_FOR in AXES_IPWARE_META_PRECEDENCE_ORDER.",
                id="iww.E002",
            )
        )
    return errors
