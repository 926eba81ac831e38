"""The gemeente's analyst pages: overview, national comparison, trends, exports, bulk reports."""

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation.constants import JobStatus, Lever, TeamKind
from evaluation.disclosure import Audience
from evaluation.gemeente import bulk, exports, trends
from evaluation.gemeente.bulk import build_bulk_reports
from evaluation.gemeente.overview import team_comparison
from evaluation.models import ActionPoint, BulkReportJob, NationalSnapshot, RoundAggregate
from evaluation.national import (
    national_scores,
    national_snapshot_refresh,
    national_snapshot_store,
    quantile_points,
)
from evaluation.team_results import round_results
from tests.factories import (
    ConditionFactory,
    GemeenteFactory,
    TeamFactory,
    UserFactory,
    finish_round,
    import_responses,
    make_round,
    past_round,
    scores,
    submit_response,
)

pytestmark = pytest.mark.django_db


def team_with_round(
    gemeente, questionnaire, name, responses, *, kind=TeamKind.WIJKTEAM, size=None, **kw
):
    team = TeamFactory(gemeente=gemeente, name=name, kind=kind, size=size)
    round_ = make_round(team=team, questionnaire=questionnaire, **kw)
    if responses:
        import_responses(round_, responses)
    return team, round_


@pytest.fixture
def teams(gemeente, questionnaire):
    """Noord: 3 scans (mandaat 75, teambudget 25); Oost: 2 scans (below the threshold);
    West: no round; and a team of another gemeente."""
    noord = team_with_round(
        gemeente,
        questionnaire,
        "Wijkteam Noord",
        [("professional", scores(4, 2))] * 3,
    )
    oost = team_with_round(
        gemeente,
        questionnaire,
        "Jeugdteam Oost",
        [("professional", scores(5, 5))] * 2,
        kind=TeamKind.JEUGDTEAM,
    )
    west = TeamFactory(gemeente=gemeente, name="Sociaal team West", kind=TeamKind.SOCIAAL_TEAM)
    elsewhere = team_with_round(
        GemeenteFactory(name="Lindehoven", slug="lindehoven"),
        questionnaire,
        "Team Elders",
        [("professional", scores(1, 1))] * 3,
    )
    return {"noord": noord, "oost": oost, "west": west, "elders": elsewhere}


class TestAggregates:
    def test_submit_and_import_keep_the_round_aggregates_current(self, settings, questionnaire):
        # One link scan beside two imported ones is withheld at the default threshold (the
        # importer could subtract); this test is about the aggregates, so the threshold is 1.
        settings.PRIVACY_MIN_RESPONSES = 1
        round_ = make_round(questionnaire=questionnaire)
        import_responses(round_, [("professional", scores(4, 2))] * 2, finish=False)
        submit_response(round_, value=5)
        finish_round(round_)
        round_.refresh_from_db()
        assert round_.submitted_count == 3
        results = {
            c.condition.slug: c for c in round_results(round_, audience=Audience.TEAM).conditions
        }
        for aggregate in RoundAggregate.objects.filter(round=round_).select_related("condition"):
            assert aggregate.n == results[aggregate.condition.slug].n == 3
            assert aggregate.mean == pytest.approx(results[aggregate.condition.slug].mean)


def spring_2025_round(team, questionnaire):
    """An earlier round of the team: voorjaar 2025, three scans scoring 25 on both conditions."""
    return past_round(
        team=team,
        questionnaire=questionnaire,
        title="Voorjaar 2025",
        opens_on=date(2025, 3, 1),
        closes_on=date(2025, 3, 21),
        rows=[("professional", scores(2, 2))] * 3,
    )


