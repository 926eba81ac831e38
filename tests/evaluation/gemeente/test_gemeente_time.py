"""Issue 15: time that is right (actual close, running rounds never count), trends per team,
the drill-down per statement, what teams ask of the gemeente, participation, the exports per
view, answering action points, the landing after login and synthetic data in the admin."""

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation.constants import ActionStatus, Lever
from evaluation.demo import GEMEENTE_ANSWER
from evaluation.gemeente import exports, rounds, statements, trends
from evaluation.gemeente.overview import team_comparison
from evaluation.gemeente.questions import gemeente_questions
from evaluation.models import ActionPoint, Gemeente, Round, Team
from evaluation.national import national_scores
from evaluation.synthetic import PREFIX
from evaluation.team_results import previous_round
from tests.factories import (
    GemeenteFactory,
    LessonFactory,
    TeamFactory,
    UserFactory,
    import_responses,
    make_round,
    past_round,
    scores,
)

pytestmark = pytest.mark.django_db


def ended(team, questionnaire, title, opens_on, closes_on, rows, *, closed_on=None):
    """A round of the team that ran from ``opens_on``; closed early on ``closed_on`` if given."""
    round_ = past_round(
        team=team,
        questionnaire=questionnaire,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        rows=rows,
    )
    if closed_on:
        closed_at = timezone.make_aware(datetime.combine(closed_on, time(12, 0)))
        Round.objects.filter(pk=round_.pk).update(closed_at=closed_at)
        round_.refresh_from_db()
    return round_


def running(team, questionnaire, rows, title="Lopend"):
    round_ = make_round(team=team, questionnaire=questionnaire, title=title)
    import_responses(round_, rows, finish=False)
    round_.refresh_from_db()
    return round_


THREE_HIGH = [("professional", scores(5, 5))] * 3
THREE_LOW = [("professional", scores(1, 1))] * 3


class TestActualClose:
    def test_previous_and_latest_rounds_follow_the_actual_close(self, gemeente, questionnaire):
        team = TeamFactory(gemeente=gemeente)
        # Planned until the end of June, closed early on 1 March, then a new round in March.
        early = ended(
            team,
            questionnaire,
            "Voorjaar (vroeg gesloten)",
            date(2025, 1, 6),
            date(2025, 6, 30),
            THREE_LOW,
            closed_on=date(2025, 3, 1),
        )
        new = ended(team, questionnaire, "Maart", date(2025, 3, 10), date(2025, 3, 31), THREE_HIGH)
        assert previous_round(new) == early
        teams = type(team).objects.filter(pk=team.pk)
        assert rounds.latest_rounds(teams)[team.pk] == new
        (row,) = team_comparison(gemeente).rows
        assert row.round == new

    def test_a_round_closed_early_is_the_latest_beside_a_running_one(self, gemeente, questionnaire):
        team = TeamFactory(gemeente=gemeente)
        today = timezone.localdate()
        early = ended(
            team,
            questionnaire,
            "Vroeg gesloten",
            today - timedelta(days=60),
            today + timedelta(days=60),
            THREE_LOW,
            closed_on=today - timedelta(days=30),
        )
        now = running(team, questionnaire, THREE_HIGH)
        (row,) = team_comparison(gemeente).rows
        assert (row.round, row.running) == (early, now)


