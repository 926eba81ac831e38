"""Nothing personal is kept by a browser or a shared proxy cache: Cache-Control: no-store."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from iww.middleware import NoStoreMiddleware
from tests.factories import UserFactory, finish_round, make_round, submit_response

pytestmark = pytest.mark.django_db


def assert_no_store(response) -> None:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.get("Cache-Control")


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator")


@pytest.fixture
def round_(coordinator):
    from tests.factories import TeamFactory

    return make_round(team=TeamFactory(coordinators=[coordinator]))


def test_every_page_for_a_signed_in_user_is_not_stored(client, coordinator):
    client.force_login(coordinator)
    assert_no_store(client.get(reverse("evaluation:dashboard")))
    assert_no_store(client.get(reverse("home")))  # a public page, but signed in


def test_the_respondents_scan_pages_are_not_stored(client, round_):
    token = round_.invitations.get().token
    landing = client.get(reverse("evaluation:scan_landing", args=[token]))
    assert_no_store(landing)
    client.post(reverse("evaluation:scan_start", args=[token]), {"role": "professional"})
    review = client.get(reverse("evaluation:scan_review", args=[token]))
    assert review.status_code == 200
    assert_no_store(review)


def test_a_report_download_is_not_stored(client, coordinator, round_):
    for _ in range(3):  # enough scans for a report
        submit_response(round_)
    finish_round(round_)
    client.force_login(coordinator)
    response = client.get(reverse("evaluation:report", args=[round_.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert_no_store(response)


def test_any_attachment_is_not_stored_even_for_an_anonymous_visitor(rf):
    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = content_disposition_header(True, "x.csv")
        return response

    request = rf.get("/ergens/")
    request.user = AnonymousUser()
    assert_no_store(NoStoreMiddleware(download)(request))


def test_public_pages_stay_cacheable(client):
    assert "Cache-Control" not in client.get(reverse("home"))
    assert "Cache-Control" not in client.get(reverse("health"))
    assert "Cache-Control" not in client.get(reverse("knowledge:overview"))


def test_a_cache_control_the_view_chose_is_kept(rf, coordinator):
    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "max-age=60"
        return response

    request = rf.get("/")
    request.user = coordinator
    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "max-age=60"
