"""Anonymity against the one who runs the round (issue 22, findings 4–6): sharing comments is a
state, nothing times a response, retention and unsharing reach stored copies, the health check
answers over plain HTTP, and the held-back message states the counts."""

import pytest
from django.urls import reverse

from evaluation.disclosure import Audience
from evaluation.models import BulkReportJob, RoundAggregate, RoundReport
from evaluation.report import report_store
from evaluation.services import round_close, round_purge_raw, round_share_comments
from tests.factories import UserFactory, finish_round, import_responses, scores, submit_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def stored_report(round_, audience):
    from django.utils import timezone

    return report_store(
        round_=round_,
        audience=audience,
        fingerprint="x",
        pdf=b"%PDF",
        pages=1,
        generated_at=timezone.now(),
    )


class TestFindingFourSharingIsAState:
    def test_posting_the_same_state_twice_keeps_it(self, as_coordinator, round_):
        share = reverse("evaluation:comments_share", args=[round_.pk])
        as_coordinator.post(share, {"shared": "1"})
        as_coordinator.post(share, {"shared": "0"})
        # A second tab still showing "stop sharing", or a double click: still not shared.
        as_coordinator.post(share, {"shared": "0"})
        round_.refresh_from_db()
        assert not round_.comments_shared
        kinds = list(round_.events.values_list("kind", flat=True))
        assert kinds == ["gedeeld", "stop-delen"]

    def test_a_post_without_a_state_changes_nothing(self, as_coordinator, round_):
        share = reverse("evaluation:comments_share", args=[round_.pk])
        response = as_coordinator.post(share, follow=True)
        assert response.status_code == 200
        assert "Kies of de opmerkingen gedeeld worden" in response.content.decode()
        round_.refresh_from_db()
        assert not round_.comments_shared

    def test_unsharing_withdraws_the_gemeentes_stored_report_and_zips(self, round_):
        round_share_comments(round_=round_, shared=True)
        stored_report(round_, Audience.GEMEENTE)
        stored_report(round_, Audience.TEAM)
        BulkReportJob.objects.create(gemeente=round_.team.gemeente, status="klaar", archive=b"zip")
        round_share_comments(round_=round_, shared=False)
        assert list(RoundReport.objects.values_list("audience", flat=True)) == ["team"]
        assert not BulkReportJob.objects.exists()

    def test_the_admin_cannot_reopen_or_share_past_the_services(self, client, round_):
        admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
        client.force_login(admin)
        page = client.get(reverse("admin:evaluation_round_change", args=[round_.pk]))
        html = page.content.decode()
        assert 'name="comments_shared"' not in html
        assert 'name="closed_at_0"' not in html
        assert 'name="closes_on"' not in html
        assert 'name="title"' in html  # the rest stays editable


class TestFindingFiveNothingTimesAResponse:
    def test_an_aggregate_row_holds_no_time(self):
        fields = {f.name for f in RoundAggregate._meta.get_fields()}
        assert not {"updated_at", "created_at", "at"} & fields
        assert not [
            f
            for f in RoundAggregate._meta.get_fields()
            if f.get_internal_type() in {"DateTimeField", "TimeField"}
        ]

    def test_a_submit_asks_for_no_refresh_and_closing_does(
        self, round_, monkeypatch, django_capture_on_commit_callbacks
    ):
        asked = []
        monkeypatch.setattr(
            "evaluation.services.rounds.national_refresh_request", lambda: asked.append(1)
        )
        monkeypatch.setattr(
            "evaluation.national.national_refresh_request", lambda: asked.append("submit")
        )
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                submit_response(round_)
        assert asked == []  # a task row per submit would time it
        with django_capture_on_commit_callbacks(execute=True):
            round_close(round_=round_)
        assert asked == [1]  # its figures join the national comparison


class TestFindingSix:
    def test_retention_purges_stored_reports_and_zips(self, round_):
        submit_response(round_, comment="Een opmerking")
        finish_round(round_)
        stored_report(round_, Audience.TEAM)
        stored_report(round_, Audience.GEMEENTE)
        BulkReportJob.objects.create(gemeente=round_.team.gemeente, status="klaar", archive=b"zip")
        round_purge_raw(round_=round_)
        assert not RoundReport.objects.exists()
        assert not BulkReportJob.objects.exists()

    def test_the_health_check_answers_over_plain_http(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
        assert client.get("/gezond/").status_code == 200
        assert client.get("/").status_code == 301

    def test_the_production_settings_exempt_the_health_check(self, monkeypatch):
        import runpy
        from pathlib import Path

        monkeypatch.setenv("DEBUG", "false")
        monkeypatch.setenv("SECRET_KEY", "x" * 60)
        monkeypatch.setenv("ALLOWED_HOSTS", "zelfscan.example.nl")
        monkeypatch.setenv("EMAIL_HOST", "smtp.example.nl")
        configured = runpy.run_path(str(Path(__file__).resolve().parents[3] / "iww/settings.py"))
        assert configured["SECURE_SSL_REDIRECT"] is True
        assert configured["SECURE_REDIRECT_EXEMPT"] == [r"^gezond/$"]

    def test_the_held_back_message_states_the_link_count(self, as_coordinator, round_):
        submit_response(round_)
        import_responses(round_, [("professional", scores(4, 4))] * 2, imported=True)
        html = as_coordinator.get(reverse("evaluation:results", args=[round_.pk])).content
        text = " ".join(html.decode().split())
        assert "Naast 2 geïmporteerde antwoordsets zijn er maar 1 scans via de link" in text
        assert "er zijn er nog 2 nodig" in text


def test_the_nightly_refresh_takes_in_a_round_that_ended_on_its_last_day(round_):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from evaluation.models import NationalSnapshot, Round

    call_command("refresh_national", verbosity=0)
    assert set(NationalSnapshot.objects.values_list("teams", flat=True)) == {0}
    for _ in range(3):
        submit_response(round_)
    Round.objects.filter(pk=round_.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1),
        opens_on=timezone.localdate() - timedelta(days=5),
    )
    call_command("refresh_national", verbosity=0)
    assert set(NationalSnapshot.objects.values_list("teams", flat=True)) == {1}


