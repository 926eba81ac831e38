"""The answer scale's options, rendered in one go: the step page is the hot path of the scan,
and a template loop over every option of every statement was most of its rendering time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# (language, option value) -> the escaped label: the labels are fixed translatable strings
# ("Helemaal oneens" … "Weet ik niet"), translated once per language and process.
_LABELS: dict[tuple[str, str], str] = {}


def _label(value: str, label) -> str:
    key = (get_language() or "", value)
    if key not in _LABELS:
        _LABELS[key] = escape(str(label))
    return _LABELS[key]


@register.simple_tag
def scale_options(row: dict) -> SafeString:
    """The radio options of one statement (a row of ``StepForm.statement_rows``), every value
    escaped. An option outside the scale ("weet ik niet") is set apart."""
    name = escape(row["field"].html_name)
    html = []
    for option in row["options"]:
        option_id = escape(option["id"])
        value = escape(option["value"])
        html.append(
            f'<div class="scale-option{" scale-option-aside" if option["aside"] else ""}">'
            f'<input type="radio" class="scale-input" name="{name}" id="{option_id}" '
            f'value="{value}"{" checked" if option["checked"] else ""}>'
            f'<label class="scale-label" for="{option_id}">{_label(value, option["label"])}</label>'
            "</div>"
        )
    return mark_safe("\n".join(html))
