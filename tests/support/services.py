"""The suite refuses to start on the wrong services instead of skipping what CI runs.

The test settings fall back to SQLite and no Redis when DATABASE_URL / REDIS_URL are unset;
`make test` (infra/scripts/test.sh) sets both. Without them a plain `pytest` would pass while
quietly skipping or weakening the PostgreSQL and Redis tests, so it stops before collecting.
HUB_TESTS_PARTIAL=1 is the explicit opt-out (a quick run of pure tests on a laptop): then the
tests that need Redis skip and say so.
"""

import os

import pytest

PARTIAL_ENV = "HUB_TESTS_PARTIAL"


def partial_run() -> bool:
    return os.environ.get(PARTIAL_ENV, "") not in ("", "0", "false", "no")


def service_problems() -> list[str]:
    from django.conf import settings

    problems = []
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        problems.append(f"the database is {engine}, not PostgreSQL (set DATABASE_URL)")
    if not os.environ.get("REDIS_URL"):
        problems.append("REDIS_URL is not set (a Redis database of the suite's own)")
    return problems


def pytest_configure(config):
    problems = service_problems()
    if problems and not partial_run():
        raise pytest.UsageError(
            "The test suite needs PostgreSQL and Redis: "
            + "; ".join(problems)
            + ". Run `make test` (or infra/scripts/test.sh), or set "
            + f"{PARTIAL_ENV}=1 to run on what is here and skip the tests that need the rest."
        )
