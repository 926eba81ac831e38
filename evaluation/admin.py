from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from iww.translated import EnglishFieldsMarked

from . import services
from .constants import SYNTHETIC_PREFIX, ResponseStatus
from .gemeente import bulk
from .models import (
    BulkReportJob,
    Gemeente,
    Questionnaire,
    Round,
    Statement,
    StatementWording,
    Team,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations


class _TeamCount(TypedDict):
    team_count: int


class _RoundCount(TypedDict):
    round_count: int


class _Submitted(TypedDict):
    submitted: int


class SyntheticFilter(admin.SimpleListFilter):
    """Keeps the synthetic national data (gemeenten whose slug starts with the synthetic
    prefix) out of the everyday lists: by default only real gemeenten are listed."""

    title = _("gegevens")
    parameter_name = "gegevens"
    lookup = "slug"  # the path to the gemeente's slug from the listed model

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, StrOrPromise]]:
        return [("synthetisch", _("Synthetisch (landelijke vergelijking)")), ("alle", _("Alle"))]

    def choices(self, changelist):
        # "Echt" is the default, listed first, and selected when nothing is chosen.
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Echte gemeenten"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        synthetic = Q(**{f"{self.lookup}__startswith": SYNTHETIC_PREFIX})
        if self.value() == "alle":
            return queryset
        if self.value() == "synthetisch":
            return queryset.filter(synthetic)
        return queryset.exclude(synthetic)


class TeamSyntheticFilter(SyntheticFilter):
    lookup = "gemeente__slug"


class RoundSyntheticFilter(SyntheticFilter):
    lookup = "team__gemeente__slug"


class RealGemeenteFilter(admin.RelatedFieldListFilter):
    """The gemeente filter of a list, without the synthetic gemeenten."""

    def field_choices(self, field, request, model_admin):
        return field.get_choices(
            include_blank=False,
            limit_choices_to=~Q(slug__startswith=SYNTHETIC_PREFIX),
            ordering=("name",),
        )


class TeamInline(admin.TabularInline):
    model = Team
    fields = ("name", "slug", "kind", "size")
    prepopulated_fields = {"slug": ("name",)}
    show_change_link = True
    extra = 0


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ("name", "team_count")
    list_filter = (SyntheticFilter,)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("analysts",)
    inlines = [TeamInline]

    @admin.display(description=_("teams"), ordering="team_count")
    def team_count(self, obj: WithAnnotations[Gemeente, _TeamCount]) -> int:
        return obj.team_count

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(team_count=Count("teams"))


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "gemeente", "kind", "size")
    list_filter = (TeamSyntheticFilter, "kind", ("gemeente", RealGemeenteFilter))
    search_fields = ("name", "gemeente__name")
    list_select_related = ("gemeente",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        # A new or real team is never put in a synthetic gemeente by picking from 340 of them.
        if db_field.name == "gemeente":
            kwargs["queryset"] = Gemeente.objects.exclude(slug__startswith=SYNTHETIC_PREFIX)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class InUseReadOnlyInline(admin.TabularInline):
    """An inline of a questionnaire version's parts: read only once a round uses the version."""

    def questionnaire_of(self, obj) -> Questionnaire:
        raise NotImplementedError

    def _editable(self, obj) -> bool:
        return obj is None or not self.questionnaire_of(obj).is_in_use

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StatementInline(EnglishFieldsMarked, InUseReadOnlyInline):
    model = Statement
    fields = (
        "code",
        "condition",
        "order",
        "text",
        "explanation",
        "text_en",
        "explanation_en",
        "reverse_keyed",
        "may_not_apply",
        "lever",
        "source_section",
        "source_page",
    )
    extra = 0

    def questionnaire_of(self, obj: Questionnaire) -> Questionnaire:
        return obj


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "version", "is_published", "round_count")
    list_filter = ("is_published",)
    inlines = [StatementInline]
    actions = ["make_new_version"]

    @admin.display(description=_("rondes"), ordering="round_count")
    def round_count(self, obj: WithAnnotations[Questionnaire, _RoundCount]) -> int:
        return obj.round_count

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(round_count=Count("rounds"))

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and obj.is_in_use:
            return ("key", "version", "title", "description", "is_published")
        return ()

    @admin.action(description=_("Nieuwe versie maken (kopie om te bewerken)"))
    def make_new_version(self, request: HttpRequest, queryset: QuerySet) -> None:
        for questionnaire in queryset:
            copy = services.questionnaire_new_version(questionnaire=questionnaire)
            self.message_user(
                request,
                _("Versie %(version)d van '%(title)s' is aangemaakt (nog niet gepubliceerd).")
                % {"version": copy.version, "title": copy.title},
                messages.SUCCESS,
            )


