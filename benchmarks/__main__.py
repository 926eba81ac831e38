"""`make bench`: figures and ratios, never pass/fail. Runs on a throwaway test database.

Each benchmark prints the median of several runs and the number of database queries.
"""

import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iww.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RUNS = 15


def measure(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, int]:
    fn()  # warm up caches and template loading
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("loaddata", "knowledge", verbosity=0)
        client = Client()
        pages = {
            "kennisbank overzicht": "/kennis/",
            "lessen (alle)": "/kennis/lessen/",
            "lessen (zoek + filter)": "/kennis/lessen/?q=team&voorwaarde=mandaat",
            "voorwaarde mandaat": "/kennis/voorwaarden/mandaat/",
        }
        print(f"database: {connection.vendor}; median of {RUNS} runs")
        print(f"{'page':<28}{'ms':>8}{'queries':>9}")
        for name, url in pages.items():
            seconds, queries = measure(lambda url=url: client.get(url))
            print(f"{name:<28}{seconds * 1000:>8.1f}{queries:>9}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