class TestRunningRoundsNeverCount:
    @pytest.fixture
    def teams(self, gemeente, questionnaire):
        closed = TeamFactory(gemeente=gemeente, name="Afgesloten", size=4)
        ended(closed, questionnaire, "Voorjaar", date(2025, 3, 1), date(2025, 3, 21), THREE_LOW)
        open_team = TeamFactory(gemeente=gemeente, name="Loopt", size=12)
        running(open_team, questionnaire, THREE_HIGH * 2)
        return closed, open_team

    def test_an_open_round_enters_no_average_and_is_marked_voorlopig(
        self, client, analyst, gemeente, teams
    ):
        overview = team_comparison(gemeente)
        rows = {row.team.name: row for row in overview.rows}
        assert rows["Loopt"].round is None
        assert rows["Loopt"].running.submitted_count == 6
        assert rows["Loopt"].running_rate == pytest.approx(0.5)
        assert [s.mean for s in overview.summaries] == [0, 0]  # only the closed team
        assert [s.teams for s in overview.summaries] == [1, 1]
        client.force_login(analyst)
        page = client.get(reverse("evaluation:gemeente", args=[gemeente.slug]))
        assert "Lopend loopt nog (voorlopig): 6 scans" in page.content.decode()

    def test_an_open_round_enters_no_national_figure_or_trend(self, gemeente, teams):
        assert {d.teams for d in national_scores().values()} == {1}
        for trend in trends.gemeente_trends(gemeente):
            assert [s.team.name for s in trend.series] == ["Afgesloten"]

    def test_an_open_round_enters_no_export_with_scores(self, gemeente, teams):
        text = exports.to_csv(exports.export_data(gemeente)).decode("utf-8-sig")
        assert "Lopend" not in text
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0][0] == "Gemeente"  # the header first; the filters are in the file name

    def test_asked_for_running_rounds_export_has_counts_only(self, gemeente, teams):
        data = exports.export_data(gemeente, scope=rounds.ROUNDS_WITH_RUNNING)
        text = exports.to_csv(data).decode("utf-8-sig")
        header, *body = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert header[0] == "Gemeente"
        assert exports.export_filename(data, "csv").endswith("-teams-ook-lopend.csv")
        (row,) = [row for row in body if row[4] == "Lopend"]
        assert row[5] == "voorlopig"
        assert row[header.index("Ingediende scans")] == "6"
        assert row[header.index("Respons (%)")] == "50"
        score_columns = [i for i, name in enumerate(header) if " – " in name]
        assert all(row[i] == "" for i in score_columns)

    def test_the_export_command_offers_the_same_choice(self, gemeente, teams, tmp_path):
        target = tmp_path / "teams.csv"
        call_command("export", gemeente.slug, "--output", str(target), "--rondes", "ook-lopend")
        assert "voorlopig" in target.read_text(encoding="utf-8-sig")


