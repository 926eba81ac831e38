from django.urls import path

from . import analyst_views, result_views, scan_views, views

app_name = "evaluation"

urlpatterns = [
    # Coordinators
    path("rondes/", views.dashboard, name="dashboard"),
    path("teams/<int:team_id>/rondes/nieuw/", views.round_create, name="round_create"),
    path("rondes/<int:pk>/", views.round_detail, name="round"),
    path("rondes/<int:pk>/telling/", views.round_counts, name="round_counts"),
    path("rondes/<int:pk>/feiten/", views.round_facts, name="round_facts"),
    path("rondes/<int:pk>/sluiten/", views.round_close, name="round_close"),
    path("rondes/<int:pk>/link/vervangen/", views.invitation_replace, name="invitation_replace"),
    path("rondes/<int:pk>/link/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("rondes/<int:pk>/importeren/", views.responses_import, name="import"),
    path("rondes/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("rondes/<int:pk>/uitkomsten/", result_views.results, name="results"),
    path("rondes/<int:pk>/rapport.pdf", result_views.report, name="report"),
    path("rondes/<int:pk>/acties/nieuw/", result_views.action_create, name="action_create"),
    path("rondes/<int:pk>/acties/<int:action_id>/", result_views.action_edit, name="action_edit"),
    path(
        "rondes/<int:pk>/acties/<int:action_id>/verwijderen/",
        result_views.action_delete,
        name="action_delete",
    ),
    # Gemeente analysts
    path("gemeenten/", analyst_views.gemeente_list, name="gemeenten"),
    path("gemeenten/<slug:slug>/", analyst_views.gemeente_overview, name="gemeente"),
    path(
        "gemeenten/<slug:slug>/export.<str:fmt>",
        analyst_views.gemeente_export,
        name="gemeente_export",
    ),
    path("gemeenten/<slug:slug>/rapporten/", analyst_views.bulk_reports, name="bulk_reports"),
    path(
        "gemeenten/<slug:slug>/rapporten/<int:job_id>/status/",
        analyst_views.bulk_status,
        name="bulk_status",
    ),
    path(
        "gemeenten/<slug:slug>/rapporten/<int:job_id>/zip/",
        analyst_views.bulk_download,
        name="bulk_download",
    ),
    # Respondents (anonymous, through the invitation link)
    path("scan/<str:token>/", scan_views.landing, name="scan_landing"),
    path("scan/<str:token>/start/", scan_views.start, name="scan_start"),
    path("scan/<str:token>/stap/<int:number>/", scan_views.step, name="scan_step"),
    path("scan/<str:token>/controle/", scan_views.review, name="scan_review"),
    path("scan/<str:token>/indienen/", scan_views.submit, name="scan_submit"),
    path("scan/<str:token>/bedankt/", scan_views.thanks, name="scan_thanks"),
    path("hervat/<str:token>/", scan_views.resume, name="scan_resume"),
]
