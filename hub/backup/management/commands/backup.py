from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database and the media files into one archive with a manifest. Credentials stay "
        "encrypted; the keys (SECRET_KEY, CHANNELS_CREDENTIAL_KEYS) are not in it. See infra/deploy/BACKUP.md."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--output", "-o", type=Path, help="Archive path (default: var/backups/hub-<time>.tar.gz)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from django.conf import settings

        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        output = options["output"] or Path(settings.VAR_DIR) / "backups" / f"hub-{stamp}.tar.gz"
        try:
            result = backup_create(output=output)
        except BackupError as error:
            raise CommandError(error.message) from None
        rows = sum(result.manifest["row_counts"].values())
        files = len(result.manifest["media"]["files"])
        tables = len(result.manifest["row_counts"])
        self.stdout.write(f"Backup written to {result.path}: {rows} rows in {tables} tables, {files} media file(s).")
