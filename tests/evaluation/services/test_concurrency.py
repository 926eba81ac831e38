"""Races on PostgreSQL (SQLite runs one writer at a time, so these only prove something there).

Each test starts two threads at the same moment, each with its own database connection, and
checks that exactly one outcome happened and that nothing is half done.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from evaluation import services
from evaluation.constants import ResponseStatus
from evaluation.models import ConditionScore, NationalSnapshot, Response, Round
from evaluation.national import national_snapshot_store
from tests.factories import ConditionFactory, QuestionnaireFactory, make_round

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are what is tested: PostgreSQL only"
    ),
]


def race(*jobs):
    """Runs the callables at the same moment in threads; returns each result or exception."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def draft():
    condition = ConditionFactory(slug="mandaat", code="MAN", order=2)
    round_ = make_round(questionnaire=QuestionnaireFactory(conditions=[condition]))
    response, _token = services.response_start(round_=round_, role="professional")
    statements = list(round_.questionnaire.statements.all())
    # Statement 2 is reverse-keyed: (4, 2) scores 75, (1, 5) scores 0.
    services.response_save_step(
        response=response,
        statements=statements,
        values=dict(zip(ids(statements), (4, 2), strict=True)),
    )
    return response, statements


def ids(statements) -> list[int]:
    return [s.pk for s in sorted(statements, key=lambda s: s.order)]


def submitted_state(response):
    response.refresh_from_db()
    return response.status, ConditionScore.objects.filter(response=response).count()


def test_two_tabs_submitting_the_same_response(draft):
    response, _statements = draft
    first, second = race(
        lambda: services.response_submit(response=Response.objects.get(pk=response.pk)),
        lambda: services.response_submit(response=Response.objects.get(pk=response.pk)),
    )
    assert sorted([first.already_submitted, second.already_submitted]) == [False, True]
    assert submitted_state(response) == (ResponseStatus.SUBMITTED, 1)
    assert Round.objects.get(pk=response.round_id).submitted_count == 1


def test_a_resumed_tab_saving_while_another_submits(draft):
    response, statements = draft

    def save_again():
        services.response_save_step(
            response=Response.objects.get(pk=response.pk),
            statements=statements,
            values=dict(zip(ids(statements), (1, 5), strict=True)),
        )
        return "saved"

    submit, save = race(
        lambda: services.response_submit(response=Response.objects.get(pk=response.pk)),
        save_again,
    )
    assert not isinstance(submit, Exception)
    status, scores = submitted_state(response)
    assert (status, scores) == (ResponseStatus.SUBMITTED, 1)
    stored = ConditionScore.objects.get(response=response).score
    answers = [
        response.answers.get(statement_id=statement_id).value for statement_id in ids(statements)
    ]
    if save == "saved":  # the save got in before the submit, which then scored it
        assert (answers, stored) == ([1, 5], 0.0)
    else:  # the submit came first; the late save was refused and changed nothing
        assert isinstance(save, services.ServiceError)
        assert "al ingediend" in str(save)
        assert (answers, stored) == ([4, 2], 75.0)


def test_a_round_closed_while_someone_submits(draft):
    response, _statements = draft
    round_ = Round.objects.get(pk=response.round_id)
    submit, close = race(
        lambda: services.response_submit(response=Response.objects.get(pk=response.pk)),
        lambda: services.round_close(round_=Round.objects.get(pk=round_.pk)),
    )
    assert not isinstance(close, Exception)
    status, scores = submitted_state(response)
    if isinstance(submit, Exception):
        assert isinstance(submit, services.RoundClosedError)
        assert (status, scores) == (ResponseStatus.STARTED, 0)
    else:
        assert (status, scores) == (ResponseStatus.SUBMITTED, 1)
    round_.refresh_from_db()
    assert round_.closed_at is not None
    assert round_.submitted_count == (1 if status == ResponseStatus.SUBMITTED else 0)


def test_saving_a_step_does_not_wait_for_the_round_lock(draft):
    """Deterministic check of the lock order behind the race above: a submit holds the round and
    then wants the response; a step save that also took the round would deadlock with it."""
    response, statements = draft
    holding = threading.Event()
    saved_while_held = threading.Event()

    def hold_round():
        with transaction.atomic():
            Round.objects.select_for_update().get(pk=response.round_id)
            holding.set()
            # A save blocked on the round lock cannot finish before this wait times out.
            in_time = saved_while_held.wait(timeout=3)
        return "saved while the round was locked" if in_time else "save had to wait"

    def save():
        holding.wait(timeout=5)
        services.response_save_step(
            response=Response.objects.get(pk=response.pk),
            statements=statements,
            values=dict(zip(ids(statements), (1, 5), strict=True)),
        )
        saved_while_held.set()
        return "saved"

    held, saved = race(hold_round, save)
    assert (held, saved) == ("saved while the round was locked", "saved")


def waiting_on_a_lock() -> bool:
    """Whether another connection to the test database waits for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_two_national_refreshes_storing_at_once_both_succeed_and_the_last_one_stays():
    """Deterministic: the first store keeps its transaction open until the second one waits for
    its rows, then commits. Deleting all rows and inserting them again made the second insert
    hit the rows the first had just committed (a duplicate key on the condition)."""
    conditions = [ConditionFactory(), ConditionFactory()]
    national_snapshot_store(
        distributions={c.pk: (1, [10.0]) for c in conditions}, source_version=None
    )
    first_stored = threading.Event()
    second_waits = threading.Event()

    def first():
        with transaction.atomic():
            national_snapshot_store(
                distributions={c.pk: (2, [20.0, 30.0]) for c in conditions},
                source_version=None,
            )
            first_stored.set()
            second_waits.wait(timeout=10)
        return "stored"

    def second():
        first_stored.wait(timeout=10)
        national_snapshot_store(
            distributions={c.pk: (3, [40.0, 50.0, 60.0]) for c in conditions},
            source_version=None,
        )
        return "stored"

    def watch():
        first_stored.wait(timeout=10)
        for _attempt in range(200):
            if waiting_on_a_lock():
                break
            threading.Event().wait(0.05)
        second_waits.set()
        return "watched"

    outcomes = race(first, second, watch)
    assert outcomes == ["stored", "stored", "watched"]
    stored = {s.condition_id: (s.teams, s.quantiles) for s in NationalSnapshot.objects.all()}
    assert stored == {c.pk: (3, [40.0, 50.0, 60.0]) for c in conditions}