def _start(client, round_, token):
    client.post(reverse("evaluation:scan_start", args=[token]), {"role": "professional"})
    return client.get(reverse("evaluation:scan_step", args=[token, 1]))


def _answer_all(client, round_, token):
    statements = list(round_.questionnaire.statements.order_by("condition__order", "order"))
    for number in (1, 2):
        step = statements[(number - 1) * 2 : number * 2]
        client.post(
            reverse("evaluation:scan_step", args=[token, number]),
            {f"stelling-{s.pk}": "4" for s in step},
        )
    client.post(reverse("evaluation:scan_submit", args=[token]))


class TestSessionsAndLinks:
    def test_a_draft_submitted_elsewhere_leaves_no_response_id_in_the_first_session(self, round_):
        from django.contrib.sessions.models import Session
        from django.test import Client

        from evaluation.models import Response, token_hash

        token = round_.invitations.get().token
        device_a = Client()
        start = device_a.post(
            reverse("evaluation:scan_start", args=[token]), {"role": "professional"}
        )
        resume_url = start.context["resume_url"]
        device_b = Client()
        device_b.get(resume_url)
        _answer_all(device_b, round_, token)
        response = Response.objects.get()
        assert response.is_submitted
        # Device A's session row, as stored until clearsessions.
        stored = Session.objects.get(session_key=device_a.session.session_key).get_decoded()
        values = list(stored.get("scan_drafts", {}).values())
        assert response.pk not in values
        assert str(response.pk) not in values
        assert not Response.objects.filter(draft_hash__in=[token_hash(v) for v in values]).exists()

    def test_replacing_a_link_cuts_off_the_drafts_started_on_it(self, client, round_):
        from evaluation.services import invitation_replace

        old = round_.invitations.get().token
        start = client.post(reverse("evaluation:scan_start", args=[old]), {"role": "professional"})
        resume_url = start.context["resume_url"]
        new = invitation_replace(round_=round_).token
        # The draft's own browser with the new link: a new scan, not the old draft.
        page = client.get(reverse("evaluation:scan_step", args=[new, 1]))
        assert page.status_code == 302
        assert page.url == reverse("evaluation:scan_start", args=[new])
        # The resume link does not hand out the new link; it says why.
        resumed = client.get(resume_url)
        html = resumed.content.decode()
        assert "vervangen" in html
        assert new not in html


class TestCommentsThatNamePeople:
    def test_the_respondent_is_warned_in_the_step_before_it_is_saved(self, client, round_):
        from evaluation.models import Comment

        token = round_.invitations.get().token
        client.post(reverse("evaluation:scan_start", args=[token]), {"role": "professional"})
        statements = list(round_.questionnaire.statements.order_by("condition__order", "order"))
        data = {f"stelling-{s.pk}": "4" for s in statements[:2]}
        data["comment"] = "Mevrouw Jansen (06-12345678) wacht al maanden"
        step = reverse("evaluation:scan_step", args=[token, 1])
        warned = client.post(step, data)
        assert warned.status_code == 200
        html = " ".join(warned.content.decode().split())
        assert "telefoonnummer, naam" in html
        assert 'name="comment_checked"' in html
        assert not Comment.objects.exists()
        # The respondent decides: checked, it is saved as written.
        kept = client.post(step, {**data, "comment_checked": "1"})
        assert kept.status_code == 302
        assert Comment.objects.get().text == data["comment"]

    def test_the_coordinator_sees_the_flags_before_sharing_and_can_take_one_out(
        self, as_coordinator, round_
    ):
        named = "Met de familie Bakker lukt niets"
        for index in range(5):
            submit_response(round_, comment=named if index == 0 else "Te weinig tijd")
        finish_round(round_)
        share = reverse("evaluation:comments_share", args=[round_.pk])
        page = as_coordinator.get(share)
        assert named in page.content.decode()
        flags = page.context["flagged"]
        assert [f.text for f in flags] == [named, named]  # on both conditions
        for flag in flags:
            as_coordinator.post(
                reverse("evaluation:comment_redact", args=[round_.pk]),
                {"condition": flag.condition_id, "text_hash": flag.text_hash},
            )
        assert named not in as_coordinator.get(share).content.decode()
        results = as_coordinator.get(reverse("evaluation:results", args=[round_.pk]))
        assert named not in results.content.decode()
        assert "weggehaald door de coördinator" in results.content.decode()
        assert round_.events.filter(kind="weggehaald").exists()
