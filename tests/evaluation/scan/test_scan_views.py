"""The respondent's flow through the invitation link."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.constants import DONT_KNOW, NOT_APPLICABLE, ResponseStatus
from evaluation.models import Answer, ConditionScore, Response, Statement
from tests.evaluation.scan.helpers import statements_of_step, url
from tests.factories import make_round

pytestmark = pytest.mark.django_db


def answer_step(client, round_, token, number, value="4", **extra):
    data = {f"stelling-{s.pk}": value for s in statements_of_step(round_, number)}
    data.update(extra)
    return client.post(url("scan_step", token, number), data)


def start(client, token, role="professional"):
    return client.post(url("scan_start", token), {"role": role})


def test_landing_explains_purpose_anonymity_and_time(client, round_, token):
    html = client.get(url("scan_landing", token)).content.decode()
    assert "10 tot 15 minuten" in html
    assert "geen naam of e-mailadres" in html
    assert "Begin de scan" in html


@pytest.mark.parametrize("bad", ["onzin", "a" * 200, "%00"])
def test_an_unknown_link_gets_a_clear_page(client, round_, bad):
    response = client.get(url("scan_landing", bad))
    assert response.status_code == 404
    assert "Deze link werkt niet (meer)" in response.content.decode()


def test_a_revoked_link_looks_exactly_like_an_unknown_one(client, round_, token):
    services.invitation_revoke(round_=round_)
    revoked = client.get(url("scan_landing", token))
    unknown = client.get(url("scan_landing", "bestaat-niet"))
    assert revoked.status_code == unknown.status_code == 404

    def normalized(content: bytes) -> str:
        # Only the CSRF token and the language switch's return path may differ.
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())
        return re.sub(r'name="next" type="hidden" value="[^"]+"', "", html)

    assert normalized(revoked.content) == normalized(unknown.content)


def test_the_whole_flow_stores_one_submitted_response(client, round_, token):
    page = start(client, token, "ketenpartner")
    assert "Bewaar je persoonlijke link" in page.content.decode()
    assert answer_step(client, round_, token, 1).url == url("scan_step", token, 2)
    assert answer_step(client, round_, token, 2, DONT_KNOW).url == url("scan_review", token)
    review = client.get(url("scan_review", token)).content.decode()
    assert "Weet ik niet" in review
    assert "Antwoorden indienen" in review
    response = client.post(url("scan_submit", token))
    assert response.url == url("scan_thanks", token)
    assert "je antwoorden zijn ingediend" in client.get(response.url).content.decode()
    stored = Response.objects.get()
    assert (stored.status, stored.role) == (ResponseStatus.SUBMITTED, "ketenpartner")
    assert ConditionScore.objects.filter(response=stored).count() == 2


def test_double_submit_and_a_second_tab_create_one_response(client, round_, token):
    start(client, token)
    answer_step(client, round_, token, 1)
    answer_step(client, round_, token, 2)
    first = client.post(url("scan_submit", token))
    second = client.post(url("scan_submit", token))
    assert first.url == second.url == url("scan_thanks", token)
    # The "other tab" opens the start page again: it continues, it does not start anew.
    assert client.get(url("scan_start", token)).status_code == 302
    assert Response.objects.count() == 1
    assert ConditionScore.objects.count() == 2


def test_a_step_without_answers_says_what_is_missing_and_stores_nothing(client, round_, token):
    start(client, token)
    response = client.post(url("scan_step", token, 1), {})
    assert response.status_code == 200
    assert "Kies een antwoord of" in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "abc", "<script>", "1; DROP TABLE"])
def test_tampered_values_are_refused(client, round_, token, value):
    start(client, token)
    response = answer_step(client, round_, token, 1, value)
    assert response.status_code == 200
    assert "Kies een van de antwoorden." in response.content.decode()
    assert not Answer.objects.exists()


def test_statement_ids_of_another_round_are_ignored(client, round_, token):
    other = make_round(title="Ander")
    foreign = other.questionnaire.statements.first()
    start(client, token)
    answer_step(client, round_, token, 1, **{f"stelling-{foreign.pk}": "5"})
    assert not Answer.objects.filter(statement=foreign).exists()
    assert Answer.objects.count() == 2


def test_unknown_step_is_404(client, round_, token):
    start(client, token)
    assert client.get(url("scan_step", token, 9)).status_code == 404


def test_steps_without_a_started_response_go_to_the_start(client, round_, token):
    assert client.get(url("scan_step", token, 1)).url == url("scan_start", token)
    assert client.post(url("scan_submit", token)).url == url("scan_start", token)


def test_submit_with_open_steps_goes_back_to_review_with_a_message(client, round_, token):
    start(client, token)
    answer_step(client, round_, token, 1)
    response = client.post(url("scan_submit", token), follow=True)
    assert "Nog niet alle stellingen zijn beantwoord" in response.content.decode()
    assert Response.objects.get().status == ResponseStatus.STARTED


def test_submit_after_closing_gets_a_clear_page(client, round_, token):
    start(client, token)
    answer_step(client, round_, token, 1)
    answer_step(client, round_, token, 2)
    services.round_close(round_=round_)
    response = client.post(url("scan_submit", token))
    assert response.status_code == 200
    assert "is gesloten" in response.content.decode()
    assert Response.objects.get().status == ResponseStatus.STARTED


def test_a_round_that_has_not_opened_yet_cannot_be_started(client):
    later = timezone.localdate() + timedelta(days=10)
    round_ = make_round(opens_on=later, closes_on=later + timedelta(days=5))
    token = round_.invitations.get().token
    assert "Deze scan is open van" in client.get(url("scan_landing", token)).content.decode()
    assert "Deze scan is nog niet open" in start(client, token).content.decode()
    assert not Response.objects.exists()


def test_the_resume_link_continues_in_another_browser(client, django_user_model, round_, token):
    from django.test import Client

    page = start(client, token)
    resume_url = page.context["resume_url"]
    answer_step(client, round_, token, 1)

    other_browser = Client()
    response = other_browser.get(resume_url)
    assert response.url == url("scan_step", token, 2)  # the first unanswered step
    answer_step(other_browser, round_, token, 2)
    other_browser.post(url("scan_submit", token))
    assert Response.objects.get().status == ResponseStatus.SUBMITTED
    assert Response.objects.count() == 1


def test_an_unknown_resume_link_says_it_no_longer_works(client, round_):
    response = client.get(reverse("evaluation:scan_resume", args=["onzin"]))
    assert response.status_code == 404
    assert "Deze persoonlijke link werkt niet (meer)" in response.content.decode()


def test_going_back_keeps_the_answers_of_this_step(client, round_, token):
    start(client, token)
    answer_step(client, round_, token, 1)
    response = answer_step(client, round_, token, 2, "2", richting="vorige")
    assert response.url == url("scan_step", token, 1)
    assert Answer.objects.filter(value=2).count() == 2


def test_a_comment_is_stored_as_text(client, round_, token):
    start(client, token)
    answer_step(client, round_, token, 1, comment="<b>Te weinig tijd</b>")
    page = client.get(url("scan_step", token, 1)).content.decode()
    assert "&lt;b&gt;Te weinig tijd&lt;/b&gt;" in page


def test_scan_pages_refuse_wrong_methods(client, round_, token):
    assert client.post(url("scan_landing", token)).status_code == 405
    assert client.get(url("scan_submit", token)).status_code == 405
    assert client.post(url("scan_review", token)).status_code == 405


class TestNothingTiesAResponseToThisBrowser:
    def submit_one(self, client, round_, token):
        start(client, token)
        answer_step(client, round_, token, 1)
        answer_step(client, round_, token, 2)
        return client.post(url("scan_submit", token))

    def test_after_submit_the_session_holds_no_response_id(self, client, round_, token):
        self.submit_one(client, round_, token)
        assert Response.objects.get().is_submitted
        session = client.session
        assert session.get("scan_drafts") == {}
        assert session.get("scan_resume") == {}
        assert set(session.keys()) <= {
            "scan_drafts",
            "scan_thanks",
            "scan_submitted",
            "scan_resume",
        }
        assert session["scan_thanks"] == str(round_.pk)  # the round, not the response
        assert session["scan_submitted"] == [round_.pk]  # rounds only: Back says "ingediend"
        assert session.get("scan_resume", {}) == {}  # the personal link is gone

    def test_the_thanks_page_is_shown_once_and_then_a_colleague_can_start(
        self, client, round_, token
    ):
        self.submit_one(client, round_, token)
        thanks = client.get(url("scan_thanks", token))
        assert "Nog iemand op deze computer? Begin een nieuwe scan" in thanks.content.decode()
        assert client.get(url("scan_thanks", token)).url == url("scan_landing", token)
        assert client.get(url("scan_start", token)).status_code == 200
        self.submit_one(client, round_, token)
        assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 2

    def test_a_resume_link_of_a_submitted_response_remembers_nothing(self, client, round_, token):
        _response, resume = services.response_start(round_=round_, role="professional")
        draft = Response.objects.get()
        for number in (1, 2):
            statements = statements_of_step(round_, number)
            services.response_save_step(
                response=draft, statements=statements, values={s.pk: 3 for s in statements}
            )
        services.response_submit(response=draft)
        draft.refresh_from_db()
        assert draft.resume_hash is None  # no link, and no session holding it, finds it now
        page = client.get(reverse("evaluation:scan_resume", args=[resume]))
        unknown = client.get(reverse("evaluation:scan_resume", args=["onzin"]))
        # The same page as a link that never existed: it tells nobody that a response was sent.
        assert page.status_code == unknown.status_code == 404

        def main(html: bytes) -> bytes:  # the page without its per-request tokens
            return html[html.index(b"<main") : html.index(b"</main>")]

        assert main(page.content) == main(unknown.content)
        assert "al ingediend" in page.content.decode()
        assert "scan_drafts" not in client.session or not client.session["scan_drafts"]


class TestNotApplicable:
    """'Niet van toepassing' on follow-ups that assume something (Statement.may_not_apply)."""

    @pytest.fixture
    def follow_up(self, round_):
        statement = statements_of_step(round_, 1)[1]
        Statement.objects.filter(pk=statement.pk).update(may_not_apply=True)
        return statement

    def test_it_is_offered_only_where_the_statement_allows_it(
        self, client, round_, token, follow_up
    ):
        start(client, token)
        html = client.get(url("scan_step", token, 1)).content.decode()
        assert html.count(f'value="{NOT_APPLICABLE}"') == 1
        assert re.search(rf'name="stelling-{follow_up.pk}"[^>]*value="{NOT_APPLICABLE}"', html)
        assert "Niet van toepassing" in html

    def test_it_is_stored_apart_from_dont_know_and_shown_again(
        self, client, round_, token, follow_up
    ):
        start(client, token)
        first = statements_of_step(round_, 1)[0]
        response = answer_step(
            client,
            round_,
            token,
            1,
            **{f"stelling-{first.pk}": DONT_KNOW, f"stelling-{follow_up.pk}": NOT_APPLICABLE},
        )
        assert response.status_code == 302
        stored = {a.statement_id: (a.value, a.not_applicable) for a in Answer.objects.all()}
        assert stored == {first.pk: (None, False), follow_up.pk: (None, True)}
        html = client.get(url("scan_step", token, 1)).content.decode()
        assert re.search(
            rf'name="stelling-{follow_up.pk}"[^>]*value="{NOT_APPLICABLE}"[^>]*checked', html
        )
        answer_step(client, round_, token, 2)
        review = client.get(url("scan_review", token)).content.decode()
        assert "Niet van toepassing" in review
        assert "Weet ik niet" in review

    def test_a_statement_without_it_refuses_it(self, client, round_, token, follow_up):
        start(client, token)
        other = statements_of_step(round_, 1)[0]
        response = answer_step(client, round_, token, 1, **{f"stelling-{other.pk}": NOT_APPLICABLE})
        assert response.status_code == 200
        assert not Answer.objects.exists()

    def test_the_service_refuses_it_too(self, round_, follow_up):
        response, _token = services.response_start(round_=round_, role="professional")
        other = statements_of_step(round_, 1)[0]
        with pytest.raises(services.ServiceError):
            services.response_save_step(
                response=response,
                statements=[other, follow_up],
                values={other.pk: NOT_APPLICABLE, follow_up.pk: 4},
            )
        assert not Answer.objects.exists()


def test_an_over_long_comment_sent_directly_gets_its_own_dutch_message(client, round_, token):
    start(client, token)
    response = answer_step(client, round_, token, 1, comment="x" * 20000)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je toelichting is 20.000 tekens lang; er passen er hoogstens 2.000 in." in html
    assert "Nog niet alles is ingevuld" not in html
    assert not Answer.objects.exists()


def test_an_incomplete_step_sums_up_every_error_with_a_link_to_its_statement(client, round_, token):
    start(client, token)
    first, second = statements_of_step(round_, 1)
    response = client.post(url("scan_step", token, 1), {f"stelling-{first.pk}": "3"})
    html = response.content.decode()
    assert html.index('id="foutmeldingen"') < html.index("<h1>")
    assert f'href="#id_stelling-{second.pk}_0"' in html
    assert f'href="#id_stelling-{first.pk}_0"' not in html
    assert f'id="id_stelling-{second.pk}_fout"' in html  # the message beside the statement
    assert "<title>Fout:" in html
    # What was answered stays chosen.
    assert f'id="id_stelling-{first.pk}_2" value="3" checked' in html


def test_the_scale_shows_every_choice_of_the_field_in_order(client, round_, token):
    start(client, token)
    html = client.get(url("scan_step", token, 1)).content.decode()
    statement = statements_of_step(round_, 1)[0]
    values = re.findall(rf'name="stelling-{statement.pk}" id="[^"]+" value="([^"]+)"', html)
    assert values == ["1", "2", "3", "4", "5", DONT_KNOW]


@pytest.mark.parametrize("state", ["closed", "not yet open"])
def test_a_round_that_is_not_open_says_so_first_without_the_introduction(client, state):
    today = timezone.localdate()
    if state == "closed":
        round_ = make_round()
        services.round_close(round_=round_)
        heading = "Deze scan is gesloten"
    else:
        round_ = make_round(opens_on=today + timedelta(days=3), closes_on=today + timedelta(days=9))
        heading = "Deze scan is nog niet open"
    html = client.get(url("scan_landing", round_.invitations.get().token)).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "Wat je invult" not in html
    assert "Begin de scan" not in html


def test_the_landing_page_calls_it_a_role(client, round_, token):
    html = client.get(url("scan_landing", token)).content.decode()
    assert "perspectief" not in html.lower()
    assert "zonder rol" in html
