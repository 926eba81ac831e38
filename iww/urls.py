from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from iww.password_reset import PasswordResetView

# Dutch, and "try again" (503) when the database is away: iww/errors.py.
handler500 = "iww.errors.server_error"

admin.site.site_header = "IWW Zelfscan – beheer"
admin.site.site_title = "IWW Zelfscan"
admin.site.index_title = "Beheer"


@require_safe
def health(request):
    """For load balancers and as the load test's ceiling: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("gezond/", health, name="health"),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("kennis/", include("knowledge.urls")),
    # Before Django's own: queues the mail and limits requests (iww/password_reset.py).
    path("account/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("account/", include("django.contrib.auth.urls")),
    path("", include("evaluation.urls")),
    path("taal/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]
