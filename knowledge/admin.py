from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from iww.translated import EnglishFieldsMarked

from .forms import LessonAdminForm
from .models import Condition, Lesson, Project, Source, Theme


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ("title", "kind", "evidence", "section", "page")
    show_change_link = True
    extra = 0


class LessonCountMixin(admin.ModelAdmin):
    @admin.display(description=_("lessen"), ordering="lesson_count")
    def lesson_count(self, obj) -> int:
        return obj.lesson_count

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(lesson_count=Count("lessons"))


@admin.register(Source)
class SourceAdmin(LessonCountMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "year", "lesson_count")
    list_filter = ("kind",)
    search_fields = ("key", "authors", "title", "details")


@admin.register(Condition)
class ConditionAdmin(EnglishFieldsMarked, LessonCountMixin, admin.ModelAdmin):
    list_display = ("name", "code", "order", "lesson_count")
    search_fields = ("name", "summary", "meaning")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(LessonCountMixin, admin.ModelAdmin):
    list_display = ("name", "order", "lesson_count")
    search_fields = ("name", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Project)
class ProjectAdmin(LessonCountMixin, admin.ModelAdmin):
    list_display = ("city", "title", "status", "lesson_count")
    list_filter = ("status", "city")
    search_fields = ("city", "title", "summary", "organisations")
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    form = LessonAdminForm
    list_display = ("title", "kind", "evidence", "project", "section", "page")
    list_filter = ("kind", "evidence", "conditions", "themes", "project")
    search_fields = ("title", "text", "try_this", "project__city", "project__title")
    filter_horizontal = ("conditions", "themes", "literature")
    list_select_related = ("project",)
    autocomplete_fields = ("project",)
    fieldsets = (
        (None, {"fields": ("slug", "title", "text", "try_this", "kind", "evidence")}),
        (
            _("Koppelingen"),
            {
                "fields": (
                    "project",
                    "conditions",
                    "themes",
                    "addresses_statements",
                    "addresses_facts",
                )
            },
        ),
        (_("Bronvermelding"), {"fields": ("source", "section", "page", "literature")}),
    )