class TestTrendsPerTeam:
    def test_no_trend_point_mixes_teams(self, gemeente, questionnaire):
        noord = TeamFactory(gemeente=gemeente, name="Noord")
        centrum = TeamFactory(gemeente=gemeente, name="Centrum")
        ended(noord, questionnaire, "N1", date(2025, 9, 1), date(2025, 9, 20), THREE_LOW)
        ended(noord, questionnaire, "N2", date(2026, 3, 1), date(2026, 3, 20), THREE_LOW)
        ended(centrum, questionnaire, "C1", date(2026, 9, 1), date(2026, 9, 20), THREE_HIGH)
        mandaat, _budget = trends.gemeente_trends(gemeente)
        assert [key for key, _label in mandaat.periods] == ["2025-2", "2026-1", "2026-2"]
        lines = {s.team.name: s for s in mandaat.series}
        assert {k: p.round_title for k, p in lines["Noord"].points.items()} == {
            "2025-2": "N1",
            "2026-1": "N2",
        }
        assert {k: p.round_title for k, p in lines["Centrum"].points.items()} == {"2026-2": "C1"}
        # Every point of the gemeente's line names its teams; the jump to Centrum is flagged
        # and no change is computed across different teams.
        last = mandaat.gemeente[-1]
        assert last.teams == frozenset({centrum.pk})
        assert last.changed
        assert last.change is None
        assert last.same_teams == 0
        assert not mandaat.gemeente[1].changed
        assert mandaat.gemeente[1].change == 0
        # With a changing set the gemeente's mean is not drawn as a line, and no team's line
        # bridges a period without its score.
        assert [s.label for s in mandaat.chart.series] == ["Centrum", "Noord"]
        assert all(len(s.segments) == 1 for s in mandaat.chart.series)

    def test_a_changing_set_of_teams_is_noted_once_above_the_charts(
        self, client, gemeente, questionnaire
    ):
        noord = TeamFactory(gemeente=gemeente, name="Noord")
        centrum = TeamFactory(gemeente=gemeente, name="Centrum")
        ended(noord, questionnaire, "N1", date(2025, 9, 1), date(2025, 9, 20), THREE_LOW)
        ended(centrum, questionnaire, "C1", date(2026, 9, 1), date(2026, 9, 20), THREE_HIGH)
        analyst = UserFactory()
        gemeente.analysts.add(analyst)
        client.force_login(analyst)
        html = client.get(reverse("evaluation:gemeente", args=[gemeente.slug])).content.decode()
        assert all(trend.set_changed for trend in trends.gemeente_trends(gemeente))
        assert html.count("niet in elke periode hebben dezelfde teams een score") == 1
        assert html.count('class="trend-svg"') == len(trends.gemeente_trends(gemeente)) == 2

    def test_the_change_compares_only_teams_in_both_periods(self, gemeente, questionnaire):
        a = TeamFactory(gemeente=gemeente, name="A")
        b = TeamFactory(gemeente=gemeente, name="B")
        ended(a, questionnaire, "A1", date(2025, 3, 1), date(2025, 3, 20), THREE_LOW)
        ended(a, questionnaire, "A2", date(2025, 9, 1), date(2025, 9, 20), THREE_HIGH)
        ended(b, questionnaire, "B2", date(2025, 9, 1), date(2025, 9, 20), THREE_LOW)
        mandaat, _budget = trends.gemeente_trends(gemeente)
        second = mandaat.gemeente[1]
        assert second.mean == pytest.approx(50)  # A 100, B 0
        assert second.changed
        assert (second.change, second.same_teams) == (pytest.approx(100), 1)  # A only


class TestHeatmap:
    def test_it_sorts_by_a_condition_with_unscored_teams_last(self, gemeente, questionnaire):
        for name, rows in [("Hoog", THREE_HIGH), ("Laag", THREE_LOW)]:
            team = TeamFactory(gemeente=gemeente, name=name)
            ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), rows)
        TeamFactory(gemeente=gemeente, name="Aaa zonder ronde")

        def names(sort):
            return [r.team.name for r in team_comparison(gemeente, sort=sort).rows]

        assert names(None) == ["Aaa zonder ronde", "Hoog", "Laag"]
        assert names("mandaat") == ["Laag", "Hoog", "Aaa zonder ronde"]
        assert names("-mandaat") == ["Hoog", "Laag", "Aaa zonder ronde"]

    def test_the_page_has_sort_links_and_coloured_cells(
        self, client, analyst, gemeente, questionnaire
    ):
        team = TeamFactory(gemeente=gemeente, name="Laag", size=10)
        ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_LOW)
        client.force_login(analyst)
        url = reverse("evaluation:gemeente", args=[gemeente.slug])
        html = client.get(url, {"sorteer": "mandaat"}).content.decode()
        assert 'href="?sorteer=-mandaat"' in html
        assert 'aria-sort="ascending"' in html
        assert 'class="heat heat-knelpunt"' in html
        assert "Knelpunt" in html
        assert "30% van het team" in html
        assert "minder representatief" in html
        assert client.get(url, {"sorteer": "<x>"}).status_code == 200


class TestParticipation:
    def test_a_low_response_rate_is_flagged_by_the_setting(self, settings, gemeente, questionnaire):
        team = TeamFactory(gemeente=gemeente, size=5)
        ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_HIGH)
        (row,) = team_comparison(gemeente).rows
        assert row.rate == pytest.approx(0.6)
        assert not row.low_rate
        settings.PARTICIPATION_WARNING = 0.75
        assert row.low_rate

    def test_without_a_team_size_there_is_no_rate(self, gemeente, questionnaire):
        team = TeamFactory(gemeente=gemeente)
        ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_HIGH)
        (row,) = team_comparison(gemeente).rows
        assert row.rate is None
        assert not row.low_rate


