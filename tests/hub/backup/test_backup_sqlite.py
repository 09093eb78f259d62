"""The embedded default (SQLite): backup takes a consistent copy through SQLite's backup API and
restore puts it into an empty database file; every table equal row by row, media identical."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
SEED = (
    "from hub.accounts.services import user_register, account_create; "
    "user = user_register(email='owner@example.com', password='a-long-password-9'); "
    "account_create(owner=user, name='SQLite seller', base_currency='EUR', source_locale='en_US')"
)


def _manage(database: Path, media: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="hub.config.settings.test", DATABASE_URL=f"sqlite:///{database}", MEDIA_ROOT=str(media)
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600
    )


def _rows(database: Path) -> dict[str, list[str]]:
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(repr(r) for r in connection.execute(f'SELECT * FROM "{t}"')) for t in sorted(tables)}


def test_sqlite_round_trip(tmp_path):
    original, restored = tmp_path / "hub.sqlite3", tmp_path / "restored.sqlite3"
    media = tmp_path / "media"
    (media / "accounts" / "1").mkdir(parents=True)
    (media / "accounts" / "1" / "image.png").write_bytes(b"\x89PNG not really")
    assert _manage(original, media, "migrate", "--no-input").returncode == 0
    seeded = _manage(original, media, "shell", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr
    archive = tmp_path / "hub.tar.gz"

    backup = _manage(original, media, "backup", "--output", str(archive))
    restore = _manage(restored, tmp_path / "restored-media", "restore", str(archive))

    assert backup.returncode == 0, backup.stderr
    assert restore.returncode == 0, restore.stderr
    before, after = _rows(original), _rows(restored)
    assert len(before) > 50
    assert after == before
    assert (tmp_path / "restored-media" / "accounts" / "1" / "image.png").read_bytes() == b"\x89PNG not really"