class TestOverview:
    def test_heatmap_rows_obey_the_threshold(self, gemeente, teams):
        overview = team_comparison(gemeente)
        rows = {row.team.name: row for row in overview.rows}
        assert set(rows) == {"Wijkteam Noord", "Jeugdteam Oost", "Sociaal team West"}
        noord = rows["Wijkteam Noord"]
        assert noord.reportable
        assert [round(cell.mean) for cell in noord.cells] == [75, 25]
        assert [cell.band.slug for cell in noord.cells] == ["sterk", "knelpunt"]
        oost = rows["Jeugdteam Oost"]
        assert not oost.reportable
        assert oost.missing == 1
        assert all(cell.mean is None and cell.n == 0 for cell in oost.cells)
        assert rows["Sociaal team West"].round is None

    def test_only_a_team_with_results_offers_its_report(self, client, analyst, gemeente, teams):
        client.force_login(analyst)
        html = client.get(reverse("evaluation:gemeente", args=[gemeente.slug])).content.decode()
        _noord, noord_round = teams["noord"]
        _oost, oost_round = teams["oost"]  # two scans: below the threshold
        assert reverse("evaluation:report", args=[noord_round.pk]) in html
        assert reverse("evaluation:report", args=[oost_round.pk]) not in html

    def test_the_gemeente_mean_counts_only_teams_above_the_threshold(
        self, gemeente, questionnaire, teams
    ):
        team_with_round(
            gemeente,
            questionnaire,
            "Wijkteam Zuid",
            [("gemeente", scores(2, 4))] * 4,
        )
        overview = team_comparison(gemeente)
        mandaat, budget = overview.summaries
        assert mandaat.mean == pytest.approx((75 + 25) / 2)
        assert budget.mean == pytest.approx((25 + 75) / 2)
        assert (mandaat.teams, mandaat.responses) == (2, 7)

    def test_a_condition_with_too_few_defined_scores_has_no_cell(self, gemeente, questionnaire):
        rows = [("professional", scores(4, 2))] * 2 + [
            ("professional", {"MAN-1": 4, "MAN-2": 2, "BUD-1": None, "BUD-2": None})
        ]
        team_with_round(gemeente, questionnaire, "Team Vraagteken", rows)
        (row,) = team_comparison(gemeente).rows
        assert row.reportable
        assert row.cells[0].mean == pytest.approx(75)
        assert row.cells[1].mean is None

    def test_filters_by_period_and_kind(self, gemeente, questionnaire, teams):
        team, _round = teams["noord"]
        earlier = spring_2025_round(team, questionnaire)
        overview = team_comparison(gemeente, period="2025-1")
        noord = next(row for row in overview.rows if row.team == team)
        assert noord.round == earlier
        assert round(noord.cells[0].mean) == 25
        kinds = team_comparison(gemeente, kind=TeamKind.JEUGDTEAM)
        assert [row.team.name for row in kinds.rows] == ["Jeugdteam Oost"]

    def test_trends_per_period(self, gemeente, questionnaire, teams):
        spring_2025_round(teams["noord"][0], questionnaire)
        mandaat, _budget = trends.gemeente_trends(gemeente)
        assert next(label for _key, label in mandaat.periods) == "voorjaar 2025"
        (noord,) = mandaat.series
        assert [round(value) for value in noord.table_values] == [25, 75]
        assert [round(point.mean) for point in mandaat.gemeente] == [25, 75]
        # One team: its own line is the gemeente's, so no second line is drawn.
        assert [series.label for series in mandaat.chart.series] == ["Wijkteam Noord"]
        assert mandaat.chart.series[0].path.count(",") == 2
        assert [tick.label for tick in mandaat.chart.y_ticks] == ["0", "25", "50", "75", "100"]