def condition(slug: str):
    return statements.condition_by_slug(slug)


class TestDrilldown:
    def test_statement_means_per_team_under_the_thresholds(
        self, client, analyst, gemeente, questionnaire
    ):
        strong = TeamFactory(gemeente=gemeente, name="Sterk team")
        ended(strong, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_HIGH)
        mixed = TeamFactory(gemeente=gemeente, name="Gemengd")
        rows = [("professional", {"MAN-1": 4, "MAN-2": 2, "BUD-1": 2, "BUD-2": None})] * 3
        ended(mixed, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), rows)
        small = TeamFactory(gemeente=gemeente, name="Klein")
        ended(small, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_HIGH[:2])
        drill = statements.statement_drilldown(gemeente, condition("teambudget"))
        assert [c.team.name for c in drill.columns] == ["Gemengd", "Klein", "Sterk team"]
        assert [c.withheld for c in drill.columns] == [False, True, False]
        by_code = {row.code: row for row in drill.rows}
        gemengd, klein, sterk = by_code["BUD-1"].cells
        assert gemengd.score == pytest.approx(25)
        assert gemengd.n == 3
        assert klein is None  # the team is below the threshold
        assert sterk.score == pytest.approx(100)
        # BUD-2 was "weet ik niet" for everyone in Gemengd: no score, not a zero.
        assert by_code["BUD-2"].cells[0].score is None
        client.force_login(analyst)
        url = reverse("evaluation:gemeente_drilldown", args=[gemeente.slug, "teambudget"])
        assert "Stelling 1 over Teambudget" in client.get(url).content.decode()
        assert client.get(url.replace("teambudget", "onbekend")).status_code == 404
        assert client.post(url).status_code == 405

    def test_a_withheld_condition_hides_its_statements(self, gemeente, questionnaire):
        team = TeamFactory(gemeente=gemeente)
        rows = [("professional", scores(4, 2))] * 2 + [
            ("professional", {"MAN-1": 4, "MAN-2": 2, "BUD-1": None, "BUD-2": None})
        ]
        ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), rows)
        drill = statements.statement_drilldown(gemeente, condition("teambudget"))
        assert drill.columns[0].withheld
        assert all(row.cells == [None] for row in drill.rows)

    def test_another_gemeentes_analyst_gets_404(self, client, gemeente):
        client.force_login(UserFactory())
        url = reverse("evaluation:gemeente_drilldown", args=[gemeente.slug, "mandaat"])
        assert client.get(url).status_code == 404


