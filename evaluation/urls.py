from django.urls import path

from . import landing
from .gemeente import views as gemeente
from .meeting import views as meeting
from .reports import views as reports
from .results import views as results
from .rounds import views as rounds
from .scan import views as scan

app_name = "evaluation"

urlpatterns = [
    # After logging in: each role to its own start page
    path("start/", landing.landing, name="landing"),
    # Coordinators
    path("rondes/", rounds.dashboard, name="dashboard"),
    path("teams/<int:team_id>/rondes/nieuw/", rounds.round_create, name="round_create"),
    path("rondes/<int:pk>/", rounds.round_detail, name="round"),
    path("rondes/<int:pk>/telling/", rounds.round_counts, name="round_counts"),
    path("rondes/<int:pk>/feiten/", rounds.round_facts, name="round_facts"),
    path("rondes/<int:pk>/sluiten/", rounds.round_close, name="round_close"),
    path("rondes/<int:pk>/heropenen/", rounds.round_reopen, name="round_reopen"),
    path("rondes/<int:pk>/opmerkingen-delen/", rounds.comments_share, name="comments_share"),
    path("rondes/<int:pk>/opmerking-weghalen/", rounds.comment_redact, name="comment_redact"),
    path("rondes/<int:pk>/link/vervangen/", rounds.invitation_replace, name="invitation_replace"),
    path("rondes/<int:pk>/link/intrekken/", rounds.invitation_revoke, name="invitation_revoke"),
    path("rondes/<int:pk>/importeren/", rounds.responses_import, name="import"),
    path("rondes/<int:pk>/uitnodigen/", rounds.invite, name="invite"),
    path("rondes/<int:pk>/uitnodiging/", rounds.invitation_print, name="invitation_print"),
    path("rondes/<int:pk>/uitkomsten/", results.results, name="results"),
    path("rondes/<int:pk>/rapport.pdf", reports.report, name="report"),
    path("rondes/<int:pk>/hand-out.pdf", reports.handout, name="handout"),
    path("rondes/<int:pk>/teamgesprek/", meeting.meeting_start, name="meeting"),
    path("rondes/<int:pk>/teamgesprek/<int:number>/", meeting.meeting_step, name="meeting_step"),
    path("rondes/<int:pk>/teamgesprek/afronden/", meeting.meeting_end, name="meeting_end"),
    path("acties/", meeting.actions_overview, name="actions"),
    path("rondes/<int:pk>/acties/nieuw/", results.action_create, name="action_create"),
    path("rondes/<int:pk>/acties/<int:action_id>/", results.action_edit, name="action_edit"),
    path(
        "rondes/<int:pk>/acties/<int:action_id>/verwijderen/",
        results.action_delete,
        name="action_delete",
    ),
    # Gemeente analysts
    path("gemeenten/", gemeente.gemeente_list, name="gemeenten"),
    path("gemeenten/<slug:slug>/", gemeente.gemeente_overview, name="gemeente"),
    path(
        "gemeenten/<slug:slug>/export.<str:fmt>",
        gemeente.gemeente_export,
        name="gemeente_export",
    ),
    path(
        "gemeenten/<slug:slug>/voorwaarden/<slug:condition>/",
        gemeente.gemeente_drilldown,
        name="gemeente_drilldown",
    ),
    path(
        "gemeenten/<slug:slug>/acties/<int:action_id>/",
        gemeente.action_answer,
        name="gemeente_action",
    ),
    path("gemeenten/<slug:slug>/rapporten/", gemeente.bulk_reports, name="bulk_reports"),
    path(
        "gemeenten/<slug:slug>/rapporten/<int:job_id>/status/",
        gemeente.bulk_status,
        name="bulk_status",
    ),
    path(
        "gemeenten/<slug:slug>/rapporten/<int:job_id>/zip/",
        gemeente.bulk_download,
        name="bulk_download",
    ),
    # Respondents (anonymous, through the invitation link)
    path("scan/<str:token>/", scan.landing, name="scan_landing"),
    path("scan/<str:token>/start/", scan.start, name="scan_start"),
    path("scan/<str:token>/stap/<int:number>/", scan.step, name="scan_step"),
    path("scan/<str:token>/controle/", scan.review, name="scan_review"),
    path("scan/<str:token>/indienen/", scan.submit, name="scan_submit"),
    path("scan/<str:token>/bedankt/", scan.thanks, name="scan_thanks"),
    path("scan/<str:token>/link-mailen/", scan.mail_link, name="scan_mail_link"),
    path("hervat/<str:token>/", scan.resume, name="scan_resume"),
]
