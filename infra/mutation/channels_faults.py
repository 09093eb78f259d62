"""Fault injection for the marketplace layer: apply one-line mutations to the retry,
classification and redaction code, one at a time, in a temporary copy of the checkout, run the
tests that guard that code, and report which mutations the suite caught.

    infra/scripts/services.sh provides DATABASE_URL / REDIS_URL (as `make test` does), then:
    .venv/bin/python -m infra.mutation.channels_faults [--only ID ...] [--list]

Exit status 0 when every mutation was caught. The checkout itself is never changed: the copy
lives in a temporary folder that is removed afterwards. Each mutation names the exact line it
changes; a line that no longer exists (the code moved on) is reported as "stale", so the list
has to be kept with the code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Mutation:
    id: str
    path: str
    original: str
    mutated: str
    tests: tuple[str, ...]
    what: str


T = "tests/channels/"
MUTATIONS = [
    # --- retry ------------------------------------------------------------------------------------
    Mutation(
        "retry-throttle-floor",
        "channels/tasks.py",
        "return round(capped_wait(error.retry_after) + draw * backoff / 2, 3)",
        "return round(draw * backoff / 2, 3)",
        (T + "test_tasks.py", T + "test_retry_after.py"),
        "a throttle's retry_after is no longer waited",
    ),
    Mutation(
        "retry-transient-not-retried",
        "channels/tasks.py",
        "except (ThrottledError, TransientError) as error:",
        "except ThrottledError as error:",
        (T + "test_tasks.py", T + "test_limiter_failures.py"),
        "transient errors are not retried",
    ),
    Mutation(
        "retry-one-too-many",
        "channels/tasks.py",
        "if retries >= limit:",
        "if retries > limit:",
        (T + "test_tasks.py",),
        "one retry more than CHANNELS_TASK_MAX_RETRIES",
    ),
    Mutation(
        "retry-after-uncapped",
        "channels/wire.py",
        "return min(retry_after_cap(), max(0.0, float(seconds)))",
        "return max(0.0, float(seconds))",
        (T + "test_retry_after.py",),
        "Retry-After is not capped by CHANNELS_RETRY_AFTER_MAX_SECONDS",
    ),
    Mutation(
        "retry-after-http-date-ignored",
        "channels/wire.py",
        "return capped_wait(moment.timestamp() - (time.time() if now is None else now))",
        "return capped_wait(default)",
        (T + "test_retry_after.py",),
        "a Retry-After HTTP date is ignored",
    ),
    Mutation(
        "amazon-retry-after-ignored",
        "channels/amazon/errors.py",
        "wait = max(gate.refused(operation), retry_after(response, default=0.0))",
        "wait = gate.refused(operation)",
        (T + "test_retry_after.py", T + "test_amazon_adapter.py"),
        "Amazon's 429 Retry-After is ignored",
    ),
    Mutation(
        "limiter-timeout-escapes",
        "channels/ratelimit.py",
        "except redis.RedisError as error:",
        "except redis.ConnectionError as error:",
        (T + "test_limiter_failures.py",),
        "a Redis timeout escapes as a non-channel error",
    ),
    # --- classification ---------------------------------------------------------------------------
    Mutation(
        "outcome-unknown-lost",
        "channels/wire.py",
        "isinstance(error, TransientError)\n            and operation in self.non_idempotent",
        "isinstance(error, ThrottledError)\n            and operation in self.non_idempotent",
        (T + "test_outcome_unknown.py", T + "test_malformed_responses.py"),
        "a create with a lost answer is retried as transient",
    ),
    Mutation(
        "classifier-crash-escapes",
        "channels/wire.py",
        "except Exception as raised:  # a classifier that trips over the body: the answer is malformed",
        "except ValueError as raised:",
        (T + "test_malformed_responses.py",),
        "a classifier's AttributeError / KeyError escapes untyped",
    ),
    Mutation(
        "aliexpress-limit-substring",
        "channels/aliexpress/client.py",
        "if code in consts.THROTTLE_ERRORS or sub_code in consts.THROTTLE_SUB_ERRORS:",
        'if "limit" in code.lower() or sub_code.startswith("accesscontrol") or code == "7":',
        (T + "test_aliexpress_errors.py",),
        "any code containing 'limit' is a throttle again",
    ),
    Mutation(
        "aliexpress-ban-uncapped",
        "channels/aliexpress/client.py",
        "ban = capped_wait(float(match.group(1))) if match else 1.0",
        "ban = float(match.group(1)) if match else 1.0",
        (T + "test_retry_after.py",),
        "an AliExpress ban is waited however long it says",
    ),
    Mutation(
        "aliexpress-feed-unreadable-accepted",
        "channels/aliexpress/adapter.py",
        'if not isinstance(outcome, dict) or outcome.get("success") not in (True, False, "true", "false"):',
        "if not isinstance(outcome, dict):",
        (T + "test_aliexpress_feeds.py",),
        "a feed item result without a success flag counts as accepted",
    ),
    Mutation(
        "wish-401-fallback-removed",
        "channels/wish/client.py",
        "if code in consts.AUTH_ERRORS or status in (401, 403):",
        "if code in consts.AUTH_ERRORS:",
        (T + "test_wish_auth_status.py", T + "test_wish_adapter.py"),
        "a Wish 401 / 403 with an unknown code is not an auth failure",
    ),
    Mutation(
        "amazon-403-not-auth",
        "channels/amazon/errors.py",
        "        if status in (401, 403):\n            return issues, AuthFailedError(text, status=status, code=code)",
        "        if status == 401:\n            return issues, AuthFailedError(text, status=status, code=code)",
        (T + "test_amazon_adapter.py",),
        "an SP-API 403 is not an auth failure",
    ),
    # --- redaction ------------------------------------------------------------------------------------
    Mutation(
        "redaction-no-word-boundary",
        "channels/redaction.py",
        'r"((?<![\\w-])(?:(?i:access_token',
        'r"((?:(?i:access_token',
        (T + "test_redaction_edges.py", T + "test_redaction.py"),
        "key patterns match inside words (design=)",
    ),
    Mutation(
        "redaction-oauth-code-readable",
        "channels/redaction.py",
        "return is_secret_key(key) or _is_oauth_code(key, mapping)",
        "return is_secret_key(key)",
        (T + "test_redaction_edges.py",),
        "an OAuth authorization code is logged",
    ),
    Mutation(
        "redaction-format-failure-passes",
        "channels/redaction.py",
        'message = f"{record.msg} (unformattable log arguments: {_args_text(record.args)})"',
        "return True",
        (T + "test_redaction_edges.py",),
        "a record whose formatting fails passes unredacted",
    ),
    Mutation(
        "redaction-ids-registered",
        "channels/redaction.py",
        "_known.add(value for name, value in credentials.items() if is_secret_key(name))",
        "_known.add(credentials.values())",
        (T + "test_redaction_edges.py",),
        "app_key / client_id are masked as secrets",
    ),
    Mutation(
        "redaction-known-secrets-capped",
        "channels/redaction.py",
        "MAX_KNOWN_SECRETS = 200_000",
        "MAX_KNOWN_SECRETS = 2_000",
        (T + "test_redaction_edges.py",),
        "only the last 2,000 secrets are kept",
    ),
    Mutation(
        "redaction-embedded-secret-missed",
        "channels/redaction.py",
        "if end - len(value) >= run_start and text.startswith(value, end - len(value)):",
        "if end - len(value) == run_start and text.startswith(value, end - len(value)):",
        (T + "test_redaction_edges.py",),
        "a secret glued to other text is not masked",
    ),
]


def _copy_checkout(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in listed:
        if not raw:
            continue
        source = ROOT / raw.decode()
        if source.is_file():
            destination = target / raw.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def _pytest(copy: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "TEST_DATABASE_NAME": os.environ.get("TEST_DATABASE_NAME", "test_hub") + "_faults",
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not integration", *tests],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED tests", "ERROR tests")):
            return line.split(" - ")[0][:110]
    return ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="mutation ids to run")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.id in args.only]
    if args.list:
        for mutation in chosen:
            print(f"{mutation.id:38} {mutation.path:32} {mutation.what}")
        return 0
    with tempfile.TemporaryDirectory(prefix="channels-faults-") as folder:
        copy = Path(folder)
        _copy_checkout(copy)
        probe = subprocess.run(
            [sys.executable, "-c", "import channels; print(channels.__file__)"],
            cwd=copy,
            env={**os.environ, "PYTHONPATH": str(copy)},
            capture_output=True,
            text=True,
        )
        if not probe.stdout.strip().startswith(str(copy)):
            print(f"the copy does not import its own code: {probe.stdout or probe.stderr}")
            return 2
        every_test = tuple(sorted({test for mutation in chosen for test in mutation.tests}))
        started = time.monotonic()
        baseline = _pytest(copy, every_test)
        if baseline.returncode != 0:
            print("the unmutated copy fails its tests; fix that first:\n" + baseline.stdout[-3000:])
            return 2
        print(f"baseline: {len(every_test)} test files pass ({time.monotonic() - started:.0f}s)\n")
        rows = []
        for mutation in chosen:
            target = copy / mutation.path
            text = target.read_text(encoding="utf-8")
            if text.count(mutation.original) != 1:
                rows.append((mutation, "stale", "the line to mutate is not (exactly once) in the file", 0.0))
                continue
            target.write_text(text.replace(mutation.original, mutation.mutated), encoding="utf-8")
            began = time.monotonic()
            try:
                done = _pytest(copy, mutation.tests)
            finally:
                target.write_text(text, encoding="utf-8")
            verdict = "caught" if done.returncode == 1 else "MISSED" if done.returncode == 0 else "error"
            rows.append((mutation, verdict, _first_failure(done.stdout), time.monotonic() - began))
    for mutation, verdict, detail, seconds in rows:
        print(f"{verdict:7} {mutation.id:38} {seconds:5.1f}s  {mutation.what}")
        if detail:
            print(f"        {'':38}        by {detail}")
    caught = sum(1 for row in rows if row[1] == "caught")
    print(f"\n{caught} of {len(rows)} mutations caught")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
