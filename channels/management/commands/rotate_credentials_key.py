"""Rotate the key that encrypts marketplace credentials at rest.

1. `manage.py rotate_credentials_key --generate` prints a new key.
2. Put it first in CHANNELS_CREDENTIAL_KEYS, keeping the old key after it ("new,old"), and restart:
   the hub reads every row with either key and writes with the new one.
3. `manage.py rotate_credentials_key` re-encrypts every stored credential with the new key (one
   transaction; each row is decrypted and checked before the commit).
4. `manage.py rotate_credentials_key --check` confirms every row opens with the first key alone;
   then drop the old key from CHANNELS_CREDENTIAL_KEYS and restart.

Rows written under the development key derived from SECRET_KEY (no CHANNELS_CREDENTIAL_KEYS set
before) are read with that key too, so a first real key can be introduced the same way.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from channels.crypto import derive_development_key
from channels.models import ChannelAccount
from hub.audit.context import audit_context


def _keys() -> list[str]:
    return [key.strip() for key in settings.CHANNELS_CREDENTIAL_KEYS if key.strip()]


class Command(BaseCommand):
    help = "Re-encrypt every stored marketplace credential with the first key in CHANNELS_CREDENTIAL_KEYS."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--generate", action="store_true", help="Print a new key and exit.")
        parser.add_argument(
            "--check", action="store_true", help="Only verify that every row opens with the first key alone."
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        if options["generate"]:
            self.stdout.write(Fernet.generate_key().decode())
            return
        keys = _keys()
        if not keys:
            raise CommandError("CHANNELS_CREDENTIAL_KEYS is empty: put the new key first (--generate makes one).")
        try:
            newest = Fernet(keys[0].encode())
            readers = MultiFernet(
                [Fernet(key.encode()) for key in keys] + [Fernet(derive_development_key(settings.SECRET_KEY))]
            )
        except ValueError as error:
            raise CommandError(f"A key in CHANNELS_CREDENTIAL_KEYS is not a Fernet key: {error}") from None
        if options["check"]:
            self._check(newest)
        else:
            self._rotate(newest, readers)

    def _rows(self):  # type: ignore[no-untyped-def]
        return ChannelAccount.objects.exclude(credentials_encrypted="").order_by("pk")

    def _check(self, newest: Fernet) -> None:
        stale = []
        rows = list(self._rows())
        for row in rows:
            try:
                newest.decrypt(row.credentials_encrypted.encode())
            except InvalidToken:
                stale.append(row.pk)
        if stale:
            raise CommandError(
                f"{len(stale)} of {len(rows)} channel account(s) are not under the first key yet "
                f"(ids {', '.join(map(str, stale[:20]))}): run rotate_credentials_key without --check."
            )
        self.stdout.write(f"All {len(rows)} stored credential(s) open with the first key; the old keys can go.")

    def _rotate(self, newest: Fernet, readers: MultiFernet) -> None:
        count = 0
        with transaction.atomic(), audit_context(source="command"):
            for row in self._rows().select_for_update():
                try:
                    plain = readers.decrypt(row.credentials_encrypted.encode())
                except InvalidToken:
                    raise CommandError(
                        f"Channel account {row.pk} ({row.name}): no configured key opens its credentials. "
                        "Nothing was changed; put the key they were written with back in CHANNELS_CREDENTIAL_KEYS."
                    ) from None
                token = newest.encrypt(plain)
                if newest.decrypt(token) != plain:  # never commit a value that does not read back
                    raise CommandError(f"Channel account {row.pk}: re-encryption did not read back.")
                row.credentials_encrypted = token.decode()
                row.save(update_fields=["credentials_encrypted", "updated_at"])
                count += 1
        self.stdout.write(f"Re-encrypted the credentials of {count} channel account(s) with the first key.")
