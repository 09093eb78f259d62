"""`manage.py backup` then `manage.py restore` into a fresh PostgreSQL database (as an operator
would, in another process): every table of the restored hub equals the original row by row,
sequences continue where they were, media files are byte-identical, credentials are still
encrypted (and open with the same key), and neither key is in the archive."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount
from tests.channels.factories import WISH_CREDENTIALS
from tests.hub.test_tenant_walk import _ensure_shipment_and_push, _fill_first_account

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]


def _dsn(name: str) -> str:
    database = settings.DATABASES["default"]
    return (
        f"postgresql://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def restore_database():
    name = f"{settings.DATABASES['default']['NAME']}_restore"
    with psycopg.connect(_dsn(settings.DATABASES["default"]["NAME"]), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_dsn(settings.DATABASES["default"]["NAME"]), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables(cursor) -> list[str]:  # type: ignore[no-untyped-def]
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _snapshot(dsn: str) -> tuple[dict[str, list[str]], dict[str, tuple]]:
    """Every table's rows (sorted, as text) and every sequence's position."""
    rows: dict[str, list[str]] = {}
    with psycopg.connect(dsn) as database, database.cursor() as cursor:
        for table in _tables(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        sequences = {name: (value,) for name, value in cursor.fetchall()}
    return rows, sequences


def _restore(archive: Path, database_name: str, media_root: Path, *extra: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "DATABASE_URL": _dsn(database_name).replace("postgresql://", "postgres://"),
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *extra],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_backup_and_restore_round_trip_on_postgresql(tmp_path, restore_database, settings):
    fill = _fill_first_account()
    _ensure_shipment_and_push(fill)
    media_root = Path(settings.MEDIA_ROOT)
    assert len(_files(media_root)) >= 2  # product images
    archive = tmp_path / "hub.tar.gz"

    call_command("backup", output=archive, stdout=open(os.devnull, "w"))

    original_rows, original_sequences = _snapshot(_dsn(settings.DATABASES["default"]["NAME"]))
    restored_media = tmp_path / "restored-media"
    result = _restore(archive, restore_database, restored_media)
    assert result.returncode == 0, result.stdout + result.stderr
    restored_rows, restored_sequences = _snapshot(_dsn(restore_database))

    assert sorted(restored_rows) == sorted(original_rows)
    assert len(original_rows) == len(connection.introspection.table_names())  # every table of the hub
    assert sum(len(rows) for rows in original_rows.values()) > 200
    for table, rows in original_rows.items():
        assert restored_rows[table] == rows, f"table {table} differs after the restore"
    assert restored_sequences == original_sequences
    assert _files(restored_media) == _files(media_root)

    # Credentials went through encrypted and open with the same key after the restore.
    wish = ChannelAccount.objects.get(account=fill["account"], family="wish")
    with psycopg.connect(_dsn(restore_database)) as database:
        restored_token = database.execute(
            "SELECT credentials_encrypted FROM channels_channelaccount WHERE id = %s", [wish.pk]
        ).fetchone()[0]
    assert restored_token == wish.credentials_encrypted
    assert credentials_decrypt(restored_token)["client_secret"] == WISH_CREDENTIALS["client_secret"]
    with tarfile.open(archive) as opened:
        contents = b"".join(opened.extractfile(m).read() for m in opened.getmembers() if m.isfile())
    for secret in (
        *settings.CHANNELS_CREDENTIAL_KEYS,
        settings.SECRET_KEY,
        WISH_CREDENTIALS["client_secret"],
        WISH_CREDENTIALS["refresh_token"],
    ):
        assert secret.encode() not in contents


def test_restore_refuses_a_database_that_is_not_empty_unless_replaced(tmp_path, restore_database, settings):
    _fill_first_account()
    archive = tmp_path / "hub.tar.gz"
    call_command("backup", output=archive, stdout=open(os.devnull, "w"))
    assert _restore(archive, restore_database, tmp_path / "m1").returncode == 0

    again = _restore(archive, restore_database, tmp_path / "m1")
    replaced = _restore(archive, restore_database, tmp_path / "m1", "--replace")

    assert again.returncode != 0 and "not empty" in again.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert _snapshot(_dsn(restore_database))[0] == _snapshot(_dsn(settings.DATABASES["default"]["NAME"]))[0]


def test_a_damaged_archive_is_refused(tmp_path, settings):
    _fill_first_account()
    archive = tmp_path / "hub.tar.gz"
    call_command("backup", output=archive, stdout=open(os.devnull, "w"))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), "--replace")
    assert connection.vendor == "postgresql"
