"""The PDF report: its text (on the HTML), the PDF itself, storing, safety, access, the command."""

import http.server
import io
import re
import subprocess
import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from evaluation import services
from evaluation.constants import NOT_APPLICABLE
from evaluation.disclosure import Audience
from evaluation.models import ActionPoint, Round, RoundReport, Statement
from evaluation.pdf import BASE_URL, RefusedURL, render_pdf, static_path
from evaluation.report import report_html, round_report
from evaluation.team_results import round_results
from knowledge.constants import LessonKind
from tests.factories import (
    GemeenteFactory,
    LessonFactory,
    SourceFactory,
    TeamFactory,
    UserFactory,
    finish_round,
    import_responses,
    past_round,
    reopen_round,
    scores,
    submit_response,
)

TEAM = Audience.TEAM  # the results as the team's coordinator reads them

pytestmark = pytest.mark.django_db

HOSTILE = '<b>vet</b> <img src="file:///etc/passwd"> zie http://127.0.0.1:{port}/x.png'


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def reportable(round_, conditions):
    """Three responses: mandaat 75 (op weg), teambudget 25 (knelpunt), a lesson and an action."""
    budget = conditions[1]
    source = SourceFactory(
        key="jansen-2024", authors="Jansen, A.", year=2024, title="Werken met een teambudget"
    )
    LessonFactory(
        slug="budget-snel",
        title="Geld binnen een dag inzetbaar",
        kind=LessonKind.WORKED,
        source=source,
        section="4.2 Teambudget",
        page=31,
        conditions=[budget],
    )
    import_responses(round_, [("professional", scores(man=4, bud=2))] * 3)
    services.action_point_save(
        action_point=ActionPoint(
            round=round_, condition=budget, description="Budgetregels met de gemeente afspreken"
        )
    )
    return round_


class TestContent:
    def test_it_has_every_section_with_scores_lessons_and_citations(self, reportable):
        html = report_html(reportable, audience=TEAM)
        assert '<html lang="nl">' in html
        for heading in (
            "Inhoud",
            "Samenvatting",
            "Gedeeld beeld en actiepunten",
            "De vijf voorwaarden, zwakste eerst",
            "Caseload en teambudget",
            "Zo lees je dit rapport",
            "Bronnen",
        ):
            assert f">{heading}</h2>" in html, heading
        assert ">Actieplan</h3>" in html
        assert ">Gemeten en gedeeld beeld</h3>" in html
        assert '<span class="score-big">75</span>' in html  # mandaat
        assert '<span class="score-big">25</span>' in html  # teambudget
        assert "Knelpunt" in html
        assert "Geld binnen een dag inzetbaar" in html
        assert "4.2 Teambudget, p. 31" in html
        assert "Jansen, A. (2024). Werken met een teambudget" in html  # the bibliography
        assert "Budgetregels met de gemeente afspreken" in html
        assert "Vergelijking met de vorige ronde" not in html  # there is none
        # The chart's text alternative carries the values.
        assert "Scores per voorwaarde (0 tot 100): Mandaat 75; Teambudget 25</title>" in html

    def test_weakest_first_in_the_summary_and_in_the_chapters(self, reportable):
        # As on the results page: the chapters follow the summary's order, not a fixed one.
        html = report_html(reportable, audience=TEAM)
        summary, chapters = html.split('id="voorwaarden"')
        assert summary.index(">Teambudget<br>") < summary.index(">Mandaat<br>")
        assert chapters.index(">Teambudget</h3>") < chapters.index(">Mandaat</h3>")

    def test_a_closed_round_below_the_threshold_never_asks_for_more_scans(self, round_):
        submit_response(round_, value=5, comment="Alleen ik vond dit")
        submit_response(round_, value=5)
        finish_round(round_)
        html = report_html(round_, audience=TEAM)
        assert "De ronde is afgelopen met te weinig ingevulde scans" in html
        assert "nodig" not in html
        assert "invullen" not in html
        assert "Samenvatting" not in html
        assert "score-big" not in html
        assert "Alleen ik vond dit" not in html
        assert "Mandaat" not in html

    def test_it_compares_with_the_previous_round(self, team, conditions, round_):
        earlier = past_round(
            team=team,
            questionnaire=round_.questionnaire,
            title="Najaar",
            opens_on=round_.opens_on - timedelta(days=200),
            closes_on=round_.opens_on - timedelta(days=170),
            rows=[("professional", scores(man=2, bud=2))] * 3,
        )
        ActionPoint.objects.create(
            round=earlier, condition=conditions[0], description="Mandaat op papier zetten"
        )
        import_responses(round_, [("professional", scores(man=4, bud=2))] * 3)
        html = report_html(round_, audience=TEAM)
        comparison = html.split('id="vergelijking"')[1].split("</section>")[0]
        assert "Najaar" in comparison
        assert "+50 gestegen" in comparison  # mandaat 25 -> 75
        assert "gelijk" in comparison  # teambudget 25 -> 25
        follow_up = html.split('id="afspraken"')[1].split("</section>")[0]
        assert "Opvolging: actiepunten uit Najaar" in follow_up
        assert "Mandaat op papier zetten" in follow_up
        summary = html.split('id="samenvatting"')[1].split("</section>")[0]
        assert "Sinds Najaar" in summary  # the change since the last round, on the summary
        assert "+50 gestegen" in summary

    def test_numbers_and_dates_are_dutch(self, reportable):
        Round.objects.filter(pk=reportable.pk).update(budget_available="ja", budget_per_year=15000)
        reportable.refresh_from_db()
        html = report_html(reportable, audience=TEAM)
        assert "€ 15.000 per jaar" in html
        months = [
            "jan",
            "feb",
            "mrt",
            "apr",
            "mei",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ]
        opens = f"{reportable.opens_on.day} {months[reportable.opens_on.month - 1]} "
        assert opens + str(reportable.opens_on.year) in html


