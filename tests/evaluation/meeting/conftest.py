"""The round the teamgesprek's tests discuss, and its coordinator's browser."""

import pytest

from tests.factories import import_responses, scores


@pytest.fixture
def closed(round_):
    # Mandaat 25 (knelpunt, step 1), teambudget 75 (sterk, step 2).
    import_responses(round_, [("professional", scores(2, 4))] * 3)
    return round_


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client
