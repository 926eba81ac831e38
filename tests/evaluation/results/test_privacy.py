"""Anonymity against a curious insider (issue 14, findings 1–3): made-up responses, watching an
open round, reopening, small conditions, ranges and comments. Each reproduces an attack that
worked before and asserts it no longer does."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evaluation.disclosure import Audience
from evaluation.models import RoundEvent
from evaluation.report import report_html
from evaluation.team_results import round_results
from tests.factories import (
    UserFactory,
    finish_round,
    import_responses,
    reopen_round,
    scores,
    submit_response,
)

pytestmark = pytest.mark.django_db

SECRET = "Mijn leidinggevende luistert niet"


def csv_upload(round_, row: str):
    codes = round_.questionnaire.statements.order_by("condition__order", "order")
    header = "perspectief;" + ";".join(codes.values_list("code", flat=True))
    return SimpleUploadedFile("rij.csv", f"{header}\n{row}\n".encode(), content_type="text/csv")


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


class TestMadeUpResponses:
    def test_a_closed_round_takes_no_import(self, as_coordinator, round_):
        submit_response(round_, value=5, comment=SECRET)
        submit_response(round_, value=1)
        finish_round(round_)
        response = as_coordinator.post(
            reverse("evaluation:import", args=[round_.pk]),
            {"file": csv_upload(round_, "professional;3;3;3;3")},
        )
        assert response.status_code == 200
        assert "Heropen de ronde eerst" in response.content.decode()
        assert round_results(round_, audience=Audience.TEAM).submitted == 2
        assert not round_results(round_, audience=Audience.TEAM).reportable

    def test_an_import_beside_two_real_scans_does_not_lift_the_threshold(
        self, as_coordinator, round_
    ):
        submit_response(round_, value=5, comment=SECRET)
        submit_response(round_, value=1)
        as_coordinator.post(
            reverse("evaluation:import", args=[round_.pk]),
            {"file": csv_upload(round_, "professional;3;3;3;3")},
        )
        finish_round(round_)
        results = round_results(round_, audience=Audience.TEAM)
        assert results.submitted == 3
        assert not results.reportable
        assert results.withheld == "te-weinig-via-link"
        html = as_coordinator.get(reverse("evaluation:results", args=[round_.pk])).content
        assert SECRET not in html.decode()
        assert "score-big" not in html.decode()
        pdf_html = report_html(round_, audience=Audience.TEAM)
        assert SECRET not in pdf_html
        assert "Mediaan" not in pdf_html

    def test_every_import_is_recorded_and_shown(self, as_coordinator, coordinator, round_):
        as_coordinator.post(
            reverse("evaluation:import", args=[round_.pk]),
            {"file": csv_upload(round_, "professional;3;3;3;3")},
        )
        import_responses(round_, [("professional", scores(4, 2))] * 3, imported=True)
        event = RoundEvent.objects.filter(round=round_).first()
        assert (event.kind, event.rows, event.by) == ("import", 1, coordinator)
        html = as_coordinator.get(reverse("evaluation:results", args=[round_.pk])).content
        text = html.decode()
        assert "4 van 4 antwoordsets zijn via een import ingevoerd." in text
        assert "1 antwoordset geïmporteerd door coordinator" in text
        assert "antwoordsets zijn via een import ingevoerd" in report_html(
            round_, audience=Audience.TEAM
        )


class TestWatchingAnOpenRound:
    def test_no_scores_or_comments_while_the_round_runs(self, as_coordinator, round_):
        for _ in range(5):
            submit_response(round_, value=4, comment=SECRET)
        results = round_results(round_, audience=Audience.TEAM)
        assert not results.reportable
        assert results.withheld == "loopt"
        assert results.conditions == []
        html = as_coordinator.get(reverse("evaluation:results", args=[round_.pk])).content
        assert "De ronde loopt nog" in html.decode()
        assert SECRET not in html.decode()

    def test_an_analyst_sees_no_scores_of_an_open_round_either(self, client, round_):
        analyst = UserFactory()
        round_.team.gemeente.analysts.add(analyst)
        import_responses(round_, [("professional", scores(4, 2))] * 5, finish=False)
        client.force_login(analyst)
        html = client.get(reverse("evaluation:results", args=[round_.pk])).content.decode()
        assert "score-big" not in html
        overview = client.get(reverse("evaluation:gemeente", args=[round_.team.gemeente.slug]))
        assert "heat-score" not in overview.content.decode()

    def test_a_few_responses_after_a_reopening_are_not_shown(self, round_):
        import_responses(round_, [("professional", scores(4, 2))] * 5)
        assert round_results(round_, audience=Audience.TEAM).reportable
        reopen_round(round_)
        import_responses(round_, [("professional", scores(1, 1))])
        results = round_results(round_, audience=Audience.TEAM)
        assert not results.reportable
        assert (results.withheld, results.missing) == ("te-weinig-nieuw", 2)
        # Enough new ones, and the results come back.
        reopen_round(round_)
        import_responses(round_, [("professional", scores(2, 2))] * 2)
        assert round_results(round_, audience=Audience.TEAM).reportable

    def test_reopening_is_recorded_and_needs_a_date_from_today(self, as_coordinator, round_):
        import_responses(round_, [("professional", scores(4, 2))] * 3)
        url = reverse("evaluation:round_reopen", args=[round_.pk])
        yesterday = timezone.localdate() - timezone.timedelta(days=1)
        refused = as_coordinator.post(url, {"closes_on": yesterday.isoformat()})
        assert "vanaf vandaag" in refused.content.decode()
        round_.refresh_from_db()
        assert round_.closed_at is not None
        done = as_coordinator.post(url, {"closes_on": timezone.localdate().isoformat()})
        assert done.status_code == 302
        round_.refresh_from_db()
        assert round_.closed_at is None
        assert round_.events.filter(kind="heropend").count() == 1


class TestSmallGroupsInsideTheResults:
    def test_a_withheld_condition_shows_no_answers_per_statement(self, round_):
        # Mandaat answered by two people only ("weet ik niet" for the third).
        rows = [("professional", scores(4, 2))] * 2 + [
            ("professional", {"MAN-1": None, "MAN-2": None, "BUD-1": 3, "BUD-2": 3})
        ]
        import_responses(round_, rows)
        by_slug = {
            c.condition.slug: c for c in round_results(round_, audience=Audience.TEAM).conditions
        }
        assert by_slug["mandaat"].mean is None
        assert by_slug["mandaat"].distribution == []
        assert by_slug["teambudget"].distribution != []
        html = report_html(round_, audience=Audience.TEAM)
        mandaat = html.split('id="voorwaarde-mandaat"')[1].split("</section>")[0]
        assert "Antwoorden per stelling" not in mandaat

    def test_no_lowest_median_or_highest_below_the_range_threshold(self, round_):
        import_responses(round_, [("professional", scores(v, v)) for v in (1, 3, 5)])
        budget = round_results(round_, audience=Audience.TEAM).conditions[0]
        assert (budget.n, budget.median, budget.minimum, budget.maximum) == (3, None, None, None)
        detail = (
            report_html(round_, audience=Audience.TEAM)
            .split('class="score-detail"')[1]
            .split("</p>")[0]
        )
        assert "Mediaan" not in detail
        assert "(laagste 0" not in detail

    def test_ranges_from_the_range_threshold(self, round_):
        import_responses(round_, [("professional", scores(v, v)) for v in (1, 2, 3, 4, 5)])
        budget = round_results(round_, audience=Audience.TEAM).conditions[0]
        assert (budget.minimum, budget.median, budget.maximum) == (0.0, 50.0, 100.0)

    def test_comments_need_the_comment_threshold(self, round_):
        for _ in range(4):
            submit_response(round_, value=4, comment=SECRET)
        finish_round(round_)
        results = round_results(round_, audience=Audience.TEAM)
        assert results.reportable
        assert not results.comments_shown
        assert all(c.comments == [] for c in results.conditions)


class TestCommentsAreTheTeams:
    def test_an_analyst_reads_comments_only_when_the_coordinator_shares_them(
        self, client, as_coordinator, round_
    ):
        analyst = UserFactory()
        round_.team.gemeente.analysts.add(analyst)
        for _ in range(5):
            submit_response(round_, value=4, comment=SECRET)
        finish_round(round_)
        url = reverse("evaluation:results", args=[round_.pk])
        assert SECRET in as_coordinator.get(url).content.decode()
        other = type(client)()
        other.force_login(analyst)
        assert SECRET not in other.get(url).content.decode()
        share = reverse("evaluation:comments_share", args=[round_.pk])
        assert "Ja, deel de opmerkingen" in as_coordinator.get(share).content.decode()
        as_coordinator.post(share, {"shared": "1"})
        assert SECRET in other.get(url).content.decode()
        as_coordinator.post(share, {"shared": "0"})
        assert SECRET not in other.get(url).content.decode()
