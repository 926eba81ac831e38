from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

admin.site.site_header = "IWW Zelfscan – beheer"
admin.site.site_title = "IWW Zelfscan"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("kennis/", include("knowledge.urls")),
    path("account/", include("django.contrib.auth.urls")),
    path("", include("evaluation.urls")),
    path("taal/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
