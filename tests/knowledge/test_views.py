import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from knowledge.constants import (
    EVIDENCE_EXPLANATIONS,
    Evidence,
    LessonFact,
    LessonKind,
    ProjectStatus,
)
from tests.factories import (
    ConditionFactory,
    LessonFactory,
    ProjectFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandaat():
    return ConditionFactory(slug="mandaat", name="Mandaat")


@pytest.fixture
def caseload():
    return ConditionFactory(slug="caseload", name="Caseload")


@pytest.fixture
def leiden():
    return ProjectFactory(slug="leiden", city="Leiden", title="De specialist dichterbij")


def test_overview_lists_conditions_themes_and_projects(client, mandaat, leiden):
    theme = ThemeFactory(name="Wijkgericht werken")
    response = client.get(reverse("knowledge:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mandaat" in html
    assert "Wijkgericht werken" in html
    assert "De specialist dichterbij" in html
    assert reverse("knowledge:theme", args=[theme.slug]) in html


def test_overview_says_what_to_do_when_the_knowledge_base_is_empty(client):
    response = client.get(reverse("knowledge:overview"))
    assert "De kennisbank is nog leeg" in response.content.decode()


def test_condition_page_groups_its_lessons_by_project(client, mandaat, caseload, leiden):
    zwolle = ProjectFactory(city="Zwolle", title="Het jonge kind")
    LessonFactory(title="Mandaat in Leiden", project=leiden, conditions=[mandaat])
    LessonFactory(title="Mandaat in Zwolle", project=zwolle, conditions=[mandaat])
    LessonFactory(title="Mandaat uit de literatuur", general=True, conditions=[mandaat])
    LessonFactory(title="Alleen caseload", project=leiden, conditions=[caseload])

    response = client.get(reverse("knowledge:condition", args=["mandaat"]))

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g.project.city if g.project else None for g in groups] == ["Leiden", "Zwolle", None]
    assert [lesson.title for g in groups for lesson in g.lessons] == [
        "Mandaat in Leiden",
        "Mandaat in Zwolle",
        "Mandaat uit de literatuur",
    ]
    assert "Alleen caseload" not in response.content.decode()


def test_condition_page_shows_the_citation_of_each_lesson(client, mandaat):
    LessonFactory(conditions=[mandaat], section="3.1 Integraal werken – Beleid en bestuur", page=22)
    html = client.get(reverse("knowledge:condition", args=["mandaat"])).content.decode()
    assert "3.1 Integraal werken – Beleid en bestuur, p. 22" in html


def test_theme_page_shows_only_lessons_with_that_theme(client):
    theme, other = ThemeFactory(), ThemeFactory()
    LessonFactory(title="Binnen thema", themes=[theme])
    LessonFactory(title="Ander thema", themes=[other])
    html = client.get(reverse("knowledge:theme", args=[theme.slug])).content.decode()
    assert "Binnen thema" in html
    assert "Ander thema" not in html


def test_project_page_shows_status_and_its_lessons(client):
    project = ProjectFactory(stopped=True, title="Gestopt project")
    LessonFactory(project=project, title="Eigen les")
    LessonFactory(title="Les van een ander project")
    html = client.get(reverse("knowledge:project", args=[project.slug])).content.decode()
    assert "Voortijdig gestopt" in html
    assert "Gestopt door personeelstekort." in html
    assert "Eigen les" in html
    assert "Les van een ander project" not in html


def test_project_without_lessons_says_so(client, leiden):
    html = client.get(reverse("knowledge:project", args=["leiden"])).content.decode()
    assert "Dit project leverde (nog) geen lessen op." in html


def test_project_list_shows_every_project(client):
    ProjectFactory.create_batch(3)
    response = client.get(reverse("knowledge:projects"))
    assert len(response.context["projects"]) == 3


def test_lesson_detail_shows_text_tip_and_citation(client, mandaat, leiden):
    lesson = LessonFactory(
        project=leiden, conditions=[mandaat], try_this="Spreek af wie beslist.", page=19
    )
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert lesson.text in html
    assert "Spreek af wie beslist." in html
    assert "p. 19" in html
    assert "Leiden – De specialist dichterbij" in html


@pytest.mark.parametrize(
    "name", ["knowledge:condition", "knowledge:theme", "knowledge:project", "knowledge:lesson"]
)
def test_unknown_slug_is_404(client, name):
    assert client.get(reverse(name, args=["bestaat-niet"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/kennis/",
        "/kennis/lessen/",
        "/kennis/projecten/",
        "/kennis/bronnen/",
    ],
)
def test_pages_refuse_post(client, url):
    assert client.post(url).status_code == 405


class TestLessonList:
    url = reverse("knowledge:lessons")

    def titles(self, response) -> list[str]:
        return [lesson.title for lesson in response.context["page"]]

    def test_it_lists_all_lessons_without_filters(self, client):
        LessonFactory.create_batch(3)
        response = client.get(self.url)
        assert response.status_code == 200
        assert len(self.titles(response)) == 3

    def test_search_matches_title_text_and_tip_case_insensitively(self, client):
        LessonFactory(title="Budget snel beschikbaar")
        LessonFactory(title="Iets anders", text="Het maatwerkBUDGET hielp.")
        LessonFactory(title="Derde", try_this="Vraag om een budget.")
        LessonFactory(title="Niet gevonden")
        response = client.get(self.url, {"q": "budget"})
        assert sorted(self.titles(response)) == ["Budget snel beschikbaar", "Derde", "Iets anders"]

    def test_search_matches_project_city(self, client, leiden):
        LessonFactory(title="Uit Leiden", project=leiden)
        LessonFactory(title="Elders")
        assert self.titles(client.get(self.url, {"q": "leiden"})) == ["Uit Leiden"]

    def test_filters_narrow_by_condition_theme_project_and_kind(self, client, mandaat, leiden):
        theme = ThemeFactory(slug="outreachend")
        match = LessonFactory(
            title="Raak", conditions=[mandaat], themes=[theme], project=leiden, pitfall=True
        )
        LessonFactory(title="Andere voorwaarde", themes=[theme], project=leiden, pitfall=True)
        LessonFactory(title="Ander thema", conditions=[mandaat], project=leiden, pitfall=True)
        LessonFactory(title="Ander project", conditions=[mandaat], themes=[theme], pitfall=True)
        LessonFactory(title="Andere soort", conditions=[mandaat], themes=[theme], project=leiden)
        response = client.get(
            self.url,
            {
                "voorwaarde": "mandaat",
                "thema": "outreachend",
                "project": "leiden",
                "soort": LessonKind.WENT_WRONG,
            },
        )
        assert self.titles(response) == [match.title]

    def test_a_lesson_with_two_matching_tags_is_listed_once(self, client, mandaat, caseload):
        LessonFactory(conditions=[mandaat, caseload])
        response = client.get(self.url, {"q": "Les"})
        assert response.context["page"].paginator.count == 1

    def test_no_results_gives_a_helpful_message(self, client):
        LessonFactory()
        html = client.get(self.url, {"q": "xyzzy"}).content.decode()
        assert "Geen lessen gevonden" in html
        assert "Alle lessen tonen" in html

    def test_unknown_filter_value_is_explained_and_other_filters_still_apply(self, client):
        LessonFactory(title="Budget")
        LessonFactory(title="Iets anders")
        response = client.get(self.url, {"voorwaarde": "bestaat-niet", "q": "budget"})
        assert response.status_code == 200
        assert response.context["form"].errors["voorwaarde"]
        assert self.titles(response) == ["Budget"]

    def test_it_paginates_and_keeps_the_filters_in_the_page_links(self, client, settings):
        settings.LESSONS_PER_PAGE = 2
        LessonFactory.create_batch(5, title=factory_title("Budget"))
        response = client.get(self.url, {"q": "budget", "pagina": "2"})
        assert response.context["page"].number == 2
        assert "q=budget&amp;pagina=3" in response.content.decode()

    def test_a_bad_page_number_shows_a_page_instead_of_an_error(self, client):
        LessonFactory()
        assert client.get(self.url, {"pagina": "veel"}).status_code == 200
        assert client.get(self.url, {"pagina": "9999"}).status_code == 200

    def test_query_count_does_not_grow_with_the_number_of_lessons(self, client, settings):
        settings.LESSONS_PER_PAGE = 50
        LessonFactory.create_batch(2)
        with CaptureQueriesContext(connection) as few:
            client.get(self.url)
        LessonFactory.create_batch(20)
        with CaptureQueriesContext(connection) as many:
            client.get(self.url)
        assert len(many.captured_queries) == len(few.captured_queries)


def factory_title(prefix: str):
    return factory.Sequence(lambda n: f"{prefix} {n}")


def test_sources_page_lists_the_bibliography(client):
    lesson = LessonFactory()
    literature = SourceFactory(literature=True, authors="Bartelink, C.", year=2020)
    lesson.literature.add(literature)
    html = client.get(reverse("knowledge:sources")).content.decode()
    assert "Bartelink, C. (2020)" in html
    assert "Krachten bundelen" in html


class TestEvidence:
    """Evidence strength on cards, detail and list, and the filter on it."""

    url = reverse("knowledge:lessons")

    def titles(self, response) -> list[str]:
        return [lesson.title for lesson in response.context["page"]]

    def test_the_filter_narrows_the_list_to_one_evidence_level(self, client):
        LessonFactory(title="Gemeten", evidence=Evidence.OUTCOME)
        LessonFactory(title="Gelezen", evidence=Evidence.LITERATURE, kind=LessonKind.TIP)
        response = client.get(self.url, {"bewijskracht": "uitkomst"})
        assert self.titles(response) == ["Gemeten"]

    def test_an_unknown_evidence_value_is_ignored_and_other_filters_still_apply(self, client):
        LessonFactory(title="Budget", evidence=Evidence.OUTCOME)
        LessonFactory(title="Iets anders", evidence=Evidence.OUTCOME)
        response = client.get(self.url, {"bewijskracht": "heel-sterk", "q": "budget"})
        assert response.status_code == 200
        assert response.context["form"].errors["bewijskracht"]
        assert self.titles(response) == ["Budget"]

    def test_the_list_explains_every_level_and_passes_on_the_synthesis_caveat(self, client):
        SourceFactory()
        html = client.get(self.url).content.decode()
        for value, label in Evidence.choices:
            assert str(label) in html
            assert str(EVIDENCE_EXPLANATIONS[value]) in html
        assert "4 Reflectie – Uiteenlopende projecten, p. 42" in html

    def test_the_sources_page_passes_on_the_caveat_too(self, client):
        SourceFactory()
        html = client.get(reverse("knowledge:sources")).content.decode()
        assert "Uiteenlopende projecten, p. 42" in html

    def test_a_card_shows_the_evidence_and_labels_the_tip_as_ours(self, client):
        LessonFactory(evidence=Evidence.INTENTION, try_this="Probeer het zo.")
        html = client.get(self.url).content.decode()
        assert "Bewijskracht: Voornemen of niet afgerond project" in html
        tip = '<span lang="nl">Probeer het zo.</span>'
        assert f"Onze suggestie (niet uit de bron):</strong> {tip}" in html
        assert "Wat kun je proberen" not in html

    def test_the_detail_explains_the_evidence_and_what_the_lesson_addresses(self, client):
        lesson = LessonFactory(
            evidence=Evidence.EXPERIENCE,
            addresses_statements=["VAS-3"],
            addresses_facts=[LessonFact.NO_TEAM_BUDGET],
        )
        html = client.get(lesson.get_absolute_url()).content.decode()
        assert str(EVIDENCE_EXPLANATIONS[Evidence.EXPERIENCE]) in html
        assert "VAS-3" in html
        assert "Geen vrij besteedbaar teambudget" in html
        assert "Onze suggestie" in html

    def test_a_lesson_without_a_condition_says_so(self, client):
        lesson = LessonFactory(conditions=[])
        html = client.get(lesson.get_absolute_url()).content.decode()
        assert "hoort bij geen van de vijf voorwaarden" in html


def test_project_page_says_pages_for_several_pages(client):
    several = ProjectFactory(pages="9, 15, 17")
    one = ProjectFactory(pages="11")
    assert "pagina's 9, 15, 17" in client.get(several.get_absolute_url()).content.decode()
    assert "pagina 11" in client.get(one.get_absolute_url()).content.decode()


def test_a_project_whose_status_the_source_does_not_give_says_so(client):
    project = ProjectFactory(status=ProjectStatus.UNKNOWN, status_note="Niet vermeld.")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Status niet vermeld" in html
    assert "text-bg-light" in html  # a readable badge: site.css has no colour for this status
