"""The gemeente and its analyst that the gemeente pages' tests read as."""

import pytest

from tests.factories import GemeenteFactory, UserFactory


@pytest.fixture
def gemeente():
    return GemeenteFactory(name="Rijnwaarde", slug="rijnwaarde")


@pytest.fixture
def analyst(gemeente):
    user = UserFactory(username="analist")
    gemeente.analysts.add(user)
    return user
