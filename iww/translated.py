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
from django.utils.html import format_html
from django.utils.translation import get_language


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
    """For a ModelAdmin or inline: the inputs of the English fields (``*_en``) say lang="en",
    since the admin itself is Dutch (iww.middleware.ChosenLanguageMiddleware)."""

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.name.endswith("_en"):
            formfield.widget.attrs["lang"] = "en"
        return formfield