class TestQuestionsToTheGemeente:
    @pytest.fixture
    def setup(self, gemeente, questionnaire):
        questionnaire.statements.filter(code__startswith="BUD").update(lever=Lever.GEMEENTE)
        for name, rows in [
            ("Noord", THREE_LOW),
            ("Centrum", [("professional", scores(5, 2))] * 3),
            ("West", THREE_HIGH),
        ]:
            team = TeamFactory(gemeente=gemeente, name=name)
            ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), rows)
        running(TeamFactory(gemeente=gemeente, name="Open"), questionnaire, THREE_LOW)

    def test_low_gemeente_statements_with_the_teams_that_share_them(
        self, gemeente, setup, lesson_factory
    ):
        lesson = lesson_factory(addresses_statements=["BUD-1"])
        questions = gemeente_questions(gemeente)
        codes = [(q.code, [t.name for t, _s in q.teams]) for q in questions.questions]
        # BUD-1: Noord 0, Centrum 25; BUD-2 (reverse-keyed) likewise. West scores 100; the
        # running round does not count; mandaat is the team's own lever.
        assert codes == [("BUD-1", ["Centrum", "Noord"]), ("BUD-2", ["Centrum", "Noord"])]
        assert questions.questions[0].lessons == [lesson]
        assert questions.questions[1].lessons == []

    def test_action_points_to_the_gemeente_are_listed_with_their_team(
        self, client, analyst, gemeente, setup
    ):
        round_ = Round.objects.get(team__name="Noord")
        condition_ = round_.questionnaire.statements.first().condition
        for actor, text in [
            (Lever.GEMEENTE, "Budget vragen"),
            (Lever.ORGANISATION, "Mandaat regelen"),
            (Lever.TEAM, "Zelf doen"),
        ]:
            ActionPoint.objects.create(
                round=round_, condition=condition_, description=text, actor=actor
            )
        actions = gemeente_questions(gemeente).actions
        assert [a.description for a in actions] == ["Budget vragen", "Mandaat regelen"]
        client.force_login(analyst)
        html = client.get(reverse("evaluation:gemeente", args=[gemeente.slug])).content.decode()
        assert "Budget vragen" in html
        assert "Zelf doen" not in html


@pytest.fixture
def lesson_factory():
    return LessonFactory


class TestAnsweringActionPoints:
    @pytest.fixture
    def action(self, gemeente, questionnaire):
        team = TeamFactory(gemeente=gemeente)
        round_ = ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_LOW)
        return ActionPoint.objects.create(
            round=round_,
            condition=round_.questionnaire.statements.first().condition,
            description="Budget vragen",
            actor=Lever.GEMEENTE,
        )

    def url(self, action) -> str:
        return reverse(
            "evaluation:gemeente_action", args=[action.round.team.gemeente.slug, action.pk]
        )

    def test_the_analyst_answers_and_sets_a_status(self, client, analyst, action):
        client.force_login(analyst)
        assert "Budget vragen" in client.get(self.url(action)).content.decode()
        response = client.post(
            self.url(action), {"answer": "Komt in de begroting.", "status": "bezig"}
        )
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.answer == "Komt in de begroting."
        assert action.status == ActionStatus.IN_PROGRESS
        assert action.answered_by == analyst
        assert action.answered_at is not None

    def test_a_bad_status_is_an_error_not_a_change(self, client, analyst, action):
        client.force_login(analyst)
        response = client.post(self.url(action), {"answer": "x", "status": "weg"})
        assert response.status_code == 200
        action.refresh_from_db()
        assert action.answer == ""

    def test_others_get_404_and_the_teams_own_points_are_not_the_gemeentes(
        self, client, analyst, action
    ):
        client.force_login(UserFactory())
        assert client.get(self.url(action)).status_code == 404
        client.force_login(analyst)
        ActionPoint.objects.filter(pk=action.pk).update(actor=Lever.TEAM)
        assert client.get(self.url(action)).status_code == 404
        assert client.put(self.url(action)).status_code in (404, 405)


class TestExportsPerView:
    def test_xlsx_has_a_sheet_per_view_with_filters_widths_and_numbers(
        self, gemeente, questionnaire
    ):
        questionnaire.statements.filter(code="BUD-1").update(lever=Lever.GEMEENTE)
        team = TeamFactory(gemeente=gemeente, name="Noord", size=6)
        ended(team, questionnaire, "R", date(2025, 3, 1), date(2025, 3, 20), THREE_LOW)
        Round.objects.filter(team=team).update(
            fte=2, households=40, bandwidth_low=15, bandwidth_high=18
        )
        workbook = load_workbook(io.BytesIO(exports.to_xlsx(exports.export_data(gemeente))))
        assert workbook.sheetnames == [
            "Teams",
            "Stellingen",
            "Trends",
            "Vragen aan de gemeente",
            "Over deze export",
        ]
        for name in workbook.sheetnames[:4]:
            sheet = workbook[name]
            assert sheet.freeze_panes == "A2"
            assert sheet.auto_filter.ref.startswith("A1:")
            assert sheet.column_dimensions["B"].width >= 8
        teams = workbook["Teams"]
        header = [cell.value for cell in teams[1]]
        row = dict(zip(header, [cell.value for cell in teams[2]], strict=True))
        assert row["Huishoudens per fte"] == 20
        assert row["Respons (%)"] == 50
        assert row["Mandaat – score"] == 0
        assert isinstance(row["Ingediende scans"], int)
        assert row["Caseload t.o.v. bandbreedte"] == "boven"
        questions = list(workbook["Vragen aan de gemeente"].iter_rows(values_only=True))
        assert questions[1][1] == "BUD-1"
        assert questions[1][4] == 1


