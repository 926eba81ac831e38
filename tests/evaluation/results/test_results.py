"""The results page: scores, threshold on every element, roles, comparison, actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.disclosure import Audience
from evaluation.models import ActionPoint
from evaluation.team_results import round_results
from knowledge.constants import Evidence, LessonKind
from tests.factories import (
    LessonFactory,
    QuestionnaireFactory,
    TeamFactory,
    UserFactory,
    finish_round,
    import_responses,
    make_round,
    past_round,
    reopen_round,
    scores,
    submit_response,
)

pytestmark = pytest.mark.django_db

FALLBACK = (
    "Algemene les bij deze voorwaarde. Ze gaat niet over een stelling of feit uit jullie scan; ze "
    "staat hier omdat er niet meer lessen zijn die dat wel doen."
)


def test_below_the_threshold_no_score_is_read_or_shown(client, coordinator, round_):
    submit_response(round_, value=5)
    submit_response(round_, value=5)
    finish_round(round_)
    results = round_results(round_, audience=Audience.TEAM)
    assert not results.reportable
    assert results.conditions == []
    assert results.missing == 1
    client.force_login(coordinator)
    html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    assert "Er is nog 1 scan nodig" in html
    assert "Mandaat" not in html
    assert "<svg" not in html


def test_scores_bands_and_weakest_first(round_):
    import_responses(round_, [("professional", scores(man=4, bud=2))] * 3)
    results = round_results(round_, audience=Audience.TEAM)
    assert [c.condition.slug for c in results.conditions] == ["teambudget", "mandaat"]
    budget, mandaat = results.conditions
    assert (budget.mean, budget.band.slug, budget.n) == (25.0, "knelpunt", 3)
    assert (mandaat.mean, mandaat.band.slug) == (75.0, "sterk")
    # The numeric spread of three scores would give them back (with the mean): not shown.
    assert budget.spread is None
    assert not budget.divided


def test_a_condition_everyone_answered_with_dont_know_has_no_score(client, coordinator, round_):
    values = {"MAN-1": None, "MAN-2": None, "BUD-1": 4, "BUD-2": 2}
    import_responses(round_, [("professional", values)] * 3)
    by_slug = {
        c.condition.slug: c for c in round_results(round_, audience=Audience.TEAM).conditions
    }
    assert (by_slug["mandaat"].mean, by_slug["mandaat"].band, by_slug["mandaat"].n) == (
        None,
        None,
        0,
    )
    assert by_slug["teambudget"].mean == 75.0
    client.force_login(coordinator)
    response = client.get(reverse("evaluation:results", args=[round_.pk]))
    assert response.status_code == 200
    assert "Geen score" in response.content.decode()


def test_a_divided_team_is_flagged(round_):
    import_responses(
        round_,
        [
            ("professional", scores(man=1, bud=3)),
            ("professional", scores(man=5, bud=3)),
            ("professional", scores(man=1, bud=3)),
            ("professional", scores(man=5, bud=3)),
        ],
    )
    by_slug = {
        c.condition.slug: c for c in round_results(round_, audience=Audience.TEAM).conditions
    }
    assert by_slug["mandaat"].divided
    assert by_slug["mandaat"].spread is None  # four scores: below the range minimum
    assert not by_slug["teambudget"].divided


def test_distribution_counts_each_value_and_dont_know(round_):
    values = scores(man=4, bud=2)
    import_responses(
        round_, [("professional", values)] * 2 + [("professional", {**values, "MAN-1": None})]
    )
    mandaat = next(
        c
        for c in round_results(round_, audience=Audience.TEAM).conditions
        if c.condition.slug == "mandaat"
    )
    first = next(d for d in mandaat.distribution if d.code == "MAN-1")
    assert first.counts == [0, 0, 0, 2, 0]
    assert first.dont_know == 1


class TestRoles:
    def test_groups_below_the_threshold_are_hidden_and_cannot_be_subtracted(self, round_):
        import_responses(
            round_,
            [("professional", scores(4, 4))] * 3
            + [("gemeente", scores(1, 1))] * 3
            + [("inwoner", scores(2, 2))],
        )
        results = round_results(round_, audience=Audience.TEAM)
        # The single resident would follow from team minus the two groups: so only one group
        # stays visible and a comparison of one group is not shown at all.
        assert results.roles_shown == []
        assert all(c.roles == [] for c in results.conditions)

    def test_groups_at_the_threshold_are_compared(self, round_):
        import_responses(
            round_,
            [("professional", scores(4, 4))] * 3 + [("gemeente", scores(2, 2))] * 3,
        )
        results = round_results(round_, audience=Audience.TEAM)
        assert results.roles_shown == ["Professional", "Gemeente of beleid"]
        mandaat = next(c for c in results.conditions if c.condition.slug == "mandaat")
        assert [(p.label, p.mean, p.n) for p in mandaat.roles] == [
            ("Professional", 75.0, 3),
            ("Gemeente of beleid", 25.0, 3),
        ]


def test_comments_are_shown_above_the_threshold_in_alphabetical_order(
    settings, client, coordinator, round_, conditions
):
    settings.PRIVACY_MIN_FOR_COMMENTS = 3  # comments from three responses, for this test
    for text in ["Zo gaat het niet", "Alles prima", "<b>vet</b>"]:
        response, _ = services.response_start(round_=round_, role="professional")
        for condition in conditions:
            statements = list(round_.questionnaire.statements.filter(condition=condition))
            services.response_save_step(
                response=response,
                statements=statements,
                values={s.pk: 3 for s in statements},
                comment=text if condition.slug == "mandaat" else "",
            )
        services.response_submit(response=response)
    finish_round(round_)
    mandaat = next(
        c
        for c in round_results(round_, audience=Audience.TEAM).conditions
        if c.condition.slug == "mandaat"
    )
    assert mandaat.comments == ["<b>vet</b>", "Alles prima", "Zo gaat het niet"]
    client.force_login(coordinator)
    html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    assert "&lt;b&gt;vet&lt;/b&gt;" in html


def test_identical_comments_are_shown_once_with_their_number(settings, client, coordinator, round_):
    settings.PRIVACY_MIN_FOR_COMMENTS = 4  # comments from four responses, for this test
    for _ in range(3):
        submit_response(round_, value=4, comment="Geen vaste contactpersoon")
    submit_response(round_, value=4, comment="Anders")
    finish_round(round_)
    mandaat = next(
        c
        for c in round_results(round_, audience=Audience.TEAM).conditions
        if c.condition.slug == "mandaat"
    )
    assert mandaat.comment_counts == [("Anders", 1), ("Geen vaste contactpersoon", 3)]
    client.force_login(coordinator)
    html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    assert html.count("Geen vaste contactpersoon") == 2  # once per condition, not three times
    assert "(3 keer)" in html


def test_change_against_the_previous_round(team, conditions):
    questionnaire = QuestionnaireFactory(conditions=conditions)
    today = timezone.localdate()
    earlier = past_round(
        team=team,
        questionnaire=questionnaire,
        title="Vorig jaar",
        opens_on=today - timedelta(days=2),
        closes_on=today,
        rows=[("professional", scores(2, 2))] * 3,
    )
    ActionPoint.objects.create(
        round=earlier, condition=conditions[0], description="Mandaat vastleggen"
    )
    later = make_round(
        team=team,
        questionnaire=questionnaire,
        title="Nu",
        opens_on=today + timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    import_responses(later, [("professional", scores(4, 2))] * 3)
    results = round_results(later, audience=Audience.TEAM)
    assert results.previous == earlier
    by_slug = {c.condition.slug: c for c in results.conditions}
    assert by_slug["mandaat"].change == 50.0
    assert by_slug["teambudget"].change == 0
    assert [a.description for a in by_slug["mandaat"].previous_actions] == ["Mandaat vastleggen"]


def test_a_previous_condition_score_on_too_few_scores_is_not_compared(team, conditions):
    questionnaire = QuestionnaireFactory(conditions=conditions)
    today = timezone.localdate()
    dont_know_mandaat = {"MAN-1": None, "MAN-2": None, "BUD-1": 2, "BUD-2": 4}
    past_round(
        team=team,
        questionnaire=questionnaire,
        title="Vorig jaar",
        opens_on=today - timedelta(days=2),
        closes_on=today,
        rows=[("professional", scores(1, 2))] * 2 + [("professional", dont_know_mandaat)],
    )
    later = make_round(
        team=team,
        questionnaire=questionnaire,
        title="Nu",
        opens_on=today + timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    import_responses(later, [("professional", scores(4, 2))] * 3)
    by_slug = {c.condition.slug: c for c in round_results(later, audience=Audience.TEAM).conditions}
    assert by_slug["mandaat"].previous_mean is None  # rested on 2 people last round
    assert by_slug["mandaat"].change is None
    assert by_slug["teambudget"].previous_mean == 25.0


def test_lessons_answer_the_low_statements_and_say_why(client, coordinator, round_, conditions):
    mandaat, budget = conditions
    LessonFactory(
        slug="budget-over-bud-1",
        kind=LessonKind.TIP,
        evidence=Evidence.EXPERIENCE,
        conditions=[budget],
        addresses_statements=["BUD-1"],
    )
    LessonFactory(
        slug="budget-werkte", kind=LessonKind.WORKED, evidence=Evidence.OUTCOME, conditions=[budget]
    )
    LessonFactory(
        slug="budget-ging-mis",
        kind=LessonKind.WENT_WRONG,
        evidence=Evidence.INTENTION,
        conditions=[budget],
        addresses_statements=["BUD-2"],  # asked, but neither below the mean nor below 50
    )
    LessonFactory(slug="mandaat-voorwaarde", kind=LessonKind.CONDITION, conditions=[mandaat])
    LessonFactory(slug="mandaat-werkte", kind=LessonKind.WORKED, conditions=[mandaat])
    # BUD-1 scores 0 and BUD-2 50 (reverse-keyed 3): the condition mean is 25.
    values = {"MAN-1": 5, "MAN-2": 1, "BUD-1": 1, "BUD-2": 3}
    import_responses(round_, [("professional", values)] * 3)
    weakest, strongest = round_results(round_, audience=Audience.TEAM).conditions
    assert [(lesson.slug, lesson.why) for lesson in weakest.lessons] == [
        ("budget-over-bud-1", "Jullie scoren laag op ‘Stelling 1 over Teambudget’."),
        (
            "budget-ging-mis",
            "Gaat over het probleem ‘Stelling 2 over Teambudget’. Dat herkennen jullie gemiddeld "
            "niet.",
        ),
        ("budget-werkte", FALLBACK),
    ]
    assert weakest.has_fallback
    # A strong condition gets two; the band prefers a condition lesson over what worked.
    assert [lesson.slug for lesson in strongest.lessons] == ["mandaat-voorwaarde", "mandaat-werkte"]
    client.force_login(coordinator)
    html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    assert "Jullie scoren laag op ‘Stelling 1 over Teambudget’." in html
    assert "Bewijskracht: Ervaring uit een project" in html
    assert "daarom staan hier ook algemene lessen" in html
    assert "Onze suggestie (niet uit de bron):" in html


def test_query_count_is_the_same_at_3_and_300_responses(client, coordinator, round_, conditions):
    client.force_login(coordinator)
    url = reverse("evaluation:results", args=[round_.pk])
    import_responses(round_, [("professional", scores(3, 2))] * 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    ActionPoint.objects.create(round=round_, condition=conditions[0], description="Eerste")
    rows = [("professional", scores(4, 1))] * 150 + [("gemeente", scores(2, 3))] * 147
    reopen_round(round_)
    import_responses(round_, rows)
    for index in range(5):  # more action points must not cost more queries either
        ActionPoint.objects.create(round=round_, condition=conditions[1], description=f"A{index}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


class TestAccess:
    def test_another_coordinator_gets_404(self, client, round_):
        client.force_login(UserFactory())
        assert client.get(reverse("evaluation:results", args=[round_.pk])).status_code == 404

    def test_the_gemeentes_analyst_reads_but_cannot_add_actions(self, client, round_):
        analyst = UserFactory()
        round_.team.gemeente.analysts.add(analyst)
        client.force_login(analyst)
        assert client.get(reverse("evaluation:results", args=[round_.pk])).status_code == 200
        url = reverse("evaluation:action_create", args=[round_.pk])
        assert client.get(url).status_code == 404

    def test_results_refuse_post(self, client, coordinator, round_):
        client.force_login(coordinator)
        assert client.post(reverse("evaluation:results", args=[round_.pk])).status_code == 405


class TestActionPlan:
    def test_create_edit_and_delete_with_confirmation(
        self, client, coordinator, round_, conditions
    ):
        client.force_login(coordinator)
        import_responses(round_, [("professional", scores(2, 2))] * 3)
        lesson = LessonFactory(kind=LessonKind.WORKED, conditions=[conditions[0]])
        create = reverse("evaluation:action_create", args=[round_.pk])
        response = client.post(
            create,
            {
                "condition": conditions[0].pk,
                "lesson": lesson.pk,
                "description": "Spreek doorzettingsmacht af",
                "owner": "Teamleider",
                "status": "open",
            },
        )
        assert response.status_code == 302
        action = ActionPoint.objects.get()
        assert (action.lesson, action.round) == (lesson, round_)

        edit = reverse("evaluation:action_edit", args=[round_.pk, action.pk])
        client.post(
            edit,
            {"condition": conditions[0].pk, "description": "Aangepast", "status": "bezig"},
        )
        action.refresh_from_db()
        assert (action.description, action.status, action.lesson) == ("Aangepast", "bezig", None)

        delete = reverse("evaluation:action_delete", args=[round_.pk, action.pk])
        assert "Weet je zeker" in client.get(delete).content.decode()
        assert ActionPoint.objects.exists()
        client.post(delete)
        assert not ActionPoint.objects.exists()

    def test_a_lesson_of_another_condition_is_refused(
        self, client, coordinator, round_, conditions
    ):
        client.force_login(coordinator)
        import_responses(round_, [("professional", scores(2, 2))] * 3)
        budget_lesson = LessonFactory(kind=LessonKind.WORKED, conditions=[conditions[1]])
        response = client.post(
            reverse("evaluation:action_create", args=[round_.pk]),
            {
                "condition": conditions[0].pk,
                "lesson": budget_lesson.pk,
                "description": "X",
                "status": "open",
            },
        )
        assert response.status_code == 200
        assert not ActionPoint.objects.exists()

    def test_an_empty_description_is_explained(self, client, coordinator, round_, conditions):
        client.force_login(coordinator)
        response = client.post(
            reverse("evaluation:action_create", args=[round_.pk]),
            {"condition": conditions[0].pk, "description": "", "status": "open"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["description"]
        assert not ActionPoint.objects.exists()

    def test_another_teams_action_is_404(self, client, round_, conditions):
        action = ActionPoint.objects.create(round=round_, condition=conditions[0], description="X")
        other = UserFactory()
        TeamFactory(coordinators=[other])
        client.force_login(other)
        for name in ("evaluation:action_edit", "evaluation:action_delete"):
            assert client.get(reverse(name, args=[round_.pk, action.pk])).status_code == 404
            assert client.post(reverse(name, args=[round_.pk, action.pk])).status_code == 404
        assert ActionPoint.objects.filter(description="X").exists()


def test_the_radar_chart_uses_svg_number_syntax_in_dutch(client, coordinator, round_):
    # Dutch number formatting ("180,0") inside SVG attributes would break the chart.
    import re

    import_responses(round_, [("professional", scores(4, 2))] * 3)
    client.force_login(coordinator)
    html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg
    assert "<desc" in svg
    assert not re.search(r'(x|y|x2|y2|cx|cy)="\d+,\d', svg)
    assert "Mandaat: 75" in svg


def test_a_condition_resting_on_fewer_scores_than_the_threshold_has_no_score(round_):
    values = {"MAN-1": 5, "MAN-2": 1, "BUD-1": 4, "BUD-2": 2}
    dont_know = {"MAN-1": None, "MAN-2": None, "BUD-1": 4, "BUD-2": 2}
    import_responses(round_, [("professional", values)] * 2 + [("professional", dont_know)] * 2)
    by_slug = {
        c.condition.slug: c for c in round_results(round_, audience=Audience.TEAM).conditions
    }
    assert by_slug["mandaat"].n == 2
    assert (by_slug["mandaat"].mean, by_slug["mandaat"].median, by_slug["mandaat"].band) == (
        None,
        None,
        None,
    )
    assert by_slug["mandaat"].lessons == []
    assert by_slug["teambudget"].mean == 75.0


def test_a_role_is_hidden_per_condition_when_its_scores_are_too_few(round_):
    full = scores(4, 4)
    gemeente_full = scores(2, 2)
    gemeente_no_mandaat = {**gemeente_full, "MAN-1": None, "MAN-2": None}
    import_responses(
        round_,
        [("professional", full)] * 3
        + [("gemeente", gemeente_full)] * 2
        + [("gemeente", gemeente_no_mandaat)],
    )
    by_slug = {
        c.condition.slug: c for c in round_results(round_, audience=Audience.TEAM).conditions
    }
    assert by_slug["mandaat"].roles == []  # gemeente has 2 mandaat scores
    assert [p.n for p in by_slug["teambudget"].roles] == [3, 3]
