"""A teamgesprek step is one form: whatever was typed (agreed view, reason, new action point)
is kept by every button, and a missing choice is explained in an error summary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.constants import ActionStatus, AgreedViewChoice, Lever
from evaluation.models import ActionPoint, AgreedView

pytestmark = pytest.mark.django_db


def _step(round_, number: int) -> str:
    return reverse("evaluation:meeting_step", args=[round_.pk, number])


def _action(description: str = "Mandaat vastleggen", **extra) -> dict:
    return {
        "actie-description": description,
        "actie-actor": Lever.TEAM,
        "actie-owner": "Sanne",
        "actie-due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "actie-status": ActionStatus.OPEN,
        **extra,
    }


def _untouched_action() -> dict:
    # What a browser sends for the closed "Actiepunt toevoegen" part.
    return {"actie-actor": Lever.TEAM, "actie-status": ActionStatus.OPEN, "actie-description": ""}


class TestNothingTypedIsLost:
    def test_adding_an_action_keeps_the_view_chosen_before(
        self, as_coordinator, closed, conditions
    ):
        response = as_coordinator.post(
            _step(closed, 1),
            {"ga": "actie", "beeld-view": "lager", "beeld-note": "Geen mandaat.", **_action()},
        )
        assert response.status_code == 302
        assert response["Location"] == _step(closed, 1) + "#acties"
        agreed = AgreedView.objects.get(round=closed)
        assert (agreed.condition, agreed.view, agreed.note) == (
            conditions[0],
            AgreedViewChoice.LOWER,
            "Geen mandaat.",
        )
        assert ActionPoint.objects.get(round=closed).description == "Mandaat vastleggen"

    def test_recording_the_view_keeps_an_action_typed_before(
        self, as_coordinator, closed, conditions
    ):
        response = as_coordinator.post(
            _step(closed, 1), {"ga": "vastleggen", "beeld-view": "eens", **_action()}
        )
        assert response["Location"] == _step(closed, 2)
        assert AgreedView.objects.get(round=closed).view == AgreedViewChoice.AGREE
        action = ActionPoint.objects.get(round=closed)
        assert (action.condition, action.owner) == (conditions[0], "Sanne")

    @pytest.mark.parametrize(("go", "target"), [("volgende", 2), ("vorige", None)])
    def test_the_navigation_buttons_save_what_was_typed(self, as_coordinator, closed, go, target):
        response = as_coordinator.post(
            _step(closed, 1), {"ga": go, "beeld-view": "hoger", **_action()}
        )
        expected = (
            _step(closed, target) if target else reverse("evaluation:meeting", args=[closed.pk])
        )
        assert response["Location"] == expected
        assert AgreedView.objects.get(round=closed).view == AgreedViewChoice.HIGHER
        assert ActionPoint.objects.filter(round=closed).count() == 1

    def test_moving_on_without_typing_saves_nothing(self, as_coordinator, closed):
        response = as_coordinator.post(
            _step(closed, 1), {"ga": "volgende", "beeld-note": "", **_untouched_action()}
        )
        assert response["Location"] == _step(closed, 2)
        assert not AgreedView.objects.exists()
        assert not ActionPoint.objects.exists()

    def test_an_unchanged_view_is_not_saved_again_by_navigation(
        self, as_coordinator, closed, conditions
    ):
        AgreedView.objects.create(round=closed, condition=conditions[0], view="eens", note="Ja.")
        response = as_coordinator.post(
            _step(closed, 1),
            {"ga": "volgende", "beeld-view": "eens", "beeld-note": "Ja.", **_untouched_action()},
        )
        assert response.status_code == 302
        follow = as_coordinator.get(response["Location"]).content.decode()
        assert "Het gedeelde beeld is vastgelegd." not in follow


class TestErrors:
    def test_a_missing_choice_shows_an_error_summary_and_keeps_the_action(
        self, as_coordinator, closed
    ):
        page = as_coordinator.post(
            _step(closed, 1),
            {"ga": "vastleggen", "beeld-note": "", **_action("Vast overleg met partners")},
        )
        assert page.status_code == 200
        text = page.content.decode()
        assert "data-error-summary" in text
        assert text.index("data-error-summary") < text.index('id="beeld-kop"')
        assert (
            '<a href="#id_beeld-view_0">Wat vindt het team van deze score? — '
            "Kies wat het team van deze score vindt.</a>"
        ) in text
        assert "<title>Fout: " in text
        assert "Vast overleg met partners" in text  # still in the form
        assert "<details open" in text
        assert not AgreedView.objects.exists()
        assert not ActionPoint.objects.exists()

    def test_a_reason_without_a_view_asks_for_the_view(self, as_coordinator, closed):
        page = as_coordinator.post(
            _step(closed, 1),
            {"ga": "volgende", "beeld-note": "Omdat het zo is.", **_untouched_action()},
        )
        assert page.status_code == 200
        assert "Kies ook wat het team van deze score vindt." in page.content.decode()
        assert "Omdat het zo is." in page.content.decode()
        assert not AgreedView.objects.exists()

    def test_a_half_typed_action_stops_navigation_and_saves_nothing(self, as_coordinator, closed):
        page = as_coordinator.post(
            _step(closed, 1),
            {"ga": "volgende", "beeld-view": "eens", **_action(description="")},
        )
        assert page.status_code == 200
        text = page.content.decode()
        assert '<a href="#id_actie-description">Actiepunt: Actiepunt — ' in text
        assert "Schrijf op wat het actiepunt is." in text
        assert 'value="Sanne"' in text
        assert not AgreedView.objects.exists()  # all or nothing
        assert not ActionPoint.objects.exists()

    def test_saving_an_empty_action_is_explained(self, as_coordinator, closed):
        page = as_coordinator.post(_step(closed, 1), {"ga": "actie", **_untouched_action()})
        assert page.status_code == 200
        assert "Schrijf op wat het actiepunt is." in page.content.decode()


class TestWhereTheEyeIs:
    def test_the_message_about_a_new_action_is_beside_the_actions(self, as_coordinator, closed):
        response = as_coordinator.post(_step(closed, 1), {"ga": "actie", **_action()})
        text = as_coordinator.get(response["Location"]).content.decode()
        message = text.index("Het actiepunt is toegevoegd.")
        assert message > text.index('id="acties"')
        assert message < text.index("Mandaat vastleggen")

    def test_the_page_warns_before_losing_input_and_the_arrow_tip_is_not_for_phones(
        self, as_coordinator, closed
    ):
        text = as_coordinator.get(_step(closed, 1)).content.decode()
        assert "data-unsaved-warning=" in text
        assert "js/form-guard.js" in text
        assert 'class="small text-body-secondary ms-2 d-none d-lg-inline">Tip:' in text