class TestLanding:
    def test_each_role_lands_on_its_own_page(self, client, gemeente, analyst):
        client.force_login(analyst)
        landing = reverse("evaluation:landing")
        assert client.get(landing).url == reverse("evaluation:gemeente", args=[gemeente.slug])
        client.force_login(UserFactory(is_staff=True))
        assert client.get(landing).url == reverse("admin:index")
        coordinator = UserFactory()
        TeamFactory(coordinators=[coordinator])
        client.force_login(coordinator)
        assert client.get(landing).url == reverse("evaluation:dashboard")

    def test_someone_with_several_roles_chooses(self, client, gemeente, analyst):
        TeamFactory(coordinators=[analyst])
        client.force_login(analyst)
        html = client.get(reverse("evaluation:landing")).content.decode()
        assert "Waar wil je beginnen?" in html
        assert reverse("evaluation:dashboard") in html
        assert reverse("evaluation:gemeente", args=[gemeente.slug]) in html

    def test_login_sends_users_to_the_landing(self, client, gemeente):
        UserFactory(username="marieke", password="geheim-wachtwoord-1")
        response = client.post(
            reverse("login"), {"username": "marieke", "password": "geheim-wachtwoord-1"}
        )
        assert response.url == reverse("evaluation:landing")


class TestSyntheticDataInTheAdmin:
    def test_the_everyday_lists_show_real_gemeenten_only(self, client, gemeente):
        GemeenteFactory(name="Synthetisch 001", slug=f"{PREFIX}001")
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        html = client.get(reverse("admin:evaluation_gemeente_changelist")).content.decode()
        assert "Rijnwaarde" in html
        assert "Synthetisch 001" not in html
        html = client.get(
            reverse("admin:evaluation_gemeente_changelist"), {"gegevens": "synthetisch"}
        ).content.decode()
        assert "Synthetisch 001" in html
        teams = client.get(reverse("admin:evaluation_team_changelist")).content.decode()
        assert "Synthetisch 001" not in teams


class TestDemo:
    def test_the_demo_shows_a_shared_question_an_action_point_and_its_answer(self, client):
        call_command("load_demo", verbosity=0)
        rijnwaarde = Gemeente.objects.get(slug="rijnwaarde")
        questions = gemeente_questions(rijnwaarde)
        shared = [q for q in questions.questions if len(q.teams) >= 2]
        assert shared
        assert {t.name for t, _s in shared[0].teams} == {"Wijkteam Noord", "Wijkteam Centrum"}
        # The teamgesprek demo adds earlier actions for the gemeente; this one has its answer.
        (action,) = [a for a in questions.actions if a.actor == Lever.GEMEENTE and a.answer]
        assert action.answer == GEMEENTE_ANSWER
        assert action.answered_by.username == "analist-rijnwaarde"
        assert not Team.objects.filter(gemeente__slug__in=["rijnwaarde"], size=None).exists()
        client.force_login(get_user_model().objects.get(username="analist-rijnwaarde"))
        html = client.get(reverse("evaluation:gemeente", args=["rijnwaarde"])).content.decode()
        assert "Wat teams van de gemeente vragen" in html
        assert "2 teams" in html
