"""Reports are prepared in the background, and a changed report is rendered once."""

import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, connections

from evaluation import report as build
from evaluation import services
from evaluation.disclosure import Audience
from evaluation.models import ActionPoint, RoundReport
from tests.factories import import_responses, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparing(settings):
    settings.REPORTS_PREPARE = True
    cache.clear()
    yield
    cache.clear()


def test_closing_a_round_prepares_its_report(preparing, django_capture_on_commit_callbacks, round_):
    import_responses(round_, [("professional", scores(2, 4))] * 3, finish=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(round_=round_)
    stored = RoundReport.objects.get(round=round_)
    assert build.round_report(round_, audience=Audience.TEAM).from_cache
    assert stored.pages >= 2


def test_a_burst_of_changes_is_prepared_once(
    preparing, django_capture_on_commit_callbacks, round_, conditions
):
    import_responses(round_, [("professional", scores(2, 4))] * 3)
    cache.clear()  # closing asked for one already
    with (
        mock.patch.object(build, "prepare_report") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for index in range(3):
            services.action_point_save(
                action_point=ActionPoint(
                    round=round_, condition=conditions[0], description=f"Actie {index}"
                )
            )
    task.enqueue.assert_called_once_with(round_.pk)


def test_a_running_round_is_not_prepared(preparing, django_capture_on_commit_callbacks, round_):
    with (
        mock.patch.object(build, "prepare_report") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.round_update_facts(round_=round_, facts=services.RoundFacts())
    task.enqueue.assert_not_called()


def test_waiters_for_the_same_round_find_the_report_stored(round_):
    """Deterministic: while one request renders (holding the round's lock), a second one waits
    and then serves the stored file instead of rendering again."""
    import_responses(round_, [("professional", scores(2, 4))] * 3)
    real_render = build.render_pdf
    calls = []

    def render(html):
        calls.append(html)
        return real_render(html)

    with mock.patch.object(build, "render_pdf", side_effect=render):
        lock = build._round_lock(round_.pk)
        first = build.round_report(round_, audience=Audience.TEAM)
        assert not first.from_cache
        # A request that had read "not stored" before the first one finished: it takes the
        # lock, looks again, and finds the stored report.
        real_stored, looked = build._stored, []

        def stored(*args):
            looked.append(1)
            return None if len(looked) == 1 else real_stored(*args)

        with mock.patch.object(build, "_stored", side_effect=stored):
            second = build.round_report(round_, audience=Audience.TEAM)
        assert len(looked) == 2  # looked again once it held the lock
        assert second.from_cache
        assert not lock.locked()
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL only"
)
def test_four_simultaneous_downloads_of_a_changed_report_render_once(round_, conditions):
    import_responses(round_, [("professional", scores(2, 4))] * 3)
    build.round_report(round_, audience=Audience.TEAM)
    ActionPoint.objects.create(round=round_, condition=conditions[0], description="Nieuw")
    real_render = build.render_pdf
    calls = []
    barrier = threading.Barrier(4)

    def render(html):
        calls.append(1)
        return real_render(html)

    outcomes = [None] * 4

    def download(index):
        try:
            barrier.wait()
            outcomes[index] = build.round_report(round_, audience=Audience.TEAM)
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    with mock.patch.object(build, "render_pdf", side_effect=render):
        threads = [threading.Thread(target=download, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert len(calls) == 1
    assert sorted(o.from_cache for o in outcomes) == [False, True, True, True]
    assert len({o.pdf for o in outcomes}) == 1
