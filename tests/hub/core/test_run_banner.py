"""`make run` prints where the sandboxes listen: the ports SANDBOX_<NAME>_PORT gives them, which
are also the URLs the hub's channel settings use."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MOVED = {"SANDBOX_AMAZON_PORT": "19201", "SANDBOX_ALIEXPRESS_PORT": "19202", "SANDBOX_WISH_PORT": "19203"}


def _run(code: list[str], extra: dict[str, str]) -> str:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("SANDBOX_")}
    result = subprocess.run(
        [sys.executable, *code], cwd=ROOT, env={**environ, **extra}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_banner_names_the_moved_sandbox_ports():
    out = _run(["-m", "infra.run.banner"], {**MOVED, "SITE_URL": "http://127.0.0.1:8123"})

    assert "Amazon http://127.0.0.1:19201" in out
    assert "AliExpress http://127.0.0.1:19202" in out
    assert "Wish http://127.0.0.1:19203" in out
    assert not any(port in out for port in ("9101", "9102", "9103"))
    assert "http://127.0.0.1:8123/api/docs/" in out


def test_the_banner_names_the_default_ports_when_nothing_moves_them():
    out = _run(["-m", "infra.run.banner"], {})

    assert "Amazon http://127.0.0.1:9101  AliExpress http://127.0.0.1:9102  Wish http://127.0.0.1:9103" in out


def test_run_sh_prints_the_banner_from_the_environment_not_fixed_ports():
    script = (ROOT / "infra" / "scripts" / "run.sh").read_text()

    assert "python -m infra.run.banner" in script
    assert "9101" not in script


def test_the_hub_talks_to_the_sandboxes_where_the_banner_says_they_are():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hub.config.settings.local'; django.setup();"
        "from django.conf import settings; print(sorted(settings.CHANNELS_SANDBOX_URLS.values()))"
    )
    out = _run(["-c", code], {**MOVED, "SANDBOX_WISH_URL": "http://127.0.0.1:19999"})

    assert out.strip() == str(["http://127.0.0.1:19201", "http://127.0.0.1:19202", "http://127.0.0.1:19999"])
