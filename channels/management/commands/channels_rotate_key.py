from django.core.management.base import BaseCommand

from channels.services import channel_credentials_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every channel account's credentials with the first key in CHANNELS_CREDENTIAL_KEYS. "
        "Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args, **options):
        count = channel_credentials_rotate()
        self.stdout.write(f"Re-encrypted the credentials of {count} channel account(s).")
