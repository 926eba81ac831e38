from django.apps import AppConfig


class IwwConfig(AppConfig):
    """The project itself, as an app only for its system checks (no models)."""

    name = "iww"
    verbose_name = "IWW Zelfscan"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
