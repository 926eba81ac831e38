from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("voorwaarden/<slug:slug>/", views.condition_detail, name="condition"),
    path("themas/<slug:slug>/", views.theme_detail, name="theme"),
    path("projecten/", views.project_list, name="projects"),
    path("projecten/<slug:slug>/", views.project_detail, name="project"),
    path("lessen/", views.lesson_list, name="lessons"),
    path("lessen/<slug:slug>/", views.lesson_detail, name="lesson"),
    path("bronnen/", views.source_list, name="sources"),
]
