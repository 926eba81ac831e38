"""The respondent never loses a word to navigation: the personal link on every step, "Vorige"
keeps what was typed, "Wijzig" returns to the review, Back after submitting says it is done."""

import pytest

from evaluation.models import Answer, Comment, Response
from tests.evaluation.scan.helpers import statements_of_step, url

pytestmark = pytest.mark.django_db


def answer(client, round_, token, number, **extra):
    data = {f"stelling-{s.pk}": "4" for s in statements_of_step(round_, number)}
    data.update(extra)
    return client.post(url("scan_step", token, number), data)


def test_the_personal_link_is_shown_whole_with_a_copy_button_on_every_step(client, round_, token):
    first = client.post(url("scan_start", token), {"role": "professional"}).content.decode()
    link = Response.objects.get()  # the link's token is only in the page and the session
    assert 'data-copy="hervatlink"' in first
    resume_url = first.split('id="hervatlink"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert "/hervat/" in resume_url
    for number in (1, 2):
        page = client.get(url("scan_step", token, number)).content.decode()
        assert resume_url in page
        assert 'data-copy="hervatlink"' in page
    assert resume_url in client.get(url("scan_review", token)).content.decode()
    # The link works.
    other = type(client)()
    assert other.get(resume_url).status_code == 302
    assert link.pk == Response.objects.get().pk


def test_vorige_keeps_the_answers_and_comment_of_an_unfinished_step(client, round_, token):
    client.post(url("scan_start", token), {"role": "professional"})
    answer(client, round_, token, 1)
    first, second = statements_of_step(round_, 2)
    response = client.post(
        url("scan_step", token, 2),
        {f"stelling-{first.pk}": "2", "comment": "Nog niet af", "richting": "vorige"},
    )
    assert response.url == url("scan_step", token, 1)
    assert Answer.objects.get(statement=first).value == 2
    assert not Answer.objects.filter(statement=second).exists()
    assert Comment.objects.get().text == "Nog niet af"
    again = client.get(url("scan_step", token, 2))
    assert "Nog niet af" in again.content.decode()
    form = again.context["form"]
    assert str(form[f"stelling-{first.pk}"].value()) == "2"
    assert form[f"stelling-{second.pk}"].value() in (None, "")


def test_vorige_with_a_too_long_comment_stays_with_the_error(client, round_, token):
    client.post(url("scan_start", token), {"role": "professional"})
    answer(client, round_, token, 1)
    response = answer(client, round_, token, 2, comment="x" * 5000, richting="vorige")
    assert response.status_code == 200
    assert "tekens te veel" in response.content.decode()
    assert not Comment.objects.exists()


def test_wijzig_on_the_review_returns_to_the_review(client, round_, token):
    client.post(url("scan_start", token), {"role": "professional"})
    answer(client, round_, token, 1)
    answer(client, round_, token, 2)
    review = client.get(url("scan_review", token)).content.decode()
    edit = url("scan_step", token, 1) + "?terug=overzicht"
    assert f'href="{edit}"' in review
    assert "Opslaan en terug naar het overzicht" in client.get(edit).content.decode()
    data = {f"stelling-{s.pk}": "5" for s in statements_of_step(round_, 1)}
    assert client.post(edit, data).url == url("scan_review", token)


def test_back_after_submitting_says_the_answers_are_in(client, round_, token):
    client.post(url("scan_start", token), {"role": "professional"})
    answer(client, round_, token, 1)
    answer(client, round_, token, 2)
    client.post(url("scan_submit", token))
    client.get(url("scan_thanks", token))  # seen once
    for page in (url("scan_review", token), url("scan_step", token, 2)):
        response = client.get(page)
        assert response.status_code == 200
        assert "Je antwoorden zijn al ingediend" in response.content.decode()
    # A colleague on the same computer can still begin a new scan from the landing page.
    assert client.get(url("scan_start", token)).status_code == 200
    client.post(url("scan_start", token), {"role": "professional"})
    assert client.get(url("scan_step", token, 1)).status_code == 200


def test_the_start_page_names_the_steps_as_written_and_languages_in_themselves(
    client, round_, token
):
    html = client.get(url("scan_landing", token)).content.decode()
    assert "eén" not in html
    assert '<option value="en" lang="en">English</option>' in html
    assert "Nederlands</option>" in html
    assert "Engels" not in html
