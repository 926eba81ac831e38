"""The teamgesprek, the agreed view, and the follow-up of action points."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.constants import ActionStatus, AgreedViewChoice, Lever
from evaluation.disclosure import Audience
from evaluation.models import ActionPoint, AgreedView
from evaluation.results.forms import ActionPointForm
from evaluation.team_results import round_results
from tests.factories import (
    QuestionnaireFactory,
    TeamFactory,
    UserFactory,
    import_responses,
    make_round,
    past_round,
    scores,
)

pytestmark = pytest.mark.django_db


def _previous_with_actions(team, conditions):
    today = timezone.localdate()
    questionnaire = QuestionnaireFactory(conditions=conditions)
    earlier = past_round(
        team=team,
        questionnaire=questionnaire,
        title="Vorig jaar",
        opens_on=today - timedelta(days=2),
        closes_on=today,
        rows=[("professional", scores(2, 2))] * 3,
    )
    for description, status in [
        ("Nog open", ActionStatus.OPEN),
        ("Al bezig", ActionStatus.IN_PROGRESS),
        ("Al klaar", ActionStatus.DONE),
    ]:
        ActionPoint.objects.create(
            round=earlier,
            condition=conditions[0],
            description=description,
            status=status,
            due_date=today - timedelta(days=5),
        )
    later = make_round(
        team=team,
        questionnaire=questionnaire,
        title="Nu",
        opens_on=today + timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    import_responses(later, [("professional", scores(3, 4))] * 3)
    return earlier, later


class TestAvailability:
    def test_a_running_round_gets_a_dutch_page_and_no_results(self, as_coordinator, round_):
        import_responses(round_, [("professional", scores(2, 4))] * 3, finish=False)
        page = as_coordinator.get(reverse("evaluation:meeting", args=[round_.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "pas na afloop van de ronde" in text
        assert "Mandaat" not in text

    def test_a_step_of_a_round_with_too_few_responses_shows_nothing(self, as_coordinator, round_):
        import_responses(round_, [("professional", scores(2, 4))] * 2)
        page = as_coordinator.get(reverse("evaluation:meeting_step", args=[round_.pk, 1]))
        assert "Nog te weinig antwoorden" in page.content.decode()
        assert "score-huge" not in page.content.decode()

    def test_another_coordinator_gets_404(self, client, closed):
        client.force_login(UserFactory())
        for name, args in [
            ("evaluation:meeting", [closed.pk]),
            ("evaluation:meeting_step", [closed.pk, 1]),
            ("evaluation:meeting_end", [closed.pk]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 404

    def test_a_step_past_the_last_is_404(self, as_coordinator, closed):
        url = reverse("evaluation:meeting_step", args=[closed.pk, 3])
        assert as_coordinator.get(url).status_code == 404

    def test_the_end_page_refuses_post(self, as_coordinator, closed):
        url = reverse("evaluation:meeting_end", args=[closed.pk])
        assert as_coordinator.post(url).status_code == 405


class TestSteps:
    def test_the_weakest_condition_comes_first_with_questions_and_citation(
        self, as_coordinator, closed
    ):
        page = as_coordinator.get(reverse("evaluation:meeting_step", args=[closed.pk, 1]))
        text = page.content.decode()
        assert '<h1 class="meeting-title">Mandaat</h1>' in text
        assert "Voorwaarde 1 van 2" in text
        assert "Om over te praten" in text
        assert "toestemming vragen" in text  # one of the mandaat questions
        assert "Gebaseerd op:" in text

    def test_recording_the_agreed_view_moves_to_the_next_condition(
        self, as_coordinator, closed, conditions
    ):
        url = reverse("evaluation:meeting_step", args=[closed.pk, 1])
        response = as_coordinator.post(
            url, {"form": "view", "beeld-view": "lager", "beeld-note": "Nog slechter."}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("evaluation:meeting_step", args=[closed.pk, 2])
        agreed = AgreedView.objects.get(round=closed)
        assert (agreed.condition, agreed.view, agreed.note) == (
            conditions[0],
            AgreedViewChoice.LOWER,
            "Nog slechter.",
        )
        # Again: replaced, not duplicated.
        as_coordinator.post(url, {"form": "view", "beeld-view": "eens", "beeld-note": ""})
        assert AgreedView.objects.get(round=closed).view == AgreedViewChoice.AGREE

    def test_an_unknown_view_is_explained(self, as_coordinator, closed):
        url = reverse("evaluation:meeting_step", args=[closed.pk, 1])
        page = as_coordinator.post(url, {"form": "view", "beeld-view": "misschien"})
        assert page.status_code == 200
        assert "is-invalid" in page.content.decode()
        assert not AgreedView.objects.exists()

    def test_an_action_point_is_added_to_the_condition_on_the_screen(
        self, as_coordinator, closed, conditions
    ):
        url = reverse("evaluation:meeting_step", args=[closed.pk, 1])
        due = timezone.localdate() + timedelta(days=30)
        response = as_coordinator.post(
            url,
            {
                "ga": "actie",
                "actie-condition": conditions[0].pk,
                "actie-description": "Mandaat vastleggen met de partners",
                "actie-actor": Lever.GEMEENTE,
                "actie-owner": "Sanne",
                "actie-due_date": due.isoformat(),
                "actie-status": ActionStatus.OPEN,
            },
        )
        assert response.status_code == 302
        action = ActionPoint.objects.get(round=closed)
        assert (action.condition, action.actor, action.owner, action.due_date) == (
            conditions[0],
            Lever.GEMEENTE,
            "Sanne",
            due,
        )

    def test_an_action_point_always_gets_the_condition_on_the_screen(
        self, as_coordinator, closed, conditions
    ):
        url = reverse("evaluation:meeting_step", args=[closed.pk, 1])
        response = as_coordinator.post(
            url,
            {
                "ga": "actie",
                "actie-condition": conditions[1].pk,  # tampered: ignored
                "actie-description": "Iets anders",
                "actie-actor": Lever.TEAM,
                "actie-status": ActionStatus.OPEN,
            },
        )
        assert response.status_code == 302
        assert ActionPoint.objects.get(round=closed).condition == conditions[0]

    def test_measured_and_agreed_appear_side_by_side_on_the_results_page(
        self, as_coordinator, closed, conditions
    ):
        services.agreed_view_save(
            round_=closed, condition=conditions[0], view="hoger", note="Het gaat beter."
        )
        text = as_coordinator.get(reverse("evaluation:results", args=[closed.pk])).content
        text = text.decode()
        assert "Gemeten en gedeeld beeld" in text
        assert "Het is beter dan gemeten" in text
        assert "Het gaat beter." in text


class TestPreviousActions:
    def test_the_meeting_starts_with_last_rounds_open_actions(
        self, as_coordinator, team, conditions
    ):
        _earlier, later = _previous_with_actions(team, conditions)
        text = as_coordinator.get(reverse("evaluation:meeting", args=[later.pk])).content.decode()
        assert "Nog open" in text
        assert "Al bezig" in text
        assert "Al klaar" not in text
        assert "te laat" in text

    def test_their_status_is_recorded(self, as_coordinator, team, conditions):
        earlier, later = _previous_with_actions(team, conditions)
        open_one = earlier.action_points.get(description="Nog open")
        busy = earlier.action_points.get(description="Al bezig")
        response = as_coordinator.post(
            reverse("evaluation:meeting", args=[later.pk]),
            {f"status-{open_one.pk}": "klaar", f"status-{busy.pk}": "vervallen"},
        )
        assert response.status_code == 302
        open_one.refresh_from_db()
        busy.refresh_from_db()
        assert (open_one.status, busy.status) == (ActionStatus.DONE, ActionStatus.DROPPED)

    def test_an_unknown_status_changes_nothing(self, as_coordinator, team, conditions):
        earlier, later = _previous_with_actions(team, conditions)
        open_one = earlier.action_points.get(description="Nog open")
        page = as_coordinator.post(
            reverse("evaluation:meeting", args=[later.pk]), {f"status-{open_one.pk}": "weg"}
        )
        assert page.status_code == 200
        open_one.refresh_from_db()
        assert open_one.status == ActionStatus.OPEN


class TestOverview:
    def test_it_lists_open_actions_of_own_teams_with_overdue_flagged(
        self, as_coordinator, team, conditions
    ):
        _previous_with_actions(team, conditions)
        other = make_round(
            team=TeamFactory(), questionnaire=QuestionnaireFactory(conditions=conditions)
        )
        ActionPoint.objects.create(round=other, condition=conditions[0], description="Vreemd")
        text = as_coordinator.get(reverse("evaluation:actions")).content.decode()
        assert "Nog open" in text
        assert "Al bezig" in text
        assert "Al klaar" not in text
        assert "Vreemd" not in text
        assert text.count('class="overdue"') == 2

    def test_it_is_paginated_with_a_fixed_number_of_queries(self, as_coordinator, team, conditions):
        _previous_with_actions(team, conditions)
        url = reverse("evaluation:actions")
        with CaptureQueriesContext(connection) as few:
            as_coordinator.get(url)
        earlier = team.rounds.get(title="Vorig jaar")
        ActionPoint.objects.bulk_create(
            ActionPoint(round=earlier, condition=conditions[1], description=f"Actie {n}")
            for n in range(40)
        )
        with CaptureQueriesContext(connection) as many:
            page = as_coordinator.get(url)
        assert len(many.captured_queries) == len(few.captured_queries)
        assert "pagina=2" in page.content.decode()

    def test_it_refuses_post(self, as_coordinator):
        assert as_coordinator.post(reverse("evaluation:actions")).status_code == 405


class TestActionPointForm:
    def test_a_new_action_point_cannot_be_due_in_the_past(self, closed, conditions):
        form = ActionPointForm(
            {
                "condition": conditions[0].pk,
                "description": "Te laat begonnen",
                "actor": Lever.TEAM,
                "status": ActionStatus.OPEN,
                "due_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            },
            instance=ActionPoint(round=closed),
        )
        assert not form.is_valid()
        assert "due_date" in form.errors

    def test_an_existing_action_point_may_keep_a_past_date(self, closed, conditions):
        past = timezone.localdate() - timedelta(days=3)
        action = ActionPoint.objects.create(
            round=closed, condition=conditions[0], description="Oud", due_date=past
        )
        form = ActionPointForm(
            {
                "condition": conditions[0].pk,
                "description": "Oud",
                "actor": Lever.TEAM,
                "status": ActionStatus.IN_PROGRESS,
                "due_date": past.isoformat(),
            },
            instance=action,
        )
        assert form.is_valid(), form.errors


def test_attention_never_lists_a_strong_condition(closed):
    results = round_results(closed, audience=Audience.TEAM)
    assert [c.condition.slug for c in results.attention] == ["mandaat"]


def test_attention_is_empty_when_everything_is_strong(round_):
    import_responses(round_, [("professional", scores(5, 5))] * 3)
    assert round_results(round_, audience=Audience.TEAM).attention == []


class TestInvitation:
    def test_the_round_page_has_a_qr_code_and_a_copy_button(self, as_coordinator, round_):
        text = as_coordinator.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
        assert '<svg role="img" focusable="false"' in text
        assert "<title>QR-code met de uitnodigingslink</title>" in text
        assert 'data-copy="uitnodigingslink"' in text
        assert "js/copy-link.js" in text

    def test_the_printable_invitation_carries_the_link_and_the_qr_code(
        self, as_coordinator, round_
    ):
        from evaluation.models import Invitation

        token = Invitation.objects.active().get(round=round_).token
        page = as_coordinator.get(reverse("evaluation:invitation_print", args=[round_.pk]))
        text = page.content.decode()
        assert f"/scan/{token}/" in text
        assert 'class="qr-code"' in text

    def test_without_an_active_link_there_is_nothing_to_print(self, as_coordinator, round_):
        services.invitation_revoke(round_=round_)
        response = as_coordinator.get(reverse("evaluation:invitation_print", args=[round_.pk]))
        assert response.status_code == 302

    def test_another_coordinator_gets_404(self, client, round_):
        client.force_login(UserFactory())
        url = reverse("evaluation:invitation_print", args=[round_.pk])
        assert client.get(url).status_code == 404
