"""``score``: a score as people read it, by the one rounding rule (scoring.shown_score)."""

from django import template

from ..scoring import shown_score

register = template.Library()


@register.filter
def score(value) -> str:
    """Whole points, a half rounded up; an empty string for no score (like ``floatformat``)."""
    if value is None or value == "":
        return ""
    try:
        return str(shown_score(value))
    except (ArithmeticError, ValueError, TypeError):
        return ""