class TestNational:
    def test_positions_among_all_teams_without_naming_them(
        self, settings, gemeente, questionnaire, teams
    ):
        settings.NATIONAL_MIN_TEAMS = 3
        other = GemeenteFactory()
        for index, man in enumerate([1, 2, 3]):  # mandaat 0, 25, 50 elsewhere
            team_with_round(
                other,
                questionnaire,
                f"Ander {index}",
                [("professional", scores(man, 3))] * 3,
            )
        overview = team_comparison(gemeente)
        noord = next(row for row in overview.rows if row.reportable)
        # Mandaat: Noord 75 among 0 (Elders), 0, 25, 50, 75: 4 lower plus half of itself = 90 %.
        assert noord.cells[0].national_rank == pytest.approx(90.0)
        assert noord.cells[0].national_quartile == 4
        assert overview.national.teams[noord.cells[0].condition.pk] == 5

    def test_no_comparison_with_too_few_teams(self, settings, gemeente, teams):
        settings.NATIONAL_MIN_TEAMS = 10
        overview = team_comparison(gemeente)
        assert all(cell.national_rank is None for row in overview.rows for cell in row.cells)

    def test_teams_below_the_threshold_are_not_compared(self, settings, gemeente, teams):
        settings.NATIONAL_MIN_TEAMS = 1
        national = national_scores()
        assert sorted(d.teams for d in national.values()) == [2, 2]  # Noord, Elders

    def test_the_snapshot_is_refreshed_after_a_submit_and_read_when_stale(
        self, gemeente, questionnaire, teams, django_capture_on_commit_callbacks
    ):
        from evaluation.models import NationalSnapshot

        national_scores()
        assert {s.teams for s in NationalSnapshot.objects.all()} == {2}
        with django_capture_on_commit_callbacks(execute=True):
            team_with_round(
                gemeente,
                questionnaire,
                "Nieuw",
                [("professional", scores(3, 3))] * 3,
            )
        # The background task (immediate backend here) already brought it up to date.
        assert {s.teams for s in NationalSnapshot.objects.all()} == {3}
        NationalSnapshot.objects.update(source_version=None)  # as if a refresh was missed
        assert {d.teams for d in national_scores().values()} == {3}

    def test_storing_the_snapshot_overwrites_each_condition_and_drops_conditions_now_missing(
        self,
    ):
        kept, dropped = ConditionFactory(), ConditionFactory()
        national_snapshot_store(
            distributions={kept.pk: (1, [10.0]), dropped.pk: (1, [20.0])}, source_version=None
        )
        stored = national_snapshot_store(
            distributions={kept.pk: (2, [30.0, 40.0])}, source_version=None
        )
        assert [(s.condition_id, s.teams, s.quantiles) for s in stored] == [
            (kept.pk, 2, [30.0, 40.0])
        ]
        assert list(NationalSnapshot.objects.values_list("condition_id", "teams", "quantiles")) == [
            (kept.pk, 2, [30.0, 40.0])
        ]

    def test_above_the_point_limit_ranks_come_from_quantiles(self):
        values = [float(v) for v in range(5000)]
        points = quantile_points(values, 1001)
        assert len(points) == 1001
        assert points[0] == 0.0
        assert points[-1] == 4999.0
        from evaluation.scoring import percentile_rank

        assert abs(percentile_rank(points, 2500.0) - percentile_rank(values, 2500.0)) < 0.1


