"""`manage.py env_reference` writes infra/deploy/env.reference from the settings' env registry;
`--check` only compares (exit 1 when the committed file is stale)."""

from django.core.management.base import BaseCommand, CommandError

from hub.config.env_reference import REFERENCE_PATH, generate


class Command(BaseCommand):
    help = "Write (or --check) infra/deploy/env.reference, every environment setting with its default and meaning."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail when the committed file differs")

    def handle(self, *args, **options):
        text, rows = generate()
        if options["check"]:
            current = REFERENCE_PATH.read_text() if REFERENCE_PATH.exists() else ""
            if current != text:
                raise CommandError(f"{REFERENCE_PATH} is stale: run `manage.py env_reference`")
            self.stdout.write(f"{REFERENCE_PATH} is up to date ({len(rows)} settings)")
            return
        REFERENCE_PATH.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE_PATH.write_text(text)
        self.stdout.write(f"wrote {REFERENCE_PATH} ({len(rows)} settings)")
