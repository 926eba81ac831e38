from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import selectors
from .forms import LessonFilterForm
from .models import Condition, Lesson, Project, Theme


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/overview.html",
        {
            "conditions": selectors.conditions_with_counts(),
            "themes": selectors.themes_with_counts(),
            "projects": selectors.projects_with_counts(),
            "lesson_count": Lesson.objects.count(),
        },
    )


@require_safe
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = get_object_or_404(Condition.objects.select_related("source"), slug=slug)
    lessons = selectors.lessons_for(conditions=condition)
    return render(
        request,
        "knowledge/condition_detail.html",
        {"condition": condition, "groups": selectors.group_by_project(lessons)},
    )


@require_safe
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme.objects.select_related("source"), slug=slug)
    lessons = selectors.lessons_for(themes=theme)
    return render(
        request,
        "knowledge/theme_detail.html",
        {"theme": theme, "groups": selectors.group_by_project(lessons)},
    )


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "knowledge/project_list.html", {"projects": selectors.projects_with_counts()}
    )


@require_safe
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        project = selectors.project_with_lessons(slug)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "knowledge/project_detail.html", {"project": project})


@require_safe
def lesson_list(request: HttpRequest) -> HttpResponse:
    form = LessonFilterForm(request.GET)
    filters = form.filters()
    lessons = selectors.filtered_lessons(**filters)
    page = Paginator(lessons, settings.LESSONS_PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "knowledge/lesson_list.html",
        {
            "form": form,
            "page": page,
            "is_filtered": any(filters.values()),
            "query": query.urlencode(),
            "evidence_levels": selectors.evidence_levels(),
            "caveat": selectors.quality_caveat(),
        },
    )


@require_safe
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.with_relations(), slug=slug)
    return render(request, "knowledge/lesson_detail.html", {"lesson": lesson})


@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/source_list.html",
        {
            "sources": selectors.cited_sources(),
            "evidence_levels": selectors.evidence_levels(),
            "caveat": selectors.quality_caveat(),
        },
    )