class TestAccess:
    def urls(self, slug: str, job_id: int = 1) -> list[str]:
        return [
            reverse("evaluation:gemeente", args=[slug]),
            reverse("evaluation:gemeente_export", args=[slug, "csv"]),
            reverse("evaluation:gemeente_export", args=[slug, "xlsx"]),
            reverse("evaluation:bulk_reports", args=[slug]),
            reverse("evaluation:bulk_status", args=[slug, job_id]),
            reverse("evaluation:bulk_download", args=[slug, job_id]),
        ]

    def test_the_analyst_sees_the_pages(self, client, analyst, gemeente, teams):
        client.force_login(analyst)
        assert client.get(reverse("evaluation:gemeenten")).status_code == 302
        response = client.get(reverse("evaluation:gemeente", args=[gemeente.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Wijkteam Noord" in html
        assert "Team Elders" not in html
        assert "Te weinig scans om scores te tonen: nog 1 nodig." in html

    def test_an_analyst_of_another_gemeente_gets_404_everywhere(self, client, gemeente, teams):
        lindehoven = teams["elders"][0].gemeente
        outsider = UserFactory()
        lindehoven.analysts.add(outsider)
        job = BulkReportJob.objects.create(gemeente=gemeente, status=JobStatus.DONE, archive=b"x")
        client.force_login(outsider)
        for url in self.urls(gemeente.slug, job.pk):
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("evaluation:bulk_reports", args=[gemeente.slug])).status_code
        assert BulkReportJob.objects.count() == 1

    def test_a_job_of_another_gemeente_is_404_even_for_an_analyst(self, client, analyst, teams):
        lindehoven = teams["elders"][0].gemeente
        job = BulkReportJob.objects.create(gemeente=lindehoven, status=JobStatus.DONE, archive=b"x")
        client.force_login(analyst)
        for url in self.urls("rijnwaarde", job.pk)[4:]:
            assert client.get(url).status_code == 404

    def test_a_coordinator_has_no_analyst_pages(self, client, gemeente, teams):
        coordinator = UserFactory()
        teams["noord"][0].coordinators.add(coordinator)
        client.force_login(coordinator)
        assert client.get(reverse("evaluation:gemeenten")).status_code == 404
        for url in self.urls(gemeente.slug):
            assert client.get(url).status_code == 404

    def test_anonymous_users_are_sent_to_login(self, client, gemeente):
        for url in self.urls(gemeente.slug):
            assert client.get(url)["Location"].startswith(reverse("login"))

    def test_the_overview_refuses_post_and_survives_bad_filters(self, client, analyst, gemeente):
        client.force_login(analyst)
        url = reverse("evaluation:gemeente", args=[gemeente.slug])
        assert client.post(url).status_code == 405
        response = client.get(url, {"periode": "'; DROP TABLE x;--", "soort": "<script>"})
        assert response.status_code == 200
        assert "Dit filter bestaat niet" in response.content.decode()
        assert client.get(url.rstrip("/") + "/export.pdf").status_code == 404

    def test_query_count_is_the_same_for_1_and_30_teams(
        self, client, analyst, gemeente, questionnaire
    ):
        client.force_login(analyst)
        urls = [
            reverse("evaluation:gemeente", args=[gemeente.slug]),
            reverse("evaluation:gemeente", args=[gemeente.slug]) + "?sorteer=-mandaat",
            reverse("evaluation:gemeente_drilldown", args=[gemeente.slug, "mandaat"]),
            reverse("evaluation:gemeente_export", args=[gemeente.slug, "csv"]),
            reverse("evaluation:gemeente_export", args=[gemeente.slug, "xlsx"]),
            reverse("evaluation:gemeente_export", args=[gemeente.slug, "xlsx"])
            + "?rondes=ook-lopend",
        ]
        questionnaire.statements.filter(code="BUD-1").update(lever=Lever.GEMEENTE)
        team_with_round(gemeente, questionnaire, "Team 0", [("professional", scores(3, 1))] * 3)

        def counts() -> list[int]:
            national_snapshot_refresh()  # as the background task would have done
            result = []
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                result.append(len(queries.captured_queries))
            return result

        one = counts()
        for index in range(1, 30):
            team, round_ = team_with_round(
                gemeente,
                questionnaire,
                f"Team {index}",
                [("professional", scores(index % 5 + 1, 1))] * (index % 4 + 1),
                size=10,
            )
            past_round(
                team=team,
                questionnaire=questionnaire,
                title="Voorjaar 2025",
                opens_on=date(2025, 3, 1),
                closes_on=date(2025, 3, 21),
                rows=[("professional", scores(2, 2))] * 3,
            )
            make_round(team=team, questionnaire=questionnaire, title="Nu")
            ActionPoint.objects.create(
                round=round_,
                condition=round_.questionnaire.statements.first().condition,
                description=f"Vraag {index}",
                actor=Lever.GEMEENTE,
            )
        assert counts() == one


class TestExports:
    def test_csv_has_team_aggregates_only_and_obeys_the_threshold(
        self, client, analyst, gemeente, teams
    ):
        client.force_login(analyst)
        response = client.get(reverse("evaluation:gemeente_export", args=[gemeente.slug, "csv"]))
        assert response["Content-Type"].startswith("text/csv")
        assert "zelfscan-rijnwaarde-teams.csv" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        # The header is the first line, so tools that look for one there find it.
        assert csv.Sniffer().has_header(text)
        assert csv.Sniffer().sniff(text).delimiter == ";"
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        header, *body = rows
        assert header[:10] == [
            "Gemeente",
            "Team",
            "Soort team",
            "Teamleden",
            "Ronde",
            "Status",
            "Geëindigd op",
            "Ingediende scans",
            "Respons (%)",
            "Minder representatief",
        ]
        assert "Periode" not in header  # it only repeated the round's title
        assert len(set(header)) == len(header)
        scores_at = header.index("Mandaat – score")
        by_team = {row[1]: row for row in body}
        assert set(by_team) == {"Wijkteam Noord", "Jeugdteam Oost", "Sociaal team West"}
        assert by_team["Wijkteam Noord"][5] == "definitief"
        assert by_team["Wijkteam Noord"][scores_at : scores_at + 6] == [
            "75",  # whole points, as on the page (scoring.shown_score)
            "Sterk",
            "3",
            "25",
            "Knelpunt",
            "3",
        ]
        assert by_team["Jeugdteam Oost"][scores_at : scores_at + 6] == [""] * 6
        assert "Te weinig scans" in by_team["Jeugdteam Oost"][-1]

    def test_formulas_are_neutralised_in_csv_and_xlsx(self, gemeente, questionnaire, teams):

        team_with_round(
            gemeente, questionnaire, '=HYPERLINK("http://x.invalid","klik")', [], kind="wijkteam"
        )
        data = exports.export_data(gemeente)
        text = exports.to_csv(data).decode("utf-8-sig")
        assert "'=HYPERLINK" in text
        sheet = load_workbook(io.BytesIO(exports.to_xlsx(data))).active
        names = [row[1].value for row in sheet.iter_rows(min_row=2)]
        assert '\'=HYPERLINK("http://x.invalid","klik")' in names
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row if cell.value)

    def test_the_export_command_writes_the_same_rows(self, gemeente, teams, tmp_path):
        target = tmp_path / "teams.xlsx"
        call_command("export", gemeente.slug, "--format", "xlsx", "--output", str(target))
        workbook = load_workbook(target)
        sheet = workbook.active
        assert sheet.cell(row=1, column=2).value == "Team"
        assert sheet.max_row == 4  # header + 3 teams
        about = dict(workbook["Over deze export"].iter_rows(values_only=True))
        assert about["Rondes"] == "Alleen afgesloten rondes (standaard)"
        with pytest.raises(CommandError, match="bestaat niet"):
            call_command("export", "nergens", "--format", "csv", "--output", str(target))


class TestBulkReports:
    @pytest.fixture(autouse=True)
    def zuid(self, gemeente, questionnaire, teams):
        """A second team with results: Oost has too few scans, so it gets no report."""
        return team_with_round(
            gemeente, questionnaire, "Jeugdteam Zuid", [("professional", scores(3, 3))] * 3
        )

    def url(self, gemeente) -> str:
        return reverse("evaluation:bulk_reports", args=[gemeente.slug])

    def test_it_makes_one_zip_with_every_teams_report(
        self, client, analyst, gemeente, teams, django_capture_on_commit_callbacks
    ):
        client.force_login(analyst)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(gemeente))
        assert response.status_code == 302
        job = BulkReportJob.objects.get()
        assert job.status == JobStatus.DONE
        # West has no round, and Oost too few scans for any result: no report that says nothing.
        assert (job.done, job.total, job.failures) == (2, 2, [])
        status = client.get(reverse("evaluation:bulk_status", args=[gemeente.slug, job.pk]))
        assert status.json()["percent"] == 100
        download = client.get(reverse("evaluation:bulk_download", args=[gemeente.slug, job.pk]))
        assert download["Content-Type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
        assert sorted(names) == [
            "zelfscan-Jeugdteam-Zuid-Voorjaar.pdf",
            "zelfscan-Wijkteam-Noord-Voorjaar.pdf",
        ]
        page = client.get(self.url(gemeente)).content.decode()
        assert "ZIP-bestand downloaden" in page
        # One status: done, not also "being made, you can close this page".
        assert "Klaar" in page
        assert "kan enkele minuten duren" not in page
        assert "pagina sluiten" not in page

    def test_a_failing_report_is_reported_and_the_others_are_kept(
        self, gemeente, analyst, teams, monkeypatch, django_capture_on_commit_callbacks
    ):

        real = bulk.round_report

        def flaky(round_, **kwargs):
            if round_.team.name == "Jeugdteam Zuid":
                raise RuntimeError("lettertype ontbreekt")
            return real(round_, **kwargs)

        monkeypatch.setattr(bulk, "round_report", flaky)
        with django_capture_on_commit_callbacks(execute=True):
            job, created = bulk.bulk_reports_request(gemeente=gemeente, user=analyst)
        job.refresh_from_db()
        assert created
        assert job.status == JobStatus.DONE
        assert job.done == 2
        assert job.failures == [
            {"team": "Jeugdteam Zuid", "round": "Voorjaar", "error": "lettertype ontbreekt"}
        ]
        assert zipfile.ZipFile(io.BytesIO(job.archive)).namelist() == [
            "zelfscan-Wijkteam-Noord-Voorjaar.pdf"
        ]

    def test_asking_again_while_it_runs_returns_the_same_job(
        self, client, analyst, gemeente, django_capture_on_commit_callbacks
    ):
        running = BulkReportJob.objects.create(
            gemeente=gemeente,
            status=JobStatus.RUNNING,
            total=4,
            done=1,
            lease_until=timezone.now() + timedelta(minutes=1),
        )
        client.force_login(analyst)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(self.url(gemeente), follow=True)
        assert callbacks == []  # nothing enqueued
        assert BulkReportJob.objects.get() == running
        assert "De rapporten worden al gemaakt" in response.content.decode()
        status = client.get(reverse("evaluation:bulk_status", args=[gemeente.slug, running.pk]))
        assert status.json() == {
            "status": "bezig",
            "status_label": "Bezig",
            "done": 1,
            "total": 4,
            "percent": 25,
            "failures": 0,
            "running": True,
        }

    def test_a_job_that_is_not_waiting_is_left_alone(self, gemeente):
        job = BulkReportJob.objects.create(gemeente=gemeente, status=JobStatus.DONE, done=3)
        build_bulk_reports.call(job.pk)
        job.refresh_from_db()
        assert (job.status, job.done) == (JobStatus.DONE, 3)

    def test_a_job_whose_worker_died_does_not_block_a_new_request(
        self, client, analyst, gemeente, teams, django_capture_on_commit_callbacks
    ):
        # The worker was killed mid-job: "bezig 0/3", and its lease ran out long ago.
        stuck = BulkReportJob.objects.create(
            gemeente=gemeente,
            status=JobStatus.RUNNING,
            total=3,
            lease_until=timezone.now() - timedelta(minutes=1),
        )
        client.force_login(analyst)
        assert "Het maken is onderbroken" in client.get(self.url(gemeente)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(gemeente), follow=True)
        # The new job is the page's one status; the old one's "onderbroken" is gone.
        assert BulkReportJob.objects.latest("pk") != stuck
        assert "Het maken is onderbroken" not in response.content.decode()
        stuck.refresh_from_db()
        assert stuck.status == JobStatus.FAILED
        new = BulkReportJob.objects.exclude(pk=stuck.pk).get()
        assert (new.status, new.done, new.total) == (JobStatus.DONE, 2, 2)

    def test_a_job_with_a_live_lease_is_not_taken_over(self, gemeente, teams):
        running = BulkReportJob.objects.create(
            gemeente=gemeente,
            status=JobStatus.RUNNING,
            attempt=1,
            lease_until=timezone.now() + timedelta(minutes=1),
        )
        build_bulk_reports.call(running.pk)  # a second delivery of the same task
        running.refresh_from_db()
        assert (running.status, running.attempt, running.done) == (JobStatus.RUNNING, 1, 0)

    def test_a_worker_takes_over_an_abandoned_job(self, gemeente, teams):
        stuck = BulkReportJob.objects.create(
            gemeente=gemeente, status=JobStatus.RUNNING, attempt=1, lease_until=None
        )
        build_bulk_reports.call(stuck.pk)
        stuck.refresh_from_db()
        assert (stuck.status, stuck.attempt, stuck.done) == (JobStatus.DONE, 2, 2)

    def test_a_worker_that_lost_its_job_stops_without_writing(self, gemeente, teams, monkeypatch):
        job = BulkReportJob.objects.create(gemeente=gemeente)
        real = bulk.round_report

        def cancelled_meanwhile(round_, **kwargs):
            bulk.bulk_job_cancel(job=job)
            return real(round_, **kwargs)

        monkeypatch.setattr(bulk, "round_report", cancelled_meanwhile)
        build_bulk_reports.call(job.pk)
        job.refresh_from_db()
        assert (job.status, job.done, job.archive) == (JobStatus.CANCELLED, 0, None)

    def test_the_admin_lists_jobs_and_retries_and_cancels_them(
        self, client, gemeente, teams, django_capture_on_commit_callbacks
    ):
        admin_user = UserFactory(username="beheer", is_staff=True, is_superuser=True)
        client.force_login(admin_user)
        stuck = BulkReportJob.objects.create(
            gemeente=gemeente, status=JobStatus.RUNNING, total=3, lease_until=None
        )
        changelist = reverse("admin:evaluation_bulkreportjob_changelist")
        page = client.get(changelist)
        assert page.status_code == 200
        assert "0/3" in page.content.decode()

        with django_capture_on_commit_callbacks(execute=True):
            client.post(changelist, {"action": "retry", "_selected_action": [stuck.pk]})
        stuck.refresh_from_db()
        assert (stuck.status, stuck.done, stuck.total) == (JobStatus.DONE, 2, 2)

        waiting = BulkReportJob.objects.create(gemeente=gemeente)
        client.post(changelist, {"action": "cancel", "_selected_action": [waiting.pk]})
        waiting.refresh_from_db()
        assert waiting.status == JobStatus.CANCELLED
        build_bulk_reports.call(waiting.pk)  # its task, still in the queue, does nothing
        waiting.refresh_from_db()
        assert (waiting.status, waiting.done) == (JobStatus.CANCELLED, 0)

    def test_retry_refuses_while_another_job_of_the_gemeente_runs(self, gemeente):
        failed = BulkReportJob.objects.create(gemeente=gemeente, status=JobStatus.FAILED)
        BulkReportJob.objects.create(
            gemeente=gemeente,
            status=JobStatus.RUNNING,
            lease_until=timezone.now() + timedelta(minutes=1),
        )
        with pytest.raises(bulk.JobError):
            bulk.bulk_job_retry(job=failed)
        failed.refresh_from_db()
        assert failed.status == JobStatus.FAILED

    def test_zip_entry_names_are_safe_for_hostile_titles(
        self, gemeente, questionnaire, django_capture_on_commit_callbacks
    ):
        for title in ("..\\..\\Windows\\evil", "../../etc/passwd", "../../etc/passwd"):
            team_with_round(
                gemeente,
                questionnaire,
                "Team ..",
                [("professional", scores(4, 2))] * 3,
                title=title,
            )
        with django_capture_on_commit_callbacks(execute=True):
            job, _created = bulk.bulk_reports_request(gemeente=gemeente, user=None)
        job.refresh_from_db()
        names = zipfile.ZipFile(io.BytesIO(job.archive)).namelist()
        assert sorted(name for name in names if name.startswith("zelfscan-Team-")) == [
            "zelfscan-Team-.-.-.-Windows-evil.pdf",
            "zelfscan-Team-.-.-.-etc-passwd-2.pdf",
            "zelfscan-Team-.-.-.-etc-passwd.pdf",
        ]
        assert not [name for name in names if {"/", "\\"} & set(name) or ".." in name]

    def test_the_database_worker_runs_the_job(self, transactional_db, gemeente, analyst, teams):
        # Committed data, as in production: the worker closes and reopens its connection.
        job = BulkReportJob.objects.create(gemeente=gemeente, requested_by=analyst)
        build_bulk_reports.using(backend="database").enqueue(job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED  # nothing runs it until a worker does
        call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay")
        job.refresh_from_db()
        assert job.status == JobStatus.DONE
        assert len(zipfile.ZipFile(io.BytesIO(job.archive)).namelist()) == 2


def test_the_demo_analyst_sees_a_national_comparison(client):
    call_command("load_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="analist-rijnwaarde"))
    html = client.get(reverse("evaluation:gemeente", args=["rijnwaarde"])).content.decode()
    assert "(kwartiel " in html
    assert "Synthetisch" not in html  # other gemeenten are never named
