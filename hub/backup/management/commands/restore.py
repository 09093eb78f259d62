from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into the configured database and MEDIA_ROOT. "
        "Checksums and row counts are verified. See infra/deploy/BACKUP.md."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Drop everything in a database that is not empty first."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            manifest = backup_restore(archive_path=options["archive"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(error.message) from None
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {rows} rows, "
            f"{len(manifest['media']['files'])} media file(s). "
            "Run `manage.py migrate` if this code is newer than the backup."
        )