class TestLayout:
    STATEMENTS = {
        "MAN-1": "Als snelheid belangrijk is, kunnen we binnen een paar dagen zelf beslissen.",
        "MAN-2": "Beleid en afspraken van partners staan ons werk vaak in de weg.",
        "BUD-1": "Ons team heeft geld dat we zelf kunnen inzetten voor een gezin.",
        "BUD-2": "Goede oplossingen lopen vast omdat niet duidelijk is wie ze betaalt.",
    }

    def test_no_statement_cell_breaks_after_its_first_word(self, reportable):
        from evaluation.models import Statement

        for code, text in self.STATEMENTS.items():
            Statement.objects.filter(questionnaire=reportable.questionnaire, code=code).update(
                text=text
            )
        text = pdf_text(round_report(reportable, audience=TEAM).pdf)
        for statement in self.STATEMENTS.values():
            first, second = statement.split()[:2]
            assert re.search(rf"{first} +{second}", text), statement

    def test_the_count_columns_have_fixed_widths_within_the_text(self):
        from django.contrib.staticfiles import finders

        with open(finders.find("reports/report.css")) as file:
            css = file.read()
        assert "min-width: 95mm" not in css  # 95 mm + seven columns of 6 % ran past the margin
        rule = re.search(r"\.distribution th\.num, \.distribution td\.num \{([^}]*)\}", css)
        last = re.search(r"td\.num:last-child \{([^}]*)\}", css)
        column = float(re.search(r"width: ([\d.]+)mm", rule.group(1)).group(1))
        last_column = float(re.search(r"width: ([\d.]+)mm", last.group(1)).group(1))
        # Six count columns and the last one leave a readable statement column in the 174 mm
        # between the margins (the PDF itself is measured in test_report_layout.py).
        assert 174 - (6 * column + last_column) >= 90


