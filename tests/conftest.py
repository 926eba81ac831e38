import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    # Password hashing is not what these tests are about; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def knowledge_base(db) -> None:
    """The real reference data from fixtures/knowledge.json."""
    from django.core.management import call_command

    call_command("loaddata", "knowledge", verbosity=0)
