"""Discussion questions for the teamgesprek, two or three per condition.

Written by us, in our own words, from what the knowledge synthesis says each condition is about
(Krachten bundelen 2023, §3.1, pp. 14–22) and, for the caseload, the two-step caseload denkkader
of the IWW annual report 2020. The template cites the condition's own source next to them.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

QUESTIONS: dict[str, list[Promise]] = {
    "een-vaste-professional": [
        _("Weet elk gezin dat wij begeleiden wie hun vaste contactpersoon is? Hoe merken we dat?"),
        _("Wanneer moet een gezin zijn verhaal toch opnieuw vertellen, en wat zou dat voorkomen?"),
        _("Wie bewaakt de samenhang als er meer hulpverleners bij een gezin komen?"),
    ],
    "mandaat": [
        _(
            "Noem een recent gezin waarbij een partner ons advies niet volgde. Wat had er "
            "anders moeten zijn?"
        ),
        _(
            "Welke besluiten mogen we zelf nemen, en voor welke moeten we nu nog toestemming "
            "vragen?"
        ),
        _("Bij wie kunnen we terecht als een samenwerking vastloopt, en weet iedereen dat?"),
    ],
    "caseload": [
        _(
            "Past het aantal huishoudens per fte binnen wat we zelf verantwoord vinden? Waar "
            "knelt het in de praktijk?"
        ),
        _("Wat schiet er als eerste bij in als het druk is: reflectie, intervisie, leren?"),
        _("Welke afspraak met de organisatie of de gemeente zou de meeste ruimte geven?"),
    ],
    "teambudget": [
        _(
            "Denk aan een gezin waar snel geld nodig was. Hoe lang duurde het, en wat kostte "
            "het wachten?"
        ),
        _("Weet iedereen in het team of er een budget is en hoe je het inzet?"),
        _("Wat zouden we met de gemeente willen afspreken over een vrij besteedbaar budget?"),
    ],
    "gedeelde-visie": [
        _("Kunnen we in twee zinnen zeggen waar we met gemeente en partners samen naartoe werken?"),
        _("Waar merken we dat gemeente, organisaties en inwoners langs elkaar heen praten?"),
        _("Welk kort actiedoel past bij die visie en is binnen een half jaar haalbaar?"),
    ],
}

# Where the questions come from, next to the condition's own citation.
EXTRA_SOURCES: dict[str, Promise] = {
    "caseload": _("IWW (2020), Jaarverslag, het caseload-denkkader"),
}


def questions_for(slug: str) -> list[Promise]:
    return QUESTIONS.get(slug, [])