class TestSafety:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://127.0.0.1/static/reports/report.css",
            "https://example.com/static/reports/report.css",
            "data:text/css,body{}",
            BASE_URL + "static/../iww/settings.py",
            BASE_URL + "static/%2e%2e/iww/settings.py",
            BASE_URL + "static//etc/passwd",
            BASE_URL + "manage.py",
            BASE_URL + "static/reports/nope.css",
        ],
    )
    def test_the_fetcher_refuses_all_but_static_files(self, url):
        with pytest.raises(RefusedURL):
            static_path(url)

    def test_the_fetcher_serves_the_report_stylesheet(self):
        assert static_path(BASE_URL + "static/reports/report.css").endswith("reports/report.css")

    def test_a_hostile_document_fetches_nothing(self):
        hits = []

        class Recorder(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        try:
            rendered = render_pdf(
                f'<html lang="nl"><head><title>t</title>'
                f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"></head><body>'
                f'<img alt="a" src="file:///etc/passwd"><img alt="b" src="http://127.0.0.1:{port}/i">'
                f'<img alt="c" src="/static/../iww/settings.py"></body></html>'
            )
        finally:
            server.shutdown()
        assert hits == []
        assert rendered.fetched == []
        assert len(rendered.refused) == 4
        assert "root:" not in pdf_text(rendered.pdf)

    def test_a_comment_with_html_is_plain_text_and_fetches_nothing(self, settings, round_):
        settings.PRIVACY_MIN_FOR_COMMENTS = 3  # comments from three responses, for this test
        comment = HOSTILE.format(port=9)
        for _ in range(3):
            submit_response(round_, value=4, comment=comment)
        finish_round(round_)
        made = round_report(round_, audience=TEAM)
        assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in made.html
        assert "<b>vet</b>" not in made.html
        text = pdf_text(made.pdf)
        assert '<img src="file:///etc/passwd">' in text
        assert "http://127.0.0.1:9/x.png" in text

    def test_only_static_files_are_fetched_for_a_real_report(self, reportable):
        from evaluation.report import _with_date

        rendered = render_pdf(
            _with_date(report_html(reportable, audience=TEAM), reportable.created_at)
        )
        assert rendered.refused == []
        assert rendered.fetched
        assert all(url.startswith(BASE_URL + "static/") for url in rendered.fetched)


class TestStoredReport:
    def test_it_is_served_again_while_nothing_changed(self, reportable):
        first = round_report(reportable, audience=TEAM)
        again = round_report(reportable, audience=TEAM)
        assert not first.from_cache
        assert again.from_cache
        assert again.pdf == first.pdf
        assert RoundReport.objects.filter(round=reportable).count() == 1

    def test_the_date_it_was_made_does_not_make_it_new(self, reportable):
        first = round_report(reportable, audience=TEAM)
        RoundReport.objects.filter(round=reportable).update(
            generated_at=first.generated_at - timedelta(days=3)
        )
        again = round_report(reportable, audience=TEAM)
        assert again.from_cache
        assert again.pdf == first.pdf

    def test_a_new_response_makes_a_new_report(self, reportable):
        first = round_report(reportable, audience=TEAM)
        reopen_round(reportable)
        import_responses(reportable, [("professional", scores(man=1, bud=1))])
        again = round_report(reportable, audience=TEAM)
        assert not again.from_cache
        assert again.pdf != first.pdf
        assert "<dt>Ingevulde scans</dt><dd>4</dd>" in again.html
        assert RoundReport.objects.filter(round=reportable).count() == 1

    def test_a_changed_action_point_makes_a_new_report(self, reportable):
        round_report(reportable, audience=TEAM)
        action = reportable.action_points.get()
        action.description = "Budgetregels vastleggen"
        services.action_point_save(action_point=action)
        again = round_report(reportable, audience=TEAM)
        assert not again.from_cache
        assert "Budgetregels vastleggen" in pdf_text(again.pdf)

    def test_changed_knowledge_makes_a_new_report(self, reportable):
        round_report(reportable, audience=TEAM)
        reportable_lesson = reportable.action_points.get().condition.lessons.get()
        reportable_lesson.title = "Geld snel inzetbaar"
        reportable_lesson.save()
        again = round_report(reportable, audience=TEAM)
        assert not again.from_cache
        assert "Geld snel inzetbaar" in again.html


def test_query_count_is_the_same_at_3_and_300_responses(round_):
    import_responses(round_, [("professional", scores(3, 2))] * 3)
    with CaptureQueriesContext(connection) as few_new:
        round_report(round_, audience=TEAM)
    with CaptureQueriesContext(connection) as few_stored:
        assert round_report(round_, audience=TEAM).from_cache
    reopen_round(round_)
    import_responses(
        round_,
        [("professional", scores(4, 1))] * 150 + [("gemeente", scores(2, 3))] * 147,
    )
    assert round_results(round_, audience=TEAM).submitted == 300
    RoundReport.objects.all().delete()  # measure making a new one, as at 3
    with CaptureQueriesContext(connection) as many_new:
        round_report(round_, audience=TEAM)
    with CaptureQueriesContext(connection) as many_stored:
        assert round_report(round_, audience=TEAM).from_cache
    assert len(many_new.captured_queries) == len(few_new.captured_queries)
    assert len(many_stored.captured_queries) == len(few_stored.captured_queries)


class TestThePDF:
    """The demo team's report, read back from the PDF."""

    @pytest.fixture
    def demo_round(self, db):
        call_command("load_demo", verbosity=0)
        return Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")

    def test_it_opens_with_pages_bookmarks_tags_and_text(self, demo_round):
        made = round_report(demo_round, audience=TEAM)
        reader = PdfReader(io.BytesIO(made.pdf))
        assert 12 <= len(reader.pages) <= 30
        assert len(reader.pages) == made.pages
        assert reader.metadata.title == "Zelfscan integraal werken – Wijkteam Noord – Voorjaar 2026"
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "nl"
        assert root["/MarkInfo"]["/Marked"]
        assert "/StructTreeRoot" in root

        outline = reader.outline
        titles = [item.title for item in outline if not isinstance(item, list)]
        assert titles[0] == "Samenvatting"
        assert {
            "De vijf voorwaarden, zwakste eerst",
            "Gedeeld beeld en actiepunten",
            "Bronnen",
        } <= set(titles)
        nested = next(item for item in outline if isinstance(item, list))
        results = round_results(demo_round, audience=TEAM)
        assert [item.title for item in nested] == [c.condition.name for c in results.conditions]

        text = pdf_text(made.pdf)
        assert "Wijkteam Noord" in text
        assert f"pagina 3 van {made.pages}" in text
        weakest = results.conditions[0]
        assert weakest.condition.name == "Teambudget"
        assert f"{weakest.condition.name}: {weakest.mean:.0f}, knelpunt" in text
        assert weakest.lessons[0].title in text

    def test_the_chart_has_a_text_alternative(self, demo_round):
        made = round_report(demo_round, audience=TEAM)
        reader = PdfReader(io.BytesIO(made.pdf))
        alts = []

        def walk(node, depth=0):
            node = node.get_object()
            if isinstance(node, list):
                for child in node:
                    walk(child, depth + 1)
                return
            if not hasattr(node, "get"):
                return
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None and depth < 60:
                walk(kids, depth + 1)

        walk(reader.trailer["/Root"]["/StructTreeRoot"])
        assert any("Teambudget 22" in alt for alt in alts), alts


class TestDownload:
    def url(self, round_) -> str:
        return reverse("evaluation:report", args=[round_.pk])

    def test_the_coordinator_downloads_a_pdf(self, client, coordinator, reportable):
        client.force_login(coordinator)
        response = client.get(self.url(reportable))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "zelfscan-Wijkteam-Noord-Voorjaar.pdf" in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF-1.7")

    def test_the_gemeentes_analyst_downloads_it_too(self, client, reportable):
        analyst = UserFactory()
        reportable.team.gemeente.analysts.add(analyst)
        client.force_login(analyst)
        assert client.get(self.url(reportable)).status_code == 200

    @pytest.mark.parametrize("who", ["other coordinator", "other analyst"])
    def test_anyone_else_gets_404(self, client, round_, who):
        user = UserFactory()
        if who == "other coordinator":
            TeamFactory(coordinators=[user])
        else:
            GemeenteFactory().analysts.add(user)
        client.force_login(user)
        assert client.get(self.url(round_)).status_code == 404
        assert not RoundReport.objects.exists()

    def test_anonymous_users_are_sent_to_login(self, client, round_):
        response = client.get(self.url(round_))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_it_refuses_post(self, client, coordinator, round_):
        client.force_login(coordinator)
        assert client.post(self.url(round_)).status_code == 405

    def test_a_failing_renderer_gives_a_message_not_a_500(
        self, client, coordinator, reportable, monkeypatch
    ):
        def broken(html):
            raise OSError("cannot load library 'libpango-1.0-0'")

        monkeypatch.setattr("evaluation.report.render_pdf", broken)
        client.force_login(coordinator)
        response = client.get(self.url(reportable), follow=True)
        assert response.redirect_chain[-1][0] == reverse("evaluation:results", args=[reportable.pk])
        assert "Het rapport kon niet worden gemaakt" in response.content.decode()
        assert not RoundReport.objects.exists()

    def test_the_results_page_links_to_it(self, client, coordinator, reportable):
        client.force_login(coordinator)
        html = client.get(reverse("evaluation:results", args=[reportable.pk])).content.decode()
        assert f'href="{self.url(reportable)}"' in html

    @pytest.mark.parametrize("name", ["evaluation:report", "evaluation:handout"])
    def test_too_few_scans_give_a_word_instead_of_an_empty_report(
        self, client, coordinator, round_, name
    ):
        import_responses(round_, [("professional", scores(4, 2))] * 2)  # below the threshold
        client.force_login(coordinator)
        results = reverse("evaluation:results", args=[round_.pk])
        html = client.get(results).content.decode()
        assert reverse("evaluation:report", args=[round_.pk]) not in html
        assert reverse("evaluation:handout", args=[round_.pk]) not in html
        response = client.get(reverse(name, args=[round_.pk]), follow=True)
        assert response.redirect_chain == [(results, 302)]
        assert "Er is nog geen rapport" in response.content.decode()
        assert not RoundReport.objects.exists()


class TestCommand:
    def test_it_writes_the_same_file_as_the_download(
        self, client, coordinator, reportable, tmp_path
    ):
        client.force_login(coordinator)
        downloaded = client.get(reverse("evaluation:report", args=[reportable.pk])).content
        target = tmp_path / "rapport.pdf"
        out = io.StringIO()
        call_command(
            "report", str(reportable.pk), "--voor", "team", "--output", str(target), stdout=out
        )
        assert target.read_bytes() == downloaded
        assert "rapport.pdf geschreven" in out.getvalue()

    def test_an_unknown_round_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="Ronde 999 bestaat niet"):
            call_command("report", "999", "--voor", "team", "--output", str(tmp_path / "x.pdf"))
        assert not (tmp_path / "x.pdf").exists()

    def test_a_directory_is_not_a_file(self, round_, tmp_path):
        with pytest.raises(CommandError, match="is een map"):
            call_command("report", str(round_.pk), "--voor", "team", "--output", str(tmp_path))


def test_the_distribution_has_a_not_applicable_column(round_):
    follow_up = round_.questionnaire.statements.get(code="BUD-1")
    Statement.objects.filter(pk=follow_up.pk).update(may_not_apply=True)
    rows = [("professional", scores(man=4, bud=2))] * 3
    rows.append(("professional", {**scores(man=4, bud=2), "BUD-1": NOT_APPLICABLE}))
    import_responses(round_, rows)
    html = report_html(round_, audience=TEAM)
    assert '<th scope="col" class="num">niet van toe&shy;passing</th>' in html
    assert "Niet van toepassing telt niet mee in de score" in html
    assert '<td class="num">1</td>\n      </tr>' in html  # BUD-1: one n.v.t.
    assert '<td class="num">–</td>' in html  # a statement without the option
