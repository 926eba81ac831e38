import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis profiles. In CI (CI is set) every run draws the same examples (derandomized, no
# example database), so a commit always gets the same answer; `make fuzz` searches randomly and
# ten times longer, and prints how to reproduce a failure. A failing example that is ever found
# becomes an explicit @example on its test.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.register_profile("fuzz", max_examples=1000, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    # Password hashing is not what these tests are about; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_report_preparation(settings) -> None:
    # Preparing the PDF after every close would render a report in most tests (the immediate
    # task backend runs it inline); the tests of the preparation switch it on.
    settings.REPORTS_PREPARE = False


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # The test database hands out the same ids again after each rollback, so a questionnaire
    # cached by id in one test must not be found in the next.
    from django.core.cache import cache

    from evaluation.selectors import forget_steps

    cache.clear()
    forget_steps()


@pytest.fixture
def knowledge_base(db) -> None:
    """The real reference data from fixtures/knowledge.json."""
    from django.core.management import call_command

    call_command("loaddata", "knowledge", verbosity=0)


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of the public sources (../shared/sources beside the project), for every test
    that reads them: the citation checks and the own-words check.

    Set IWW_SOURCES_DIR to use another folder; IWW_SOURCES_DIR=/nonexistent shows what happens
    without the sources. When the folder is missing or lacks a source file, the test is skipped
    locally and fails when CI is set: CI lays shared/ beside the clone, so there a missing folder
    is a broken checkout, never a reason to leave the sources unchecked.
    """
    from tests.knowledge.source_text import FILE_NAMES, sources_folder

    folder = sources_folder()
    missing = sorted(name for name in FILE_NAMES.values() if not (folder / name).is_file())
    if missing:
        problem = f"the public sources are not in {folder} (missing: {', '.join(missing)})"
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; in CI they must be there", pytrace=False)
        pytest.skip(problem)
    return folder


PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="session")
def collected(tmp_path_factory):
    """Our static files collected as in production (hashed names, manifest), once per run."""
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=root,
        STORAGES=PRODUCTION_STORAGES,
        # Only the project's static/ folder: the admin's own files are not what is tested.
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(collected):
    """DEBUG off with the manifest storage: a {% static %} name missing from the manifest is an
    error, as in production."""
    from django.test import override_settings

    with override_settings(DEBUG=False, STATIC_ROOT=collected, STORAGES=PRODUCTION_STORAGES):
        yield collected
