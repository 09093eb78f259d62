"""The suite refuses to run on the wrong services instead of skipping; tests that need no Redis
do not ask for it."""

import os
import subprocess
import sys

from hub.config.settings.env import BASE_DIR


def run_pytest(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.config.settings.test", **env}
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=BASE_DIR,
        env=environment,
    )


def test_a_plain_pytest_without_postgresql_refuses_to_start():
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "HUB_TESTS_PARTIAL")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/channels/test_mapping.py"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "hub.config.settings.test"},
    )

    assert done.returncode == 4, done.stdout + done.stderr  # pytest's usage error: nothing ran
    assert "not PostgreSQL" in done.stderr
    assert "passed" not in done.stdout


def test_a_plain_pytest_without_redis_refuses_to_start():
    done = run_pytest("tests/channels/test_mapping.py", REDIS_URL=None, HUB_TESTS_PARTIAL=None)

    assert done.returncode == 4, done.stdout + done.stderr
    assert "REDIS_URL is not set" in done.stderr


def test_the_in_process_limiter_tests_run_without_redis():
    done = run_pytest("tests/channels/test_ratelimit.py", "-k", "local", REDIS_URL=None, HUB_TESTS_PARTIAL="1")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "skipped" not in done.stdout
    assert " passed" in done.stdout
