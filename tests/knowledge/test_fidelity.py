"""Every lesson and condition text can be found where its citation says.

For each lesson and condition in fixtures/knowledge.json a short locator phrase (a few words of
the source, kept here and never in the product) must occur on the cited page of the synthesis
(or run over the break between the cited page and the next or previous one: a phrase wholly on
another page fails), and that page must lie within the cited section. Annual-report citations
have no page; the phrase must occur within the cited section. A citation that drifts to another
page or section makes these tests fail.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from knowledge.constants import QUALITY_CAVEAT

from . import source_text
from .source_text import (
    found,
    heading_page,
    pages,
    report_section,
    section_pages,
    toc_entry,
)

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "knowledge.json"

# slug -> a few words of the cited passage.
LESSON_LOCATORS: dict[str, str] = {
    "vaste-professional-voor-het-hele-huishouden": "vaste professional voor het hele huishouden",
    "regisseur-als-spin-in-het-web": "als een spin in het web",
    "een-plan-dat-het-gezin-kan-inzien": "eigenaarschap ervaren en deel kunnen nemen",
    "leiden-wisselingen-van-professionals-voorkomen": "voorkomen van wisselingen van professionals",
    "leiden-bereikbaar-voor-snel-sparren": "snel en laagdrempelig te sparren",
    "vig-snel-inzetbare-professional-met-tijd": "snel inzetbaar is en voldoende tijd heeft",
    "groningen-sportclub-vroeg-signaleren": "positieve effecten op het vroegtijdig signaleren",
    "amsterdam-specialist-erbij-halen": "locaties ver weg",
    "amsterdam-meedenken-vaak-genoeg": "meedenken en/of meegaan naar het gezin voldoende",
    "poh-warme-overdracht": "tijd kunnen nemen om het vertrouwen te winnen",
    "mandaat-voor-de-regisserende-professional": "mandaat voor de coördinerende of regisserende",
    "integraal-beleid-ontschotten": "ontschotting van systemen",
    "leiden-ruimte-om-te-doen-wat-nodig-is": "zelf kunnen indelen van tijd en ruimte",
    "leiden-flexibiliteit-en-maatwerk": "de flexibiliteit van de werkwijze",
    "groningen-autonomie-inleveren-voor-het-team": "bij teams met taakonzekerheid autonomie",
    "groningen-grenzen-belemmeren-en-helpen": "zowel belemmerend als ondersteunend",
    "cultuursensitieve-gidsen-crisis-verschuift-mandaat": "verschuift daardoor het mandaat",
    "vig-centraal-punt-bij-vastlopen": "centraal punt waar alle organisaties die vastlopen",
    "poh-sluitende-afspraken-met-wijkteam": "gezamenlijke en sluitende afspraken",
    "amsterdam-onduidelijke-positie-team": "welke organisatievorm en positie het team",
    "eenvoudig-maatwerk-doorbraken": "ruim 40 geanonimiseerde casusbeschrijvingen",
    "menskracht-tijd-en-verantwoorde-caseload": "menskracht, tijd en een verantwoorde caseload",
    "caseload-denkkader-bandbreedte": "bandbreedte voor de caseload bepaald",
    "caseload-gesprek-tussen-uitvoering-en-beleid": "in gesprek over een verantwoorde caseload",
    "samen-gezinnen-tijd-voor-leren": "weinig aandacht voor interprofessioneel leren",
    "samen-gezinnen-leernetwerk-vraagt-prioriteit": "leernetwerk tijd en prioriteit te geven",
    "groningen-vaste-tijdsblokken-bewaken": "vaste tijdsblokken in de agenda te bewaken",
    "groningen-generalisten-niet-de-zwaarste-casussen": "niet voor de zwaarste individuele",
    "groningen-teamcanvas": "teamcanvas",
    "groningen-tijd-om-rollen-over-te-nemen": "teams die elkaars rollen kunnen overnemen",
    "poh-tijd-voor-netwerk": "tijd is voor het opbouwen van het netwerk",
    "leiden-intensieve-hulp-korte-duur": "intensief zorgproduct",
    "cultuursensitieve-gidsen-begeleidingscapaciteit": "begeleidingscapaciteit kwam ter discussie",
    "vrij-inzetbaar-teambudget": "vrij inzetbaar teambudget of maatwerkbudget",
    "maatwerk-mogelijk-waar-nodig": "waar nodig is maatwerk mogelijk",
    "middelen-passend-bij-opdracht": "qua menskracht en middelen",
    "vig-praktische-hulp-motiveert": "niet om een stok achter de deur",
    "leiden-financiering-partners-botst": "conflicterende belangen",
    "leiden-openheid-over-belangen": "openheid over verschillende belangen",
    "vig-doelgroep-vooraf-definieren": "onduidelijkheid bij aanmelders",
    "gezamenlijke-visie-en-leidende-principes": "leidende principes benoemd",
    "heldere-opdrachten-met-draagvlak": "heldere opdrachten voor de sociaal teams",
    "patronen-terugleggen-bij-gemeente": "patronen of terugkerende thema's",
    "amsterdam-gedeelde-visie-en-stabiel-beleid": "een stabiele en heldere beleidscontext",
    "amsterdam-aandachtsfunctionarissen": "aandachtsfunctionaris",
    "samen-gezinnen-gedeelde-missie-en-korte-lijnen": "gedeelde missie en sterke, gedeelde",
    "samenwerken-voorwaarden-uit-de-literatuur": "elkaars taal spreken",
    "gemeente-zes-basisthemas": "zes basisthema's",
    "groningen-visie-en-actiedoelen": "onderscheid visie van actiedoelen",
    "zwolle-bottom-up-gedeelde-visie": "bottom-up opbouwen van activiteiten",
    "cultuursensitieve-gidsen-draagvlak-sleutelpersonen": "draagvlak bij alle sleutelpersonen",
    "kennisplein-leerprincipes-wijkgericht": "wijkgericht werken een doel op zich wordt",
    "outreachend-volhouden": "ook als ze de deur niet opendoen",
    "outreachend-continuiteit": "continuïteit en follow-up",
    "zaanstad-jongerenwerker-als-vertrouwenspersoon": "jongerenwerkers in staat waren om jongeren",
    "zaanstad-bekende-rolmodellen": "maar niet aan vertrouwen in vertegenwoordigers",
    "zaanstad-tussenpersonen": "rust en positiviteit uitstralen",
    "zwolle-ontmoetingsplek-ouders": "behoefte is aan een ontmoetingsplek",
    "signalen-delen-voor-collectieve-aanpak": "onderling signalen delen met collega's",
    "collectiveren-vraagt-tijd-en-energie": "tijdelijke extra capaciteit",
    "zwolle-ouders-vanaf-het-begin-gelijkwaardig": "in elke fase van het project",
    "samen-gezinnen-clienten-niet-bereikt": "niet bereid de onderzoekers in contact te brengen",
    "meedenken-in-plaats-van-meewerken": "niet voldoende onderdeel waren van de plannen",
    "ervaringsdeskundigen-erkennen-en-ondersteunen": "waardering en erkenning",
    "covid-projecten-liepen-vertraging-op": "van de ene op de andere dag andere prioriteiten",
    "werkzame-elementen-bevestigd": "uit de literatuur bekende werkzame elementen",
    "vig-brede-intake-alle-leefgebieden": "een brede intake waarbij meteen wordt gekeken",
    "vig-routes-voor-vrijwilligersorganisaties": "aandacht aan vrijwilligersorganisaties",
    "vig-informatie-tussen-organisaties": "informatievoorziening tussen organisaties",
    "leiden-stappen-in-het-zorgnetwerk": "intensieve aanmeldprocedure",
    "leiden-opdracht-voor-het-hele-zorgnetwerk": "opdracht voor het hele zorgnetwerk",
    "privacy-hoeft-integraal-werken-niet-te-blokkeren": "rekening houden met privacywetgeving",
    "poh-coordinator-of-wijkmanager": "wijkmanager, coördinator of soortgelijke functie",
    "richtlijnen-geven-houvast": "richtlijnen geven houvast",
    "cultuursensitieve-gidsen-kwetsbaren-eerst-in-het-gedrang": "kwetsbare groepen het eerst",
}

# condition slug -> a few words of the passage its own citation points to.
CONDITION_LOCATORS: dict[str, str] = {
    "een-vaste-professional": "vaste professional voor het hele huishouden",
    "mandaat": "vlotter meegaan in diens advies",
    "caseload": "verantwoorde caseload die passen bij de opdrachten",
    "teambudget": "direct hulp kunnen bieden als snelheid geboden is",
    "gedeelde-visie": "gezamenlijke visie op ondersteuning en zorg",
}

# Condition texts that draw on a second publication name it in the text itself; the passage
# must be where the text says: condition slug -> (source key, section, page, phrase).
CONDITION_IN_TEXT_CITATIONS: dict[str, tuple[str, str, int | None, str]] = {
    "caseload": (
        "jaarverslag-iww-2020",
        "Kennisproducten – Caseloadbepaling",
        None,
        "bovengrens en een ondergrens",
    ),
}


def fixture(model: str) -> dict[str, dict]:
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {item["fields"]["slug"]: item["fields"] for item in items if item["model"] == model}


def citation_problem(source: str, section: str, page: int | None, phrase: str) -> str | None:
    """Why the phrase is not where the citation says, or None when it is."""
    if source == "jaarverslag-iww-2020":
        if page is not None:
            return "the annual report has no page numbers"
        try:
            text = report_section(section)
        except LookupError as exc:
            return f"no such section: {exc}"
        return None if found(phrase, text) else f"not in section {section!r}"
    if source != "kennissynthese-2023":
        return f"unknown source {source}"
    if page is None:
        return "a synthesis citation needs a page"
    try:
        span = section_pages(section)
    except LookupError as exc:
        return f"no such section: {exc}"
    if page not in span:
        return f"p. {page} is outside {section!r} (pp. {span.start}–{span.stop - 1})"
    if found(phrase, pages()[page]):
        return None
    # A phrase that runs over a page break is on both pages together, and on neither alone.
    for before, after in ((page - 1, page), (page, page + 1)):
        if before in pages() and after in pages():
            joined = pages()[before] + "\n" + pages()[after]
            if found(phrase, joined) and not found(
                phrase, pages()[page - 1 if before < page else after]
            ):
                return None
    elsewhere = [p for p in (page - 1, page + 1) if p in pages() and found(phrase, pages()[p])]
    if elsewhere:
        return f"on p. {elsewhere[0]}, not on the cited p. {page}"
    return f"not on p. {page} within {section!r}"


def test_every_lesson_has_a_locator():
    # A new lesson cannot skip the check: add its phrase above.
    assert set(fixture("knowledge.lesson")) == set(LESSON_LOCATORS)


def test_every_condition_has_a_locator():
    assert set(fixture("knowledge.condition")) == set(CONDITION_LOCATORS)


@pytest.mark.usefixtures("sources_dir")
@pytest.mark.parametrize("slug", sorted(LESSON_LOCATORS))
def test_lesson_is_found_where_it_is_cited(slug):
    lesson = fixture("knowledge.lesson")[slug]
    problem = citation_problem(
        lesson["source"][0], lesson["section"], lesson["page"], LESSON_LOCATORS[slug]
    )
    assert problem is None, f"{slug}: {problem}"


@pytest.mark.usefixtures("sources_dir")
@pytest.mark.parametrize("slug", sorted(CONDITION_LOCATORS))
def test_condition_text_is_found_where_it_is_cited(slug):
    condition = fixture("knowledge.condition")[slug]
    problem = citation_problem(
        condition["source"][0], condition["section"], condition["page"], CONDITION_LOCATORS[slug]
    )
    assert problem is None, f"{slug}: {problem}"


@pytest.mark.usefixtures("sources_dir")
@pytest.mark.parametrize("slug", sorted(CONDITION_IN_TEXT_CITATIONS))
def test_a_second_source_named_in_a_condition_text_is_found_there(slug):
    source, section, page, phrase = CONDITION_IN_TEXT_CITATIONS[slug]
    condition = fixture("knowledge.condition")[slug]
    text = condition["meaning"] + " " + condition["why_it_matters"]
    assert "jaarverslag" in text.casefold()
    assert section in condition["meaning"]
    assert citation_problem(source, section, page, phrase) is None


def test_condition_texts_that_use_the_annual_report_say_so():
    """The caseload denkkader comes from the annual report: a text that uses it names it."""
    for slug, condition in fixture("knowledge.condition").items():
        text = (condition["meaning"] + " " + condition["why_it_matters"]).casefold()
        if "denkkader" in text or "bandbreedte" in text:
            assert slug in CONDITION_IN_TEXT_CITATIONS, slug


@pytest.mark.usefixtures("sources_dir")
def test_the_quality_caveat_is_where_it_is_cited():
    problem = citation_problem(
        "kennissynthese-2023",
        QUALITY_CAVEAT["section"],
        QUALITY_CAVEAT["page"],
        "moeilijk de uitkomsten en geleerde lessen met elkaar te vergelijken",
    )
    assert problem is None, problem


@pytest.mark.usefixtures("sources_dir")
class TestTheChecker:
    """The check itself: it notices drift, and the page splitter agrees with the contents."""

    def test_a_wrong_page_is_detected(self):
        # "verschuift daardoor het mandaat" is on p. 8; p. 10 is two pages off.
        section = "2 Versterken en verbeteren wijkgericht werken met kinderen en gezinnen"
        assert (
            citation_problem("kennissynthese-2023", section, 8, "verschuift daardoor het mandaat")
            is None
        )
        assert citation_problem(
            "kennissynthese-2023", section, 10, "verschuift daardoor het mandaat"
        )

    def test_a_page_outside_the_cited_section_is_detected(self):
        # p. 21 is "Voorwaarden", not "Beleid en bestuur" (pp. 22–23).
        problem = citation_problem(
            "kennissynthese-2023",
            "3.1 Integraal werken – Beleid en bestuur",
            21,
            "vrij inzetbaar teambudget",
        )
        assert problem
        assert "outside" in problem

    def test_an_unknown_section_is_detected(self):
        problem = citation_problem("kennissynthese-2023", "3.1 Integraal werken – Geld", 21, "x")
        assert problem
        assert "no such section" in problem

    def test_a_phrase_outside_the_cited_report_section_is_detected(self):
        # The caseload denkkader is not part of "Lerende praktijken".
        assert (
            citation_problem(
                "jaarverslag-iww-2020", "Kennisproducten – Caseloadbepaling", None, "bovengrens"
            )
            is None
        )
        assert citation_problem(
            "jaarverslag-iww-2020", "Lerende praktijken – Eenvoudig Maatwerk", None, "bovengrens"
        )

    @pytest.mark.parametrize(
        "title",
        [
            "1",
            "Leeswijzer",
            "Toelichting projecten",
            "Leiden – De specialist dichterbij",
            "3.1",
            "Integraal samenwerken (professionals)",
            "Voorwaarden (professional, organisatorisch, beleid)",
            "Beleid en bestuur",
            "3.2",
            "3.3",
            "Wat werkt bij outreachend werken",
            "3.4",
            "Wat werkt bij de inzet van ervaringsdeskundigen",
            "4",
            "COVID-19",
            "Uiteenlopende projecten",
            "BRONVERMELDING",
        ],
    )
    def test_split_pages_match_the_table_of_contents(self, title):
        entry = toc_entry(title)
        assert heading_page(entry) == entry.page

    def test_known_differences_from_the_table_of_contents(self):
        # The 3.5 heading ends p. 36 in the text, so its first paragraph is on p. 37 as listed.
        entry = toc_entry("3.5")
        assert heading_page(entry) == 36
        assert (
            pages()[36]
            .rstrip()
            .endswith("3.5 ERVARINGSDESKUNDIGHEID EN DE INBRENG VAN DE DOELGROEP")
        )
        # Pages 44–45 (the rest of the bibliography) are missing from the text file.
        assert max(pages()) < toc_entry("INFORMATIE OVER DE PROJECTEN").page

    def test_the_project_list_agrees_with_the_split_pages(self):
        # The synthesis' own list of project pages, checked against where the text puts them.
        text = pages()[43]
        assert "Samen gezinnen versterken: dat leren we in de wijk!\t9, 21, 28, 39" in text
        for page, name in [
            (9, "Samen gezinnen"),
            (21, "Samen gezinnen"),
            (28, "Samen gezinnen"),
            (39, "Samen gezinnen"),
        ]:
            assert found(name, pages()[page])


def test_hyphenation_and_spacing_are_normalised():
    assert source_text.normalise("samen-\n werking  **in** de  Wijk") == "samenwerking in de wijk"
