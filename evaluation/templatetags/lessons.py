"""What a page that shows lessons needs besides the lessons: the evidence legend."""

from django import template

from knowledge import services as knowledge

register = template.Library()


@register.inclusion_tag("includes/evidence_legend.html")
def evidence_legend(report: bool = False) -> dict:
    """A short legend of the evidence levels, strongest first, where lessons are shown (the
    knowledge pages explain them at length). ``report``: the PDF's plain markup."""
    return {"levels": knowledge.evidence_levels(), "report": report}
