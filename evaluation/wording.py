"""How a statement's problem is worded: the one place that turns a statement on which a team
scores low into a sentence. Pure; no ORM.

A low score means something else for a reverse-keyed statement: "Gezinnen moeten hun verhaal
vaak opnieuw vertellen" scores low when the team *agrees*. Citing it as "laag op ‘Gezinnen moeten
…’" reads as if all is well, so a reverse-keyed statement is stated the way the team answered it:
"Jullie herkennen: gezinnen moeten hun verhaal vaak opnieuw vertellen". Every page, the report,
the hand-out and the exports use ``statement_problem`` (docs/scoring.md, "Omgekeerde stellingen").
"""

from enum import Enum

from django.utils.translation import gettext as _


class Subject(Enum):
    """Who the sentence is about: the team reading its own results, the teams of a gemeente,
    or one team named elsewhere (a table row, an export)."""

    JULLIE = "jullie"
    TEAMS = "teams"
    TEAM = "team"


def _plain(text: str) -> str:
    return text.strip().rstrip(".").strip()


def _lower_first(text: str) -> str:
    # Keep abbreviations and names ("POH", "Wmo") as they are.
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def statement_problem(
    text: str, *, reverse_keyed: bool, subject: Subject = Subject.JULLIE, partly: bool = False
) -> str:
    """The problem a low score on this statement points to, without a final full stop.

    ``partly``: the score is low only compared with the condition's other statements (below
    the condition mean, not below the middle of the scale); only for the team itself.
    """
    plain = _plain(text)
    if reverse_keyed:
        recognised = _lower_first(plain)
        if subject is Subject.TEAMS:
            return _("Teams herkennen: %(problem)s") % {"problem": recognised}
        if subject is Subject.TEAM:
            return _("Het team herkent: %(problem)s") % {"problem": recognised}
        if partly:
            return _("Jullie herkennen deels: %(problem)s") % {"problem": recognised}
        return _("Jullie herkennen: %(problem)s") % {"problem": recognised}
    if subject is Subject.TEAMS:
        return _("Teams scoren laag op ‘%(statement)s’") % {"statement": plain}
    if subject is Subject.TEAM:
        return _("Het team scoort laag op ‘%(statement)s’") % {"statement": plain}
    if partly:
        return _(
            "Jullie scoren op ‘%(statement)s’ lager dan op de andere stellingen van deze voorwaarde"
        ) % {"statement": plain}
    return _("Jullie scoren laag op ‘%(statement)s’") % {"statement": plain}


def statement_topic(text: str, *, reverse_keyed: bool) -> str:
    """A statement named as a topic, whichever way it is keyed (for lines that do not say the
    team scores low on it): its text in quotes; a reverse-keyed one marked as a problem."""
    plain = _plain(text)
    if reverse_keyed:
        return _("het probleem ‘%(statement)s’") % {"statement": plain}
    return _("‘%(statement)s’") % {"statement": plain}
