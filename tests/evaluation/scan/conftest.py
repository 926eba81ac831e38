"""The round and its invitation link that the scan's tests fill in."""

import pytest

from tests.factories import make_round


@pytest.fixture
def round_():
    return make_round(title="Voorjaar")


@pytest.fixture
def token(round_):
    return round_.invitations.get().token
