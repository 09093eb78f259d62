import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FOUNDATION = ["hub", "tests/hub"]


@pytest.mark.parametrize(
    "command",
    [pytest.param(["check"], id="ruff-check"), pytest.param(["format", "--check"], id="ruff-format")],
)
def test_foundation_is_ruff_clean(command):
    ruff = Path(sys.executable).with_name("ruff")

    result = subprocess.run([ruff, *command, *FOUNDATION], cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
