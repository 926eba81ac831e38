"""Content kept in two languages: the Dutch field and an English one beside it (``text`` and
``text_en``). The one rule for what a reader gets (docs/development.md):

- in Dutch, the Dutch field;
- in another language, the English field when it is filled in;
- otherwise the Dutch field, as ``Dutch`` text, which renders itself marked ``lang="nl"`` so a
  screen reader reads it with a Dutch voice (WCAG 3.1.2).

The Dutch field stays the one the product is defined by (scoring, codes, the reports); the
English one is a translation of it.
"""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Dutch(str):
    """Dutch text shown in a page in another language."""

    __slots__ = ()

    def __html__(self) -> str:
        return format_html('<span lang="nl">{}</span>', str.__str__(self))


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def translated(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in the reader's language (see the module's rule)."""
    language = language or current_language()
    dutch = getattr(obj, field)
    if language == "nl" or not dutch:
        return dutch
    return getattr(obj, f"{field}_en", "") or Dutch(dutch)


class EnglishFieldsMarked:
    """For a ModelAdmin or inline: the English fields (``*_en``) say lang="en", since the admin
    itself is Dutch (iww.middleware.ChosenLanguageMiddleware). An input gets the attribute; a
    read-only page (a questionnaire version in use) shows the text through ``<name>_shown``."""

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.name.endswith("_en"):
            formfield.widget.attrs["lang"] = "en"
        return formfield

    def _shown(self, name: str) -> str:
        return f"{name}_shown" if hasattr(self, f"{name}_shown") else name

    def _read_only(self, request: Any, obj: Any) -> bool:
        return not self.has_change_permission(request, obj)  # type: ignore[attr-defined]

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        if not self._read_only(request, obj):
            return fields
        return [self._shown(name) for name in fields]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        readonly = super().get_readonly_fields(request, obj)  # type: ignore[misc]
        if not self._read_only(request, obj):
            return readonly
        english = [field.name for field in self.model._meta.fields if field.name.endswith("_en")]  # type: ignore[attr-defined]
        return [*readonly, *(self._shown(name) for name in english if self._shown(name) != name)]

    @admin.display(description=_("in het Engels"))
    def text_en_shown(self, obj: Any) -> str:
        return _english(obj.text_en)

    @admin.display(description=_("uitleg in het Engels"))
    def explanation_en_shown(self, obj: Any) -> str:
        return _english(obj.explanation_en)


def _english(text: str) -> str:
    return format_html('<span lang="en">{}</span>', text) if text else "–"
