"""One archive holds the whole hub: the database (pg_dump's custom format on PostgreSQL, a
consistent copy through SQLite's online backup API otherwise), the media files, and a manifest
(format, time, database vendor, applied migrations, row counts per table, every file's size and
SHA-256). Marketplace credentials are in the database encrypted and stay so: neither
CHANNELS_CREDENTIAL_KEYS nor SECRET_KEY is in the archive (keep them in the secret store you
restore with). See infra/deploy/BACKUP.md for the procedure."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from hub.core.exceptions import ApplicationError

FORMAT = "crossborder-hub-backup/1"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
PG_DUMP_NAME = "database.pgdump"
SQLITE_NAME = "database.sqlite3"
# Tables that are caches, not data: left out of the row counts' comparison is not needed, but a
# restore does not need them either. (Kept in the dump: a restored hub is the same hub.)


class BackupError(ApplicationError):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment(database: dict) -> dict[str, str]:
    environment = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            environment[name] = str(database[key])
    environment["PGDATABASE"] = database["NAME"]
    return environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=6 * 3600)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def table_row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _media_root() -> Path | None:
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None  # S3: the bucket keeps the files (turn on its versioning); only the database is archived
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def backup_create(*, output: Path) -> BackupResult:
    database = settings.DATABASES["default"]
    vendor = connection.vendor
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if vendor == "postgresql":
            dump = work / PG_DUMP_NAME
            # One snapshot of the whole database (pg_dump runs in a single repeatable-read transaction).
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"]
            _run(command, _pg_environment(database), "pg_dump")
        elif vendor == "sqlite":
            dump = work / SQLITE_NAME
            source = sqlite3.connect(str(database["NAME"]))
            target = sqlite3.connect(str(dump))
            try:
                source.backup(target)  # consistent even while the hub writes (WAL)
            finally:
                target.close()
                source.close()
        else:
            raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
        media_root = _media_root()
        files = _media_files(media_root) if media_root else []
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "file": dump.name, "sha256": _sha256(dump), "size": dump.stat().st_size},
            "migrations": _applied_migrations(),
            "row_counts": table_row_counts(),
            "media": {
                "included": media_root is not None,
                "files": [
                    {"path": str(p.relative_to(media_root)), "size": p.stat().st_size, "sha256": _sha256(p)}
                    for p in files
                ],
            },
            "secrets": "not included: keep SECRET_KEY and CHANNELS_CREDENTIAL_KEYS to read the credentials",
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            payload = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(payload))
            archive.add(dump, arcname=dump.name)
            for path in files:
                archive.add(path, arcname=MEDIA_PREFIX + str(path.relative_to(media_root)))
        partial.replace(output)  # a backup cut short never looks complete
    return BackupResult(output, manifest)


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive has an unsafe entry: {member.name}")
        members.append(member)
    return members


def backup_read_manifest(*, archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        handle = archive.extractfile(MANIFEST)
        if handle is None:
            raise BackupError("Not a hub backup: no manifest.json.")
        manifest = json.loads(handle.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this hub reads {FORMAT}).")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, archive_path: Path, replace: bool = False) -> dict:
    """Restore an archive into the configured database and MEDIA_ROOT. A database that already
    has tables is only replaced with `replace=True` (everything in it is dropped first)."""
    manifest = backup_read_manifest(archive_path=archive_path)
    vendor = connection.vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"The backup is of a {manifest['database']['vendor']} database; this hub uses {vendor}.")
    if not _database_is_empty() and not replace:
        raise BackupError("The database is not empty: restore into an empty one, or pass --replace to drop it first.")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, members=_safe_members(archive), filter="data")
        dump = work / manifest["database"]["file"]
        if _sha256(dump) != manifest["database"]["sha256"]:
            raise BackupError("The database dump does not match its checksum: the archive is damaged.")
        for entry in manifest["media"]["files"]:
            if _sha256(work / "media" / entry["path"]) != entry["sha256"]:
                raise BackupError(f"Media file {entry['path']} does not match its checksum: the archive is damaged.")
        database = settings.DATABASES["default"]
        if vendor == "postgresql":
            _restore_postgresql(dump, database, replace)
        else:
            _restore_sqlite(dump, database)
        media_root = _media_root()
        if manifest["media"]["included"] and media_root is not None:
            if replace and media_root.exists():
                shutil.rmtree(media_root)
            media_root.mkdir(parents=True, exist_ok=True)
            source = work / "media"
            if source.exists():
                shutil.copytree(source, media_root, dirs_exist_ok=True)
    restored = table_row_counts()
    expected = manifest["row_counts"]
    differing = {
        t: (expected.get(t), restored.get(t))
        for t in set(expected) | set(restored)
        if expected.get(t) != restored.get(t)
    }
    if differing:
        raise BackupError(f"Restored row counts differ from the backup's: {sorted(differing.items())[:10]}")
    return manifest


def _restore_postgresql(dump: Path, database: dict, replace: bool) -> None:
    connection.close()
    environment = _pg_environment(database)
    if replace:
        with connections["default"].cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        connection.close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    _run([*command, f"--dbname={database['NAME']}", str(dump)], environment, "pg_restore")


def _restore_sqlite(dump: Path, database: dict) -> None:
    connection.close()
    source = sqlite3.connect(str(dump))
    target = sqlite3.connect(str(database["NAME"]))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