class StatementWordingInline(EnglishFieldsMarked, InUseReadOnlyInline):
    """How the statement reads for each role that does not get the standard text."""

    model = StatementWording
    fields = ("role", "text", "explanation", "text_en", "explanation_en", "left_out")
    extra = 0

    def questionnaire_of(self, obj: Statement) -> Questionnaire:
        return obj.questionnaire


@admin.register(StatementWording)
class StatementWordingAdmin(admin.ModelAdmin):
    """Every wording per role across versions; edited on their statement's page."""

    list_display = ("statement_code", "role", "text", "left_out", "version")
    list_filter = ("statement__questionnaire", "role", "left_out")
    search_fields = ("statement__code", "text")
    list_select_related = ("statement__questionnaire",)
    ordering = ("-statement__questionnaire__version", "statement__code", "role")

    @admin.display(description=_("code"), ordering="statement__code")
    def statement_code(self, obj: StatementWording) -> str:
        return obj.statement.code

    @admin.display(description=_("versie"), ordering="statement__questionnaire__version")
    def version(self, obj: StatementWording) -> int:
        return obj.statement.questionnaire.version

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Statement)
class StatementAdmin(EnglishFieldsMarked, admin.ModelAdmin):
    """All statements across versions: who can change each and where the sources support it.

    Statements are added through their questionnaire; those of a version in use stay as the
    rounds saw them (read only here too)."""

    list_display = (
        "code",
        "text",
        "questionnaire",
        "condition",
        "lever",
        "source",
        "reverse_keyed",
        "may_not_apply",
    )
    list_filter = ("questionnaire", "condition", "lever", "may_not_apply", "reverse_keyed")
    search_fields = ("code", "text", "source_section")
    list_select_related = ("questionnaire", "condition")
    ordering = ("-questionnaire__version", "condition__order", "order")
    inlines = [StatementWordingInline]

    @admin.display(description=_("bron"), ordering="source_page")
    def source(self, obj: Statement) -> str:
        if not obj.source_section:
            return "–"
        if obj.source_page is None:
            return obj.source_section
        return _("%(section)s, p. %(page)d") % {
            "section": obj.source_section,
            "page": obj.source_page,
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.questionnaire.is_in_use:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.questionnaire.is_in_use:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "opens_on", "closes_on", "closed_at", "submitted")
    list_filter = (RoundSyntheticFilter, ("team__gemeente", RealGemeenteFilter), "closed_at")
    search_fields = ("title", "team__name", "team__gemeente__name")
    list_select_related = ("team__gemeente",)
    readonly_fields = ("questionnaire", "created_at")
    # Closing, reopening and sharing the comments go through the services (a disclosure
    # snapshot, an event, the coordinator's confirmation): here they are only shown.
    through_services = ("closes_on", "closed_at", "comments_shared")

    def get_readonly_fields(self, request: HttpRequest, obj: Round | None = None) -> tuple:
        if obj is None:
            return self.readonly_fields
        return self.readonly_fields + self.through_services

    @admin.display(description=_("ingediend"), ordering="submitted")
    def submitted(self, obj: WithAnnotations[Round, _Submitted]) -> int:
        return obj.submitted

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
            )
        )


@admin.register(BulkReportJob)
class BulkReportJobAdmin(admin.ModelAdmin):
    """The ZIP jobs, to see which are stuck and to retry or cancel them; no field is editable."""

    list_display = ("gemeente", "status", "progress", "abandoned", "created_at", "finished_at")
    list_filter = ("status", "gemeente")
    list_select_related = ("gemeente",)
    fields = (
        "gemeente",
        "requested_by",
        "status",
        "total",
        "done",
        "failures",
        "created_at",
        "finished_at",
        "lease_until",
        "attempt",
    )
    readonly_fields = fields
    actions = ["retry", "cancel"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("archive")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("voortgang"))
    def progress(self, obj: BulkReportJob) -> str:
        return f"{obj.done}/{obj.total}"

    @admin.display(description=_("onderbroken"), boolean=True)
    def abandoned(self, obj: BulkReportJob) -> bool:
        return obj.is_abandoned

    @admin.action(description=_("Opnieuw uitvoeren"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        for job in queryset:
            try:
                bulk.bulk_job_retry(job=job)
            except bulk.JobError as exc:
                self.message_user(request, f"{job}: {exc}", messages.WARNING)
            else:
                self.message_user(
                    request, _("%(job)s staat weer in de wachtrij.") % {"job": job.gemeente}
                )

    @admin.action(description=_("Annuleren"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        stopped = sum(bulk.bulk_job_cancel(job=job) for job in queryset)
        self.message_user(request, _("%(count)d opdracht(en) geannuleerd.") % {"count": stopped})
