"""Settings modules as a deployment loads them (a fresh interpreter with only the given environment)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    return subprocess.run(
        [sys.executable, "-c", f"import {module} as s; print(len(s.SECRET_KEY))"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings("hub.config.settings.production")

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_uses_the_given_secret_key():
    result = _import_settings("hub.config.settings.production", SECRET_KEY="k" * 50)

    assert (result.returncode, result.stdout.strip()) == (0, "50")


def test_local_development_still_needs_no_secret_key():
    result = _import_settings("hub.config.settings.local")

    assert result.returncode == 0, result.stderr
