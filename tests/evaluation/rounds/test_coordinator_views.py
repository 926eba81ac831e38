"""Coordinator pages. Personas: the coordinator of team A, of team B, and an analyst."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Invitation, InvitationMail, Response, Round
from tests.factories import (
    GemeenteFactory,
    QuestionnaireFactory,
    TeamFactory,
    UserFactory,
    make_round,
    submit_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_a():
    return UserFactory(username="coordinator-a")


@pytest.fixture
def coordinator_b():
    return UserFactory(username="coordinator-b")


@pytest.fixture
def team_a(coordinator_a):
    return TeamFactory(name="Wijkteam A", coordinators=[coordinator_a])


@pytest.fixture
def team_b(coordinator_b):
    return TeamFactory(name="Wijkteam B", coordinators=[coordinator_b])


@pytest.fixture
def round_a(team_a):
    return make_round(team=team_a, title="Ronde van A")


@pytest.fixture
def as_a(client, coordinator_a):
    client.force_login(coordinator_a)
    return client


ROUND_PAGES = [
    "evaluation:round",
    "evaluation:round_counts",
    "evaluation:round_facts",
    "evaluation:round_close",
    "evaluation:invitation_replace",
    "evaluation:invitation_revoke",
    "evaluation:import",
    "evaluation:invite",
]


@pytest.mark.parametrize("name", ROUND_PAGES)
def test_round_pages_require_login(client, round_a, name):
    response = client.get(reverse(name, args=[round_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ROUND_PAGES)
def test_another_teams_round_is_404(client, coordinator_b, team_b, round_a, name):
    client.force_login(coordinator_b)
    assert client.get(reverse(name, args=[round_a.pk])).status_code == 404
    # A POST answers exactly as for a round that does not exist (404, or 405 on read-only pages).
    missing = client.post(reverse(name, args=[round_a.pk + 1000])).status_code
    assert client.post(reverse(name, args=[round_a.pk])).status_code == missing
    assert missing in {404, 405}
    round_a.refresh_from_db()
    assert round_a.closed_at is None
    assert round_a.invitations.active().count() == 1


def test_an_analyst_cannot_manage_rounds(client, round_a):
    analyst = UserFactory()
    round_a.team.gemeente.analysts.add(analyst)
    client.force_login(analyst)
    assert client.get(reverse("evaluation:round", args=[round_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["evaluation:round_counts", "evaluation:round"])
def test_read_pages_refuse_post(as_a, round_a, name):
    assert as_a.post(reverse(name, args=[round_a.pk])).status_code == 405


def test_dashboard_lists_only_own_teams_with_counts(as_a, round_a, team_b):
    make_round(team=team_b, title="Ronde van B")
    submit_response(round_a)
    response = as_a.get(reverse("evaluation:dashboard"))
    html = response.content.decode()
    assert "Ronde van A" in html
    assert "Ronde van B" not in html
    assert "Wijkteam B" not in html
    assert response.context["teams"][0].rounds.all()[0].submitted_count == 1


def test_dashboard_without_teams_explains_what_to_do(client):
    client.force_login(UserFactory())
    html = client.get(reverse("evaluation:dashboard")).content.decode()
    assert "aan geen team gekoppeld" in html


class TestCreateRound:
    def url(self, team):
        return reverse("evaluation:round_create", args=[team.pk])

    def data(self, questionnaire, **overrides):
        today = timezone.localdate()
        return {
            "title": "Najaar 2027",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=14)).isoformat(),
            "questionnaire": questionnaire.pk,
            **overrides,
        }

    def test_a_coordinator_creates_a_round_with_a_link(self, as_a, team_a):
        questionnaire = QuestionnaireFactory()
        response = as_a.post(self.url(team_a), self.data(questionnaire, fte="8,5"))
        round_ = Round.objects.get(team=team_a)
        assert response.status_code == 302
        assert response.url == round_.get_absolute_url()
        assert str(round_.fte) == "8.5"
        assert Invitation.objects.active().filter(round=round_).count() == 1
        page = as_a.get(round_.get_absolute_url()).content.decode()
        assert round_.invitations.get().token in page

    def test_closing_before_opening_is_explained_and_nothing_stored(self, as_a, team_a):
        today = timezone.localdate()
        data = self.data(
            QuestionnaireFactory(),
            opens_on=(today + timedelta(days=5)).isoformat(),
            closes_on=(today + timedelta(days=1)).isoformat(),
        )
        response = as_a.post(self.url(team_a), data)
        assert response.status_code == 200
        assert "De einddatum ligt voor de begindatum." in response.content.decode()
        assert not Round.objects.exists()

    def test_an_unpublished_questionnaire_cannot_be_chosen(self, as_a, team_a):
        data = self.data(QuestionnaireFactory(is_published=False))
        response = as_a.post(self.url(team_a), data)
        assert response.status_code == 200
        assert response.context["form"].errors["questionnaire"]
        assert not Round.objects.exists()

    def test_bandwidth_upper_below_lower_is_explained(self, as_a, team_a):
        data = self.data(QuestionnaireFactory(), bandwidth_low="20", bandwidth_high="10")
        response = as_a.post(self.url(team_a), data)
        assert "minstens zo hoog" in response.content.decode()
        assert not Round.objects.exists()

    def test_another_team_is_404(self, as_a, team_b):
        assert as_a.get(self.url(team_b)).status_code == 404
        assert as_a.post(self.url(team_b), self.data(QuestionnaireFactory())).status_code == 404
        assert not Round.objects.exists()


def test_closing_asks_for_confirmation_first(as_a, round_a):
    url = reverse("evaluation:round_close", args=[round_a.pk])
    page = as_a.get(url)
    assert "Weet je zeker" in page.content.decode()
    round_a.refresh_from_db()
    assert round_a.closed_at is None
    as_a.post(url)
    round_a.refresh_from_db()
    assert round_a.closed_at is not None


def test_replacing_the_link_shows_the_new_one(as_a, round_a):
    old = round_a.invitations.get().token
    as_a.post(reverse("evaluation:invitation_replace", args=[round_a.pk]))
    html = as_a.get(round_a.get_absolute_url()).content.decode()
    assert old not in html
    assert Invitation.objects.active().get(round=round_a).token in html


def test_revoking_leaves_the_round_without_link(as_a, round_a):
    as_a.post(reverse("evaluation:invitation_revoke", args=[round_a.pk]))
    html = as_a.get(round_a.get_absolute_url()).content.decode()
    assert "Er is geen actieve link" in html


def test_counts_endpoint_reports_started_and_submitted(as_a, round_a):
    submit_response(round_a)
    from evaluation import services

    services.response_start(round_=round_a, role="professional")
    data = as_a.get(reverse("evaluation:round_counts", args=[round_a.pk])).json()
    assert data == {"started": 1, "submitted": 1}


def test_facts_can_be_updated(as_a, round_a):
    url = reverse("evaluation:round_facts", args=[round_a.pk])
    response = as_a.post(url, {"fte": "6", "households": "120", "budget_available": "ja"})
    assert response.status_code == 302
    round_a.refresh_from_db()
    assert (round_a.households, round_a.budget_available) == (120, "ja")


def test_facts_refuse_zero_fte(as_a, round_a):
    response = as_a.post(reverse("evaluation:round_facts", args=[round_a.pk]), {"fte": "0"})
    assert "groter dan 0" in response.content.decode()


@pytest.mark.parametrize("households", ["١٢٠", "１２０", "12²"])
def test_facts_refuse_digits_other_than_ascii(as_a, round_a, households):
    url = reverse("evaluation:round_facts", args=[round_a.pk])
    response = as_a.post(url, {"fte": "6", "households": households})
    assert response.status_code == 200
    assert "alleen de cijfers 0 tot en met 9" in response.content.decode()
    round_a.refresh_from_db()
    assert round_a.households != 120


class TestWebImport:
    def upload(self, text: str):
        return SimpleUploadedFile("antwoorden.csv", text.encode(), content_type="text/csv")

    def header(self, round_):
        codes = round_.questionnaire.statements.order_by("condition__order", "order")
        return "perspectief;" + ";".join(codes.values_list("code", flat=True))

    def test_a_good_file_is_imported(self, as_a, round_a):
        text = self.header(round_a) + "\nprofessional;4;4;4;4\ninwoner;2;;3;1\n"
        response = as_a.post(
            reverse("evaluation:import", args=[round_a.pk]), {"file": self.upload(text)}
        )
        assert response.status_code == 302
        assert Response.objects.filter(round=round_a, imported=True).count() == 2

    def test_a_bad_file_is_refused_whole_with_row_messages(self, as_a, round_a):
        text = self.header(round_a) + "\nprofessional;4;4;4;4\nprofessional;9;4;4;4\n"
        response = as_a.post(
            reverse("evaluation:import", args=[round_a.pk]), {"file": self.upload(text)}
        )
        assert response.status_code == 200
        assert "Rij 3:" in response.content.decode()
        assert not Response.objects.exists()

    def test_a_superscript_digit_is_a_row_error_not_a_500(self, as_a, round_a):
        text = self.header(round_a) + "\nprofessional;²;4;4;4\n"
        response = as_a.post(
            reverse("evaluation:import", args=[round_a.pk]), {"file": self.upload(text)}
        )
        assert response.status_code == 200
        assert "Rij 2: waarde &#x27;²&#x27;" in response.content.decode()
        assert not Response.objects.exists()

    def test_comments_and_roles_in_any_spelling_are_imported(self, as_a, round_a):
        condition = round_a.questionnaire.statements.order_by("condition__order").first().condition
        codes = round_a.questionnaire.statements.order_by("condition__order", "order")
        header = "Rol;" + ";".join(codes.values_list("code", flat=True))
        text = f"{header};opmerking-{condition.code}\nGemeente/beleid;4;4;4;4;Van papier\n"
        response = as_a.post(
            reverse("evaluation:import", args=[round_a.pk]), {"file": self.upload(text)}
        )
        assert response.status_code == 302, response.context["errors"]
        stored = Response.objects.get(round=round_a)
        assert stored.role == "gemeente"
        assert list(stored.comments.values_list("condition", "text")) == [
            (condition.pk, "Van papier")
        ]

    def test_the_help_lists_columns_roles_and_dont_know_spellings(self, as_a, round_a):
        html = as_a.get(reverse("evaluation:import", args=[round_a.pk])).content.decode()
        condition = round_a.questionnaire.statements.first().condition
        assert f"opmerking-{condition.code}" in html
        assert "Gemeente of beleid" in html
        for spelling in ("weet niet", "weet ik niet", "weet ik het niet", "weet-niet", "wn"):
            assert f"<code>{spelling}</code>" in html


def test_invite_sends_one_mail_per_address_and_stores_none(
    as_a, round_a, django_capture_on_commit_callbacks
):
    url = reverse("evaluation:invite", args=[round_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_a.post(url, {"addresses": "a@example.org\nb@example.org, a@example.org"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert round_a.invitations.get().token in mail.outbox[0].body
    assert not InvitationMail.objects.exclude(address="").exists()


def test_invite_explains_wrong_addresses(as_a, round_a):
    response = as_a.post(
        reverse("evaluation:invite", args=[round_a.pk]), {"addresses": "geen-adres"}
    )
    assert "Dit adres klopt niet: geen-adres" in response.content.decode()
    assert not mail.outbox
    response = as_a.post(
        reverse("evaluation:invite", args=[round_a.pk]), {"addresses": "geen-adres\nook@niet"}
    )
    assert "Deze adressen kloppen niet: geen-adres, ook@niet" in response.content.decode()
    assert not mail.outbox


def test_other_gemeente_team_is_invisible_too(client, round_a):
    outsider = UserFactory()
    TeamFactory(gemeente=GemeenteFactory(), coordinators=[outsider])
    client.force_login(outsider)
    assert client.get(round_a.get_absolute_url()).status_code == 404


class CountingUploadHandler(FileUploadHandler):
    """Stands in for Django's handlers that store an upload; counts the bytes it is given."""

    stored = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        CountingUploadHandler.stored += len(raw_data)

    def file_complete(self, file_size: int) -> None:
        return None


def test_an_import_larger_than_the_limit_is_stopped_while_it_is_read(
    client, coordinator_a, round_a, settings
):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.CountingUploadHandler"]
    CountingUploadHandler.stored = 0
    client.force_login(coordinator_a)
    huge = SimpleUploadedFile("groot.csv", b"perspectief;M1\n" + b"x" * (10 * 1024 * 1024))
    url = reverse("evaluation:import", args=[round_a.pk])
    response = client.post(url, {"file": huge})
    assert response.status_code == 200
    assert "Het bestand is groter dan 2 MB." in response.content.decode()
    # Nothing past the limit reached the handlers that keep uploads (memory or a temp file).
    assert CountingUploadHandler.stored <= 2 * 1024 * 1024
    assert not Response.objects.exists()


def test_the_import_still_checks_csrf(coordinator_a, round_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_a)
    url = reverse("evaluation:import", args=[round_a.pk])
    csv = SimpleUploadedFile("a.csv", b"perspectief\nprofessional\n")
    assert client.post(url, {"file": csv}).status_code == 403
