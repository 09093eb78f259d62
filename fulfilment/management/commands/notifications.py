"""`manage.py notifications consume|setup|status [--channel-account] [--once] [--json]`.

consume: the long-running SQS consumer (the Procfile's `notifications` process); SIGTERM/SIGINT
finish the batch in hand and stop. setup: subscribe Amazon accounts now. status: what is set up."""

from __future__ import annotations

import json
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError

from channels.exceptions import ChannelError
from channels.models import ChannelAccount
from fulfilment.models import NotificationSubscription
from fulfilment.services.notifications import (
    notifications_accounts_to_set_up,
    notifications_consume,
    notifications_enabled,
    notifications_subscribe,
)

RESTART_PAUSE_SECONDS = 5


class Command(BaseCommand):
    help = "Consume Amazon's push notifications from SQS, or set up / show the subscriptions."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["consume", "setup", "status"])
        parser.add_argument("--channel-account", type=int, help="Channel account id (setup).")
        parser.add_argument("--once", action="store_true", help="consume: stop when the queue is empty.")
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["action"] == "status":
            rows = [
                {
                    "channel_account": record.channel_account_id,
                    "destination_arn": record.destination_arn,
                    "subscriptions": record.subscriptions,
                    "set_up_at": record.set_up_at.isoformat() if record.set_up_at else None,
                    "last_error": record.last_error,
                }
                for record in NotificationSubscription.objects.order_by("channel_account_id")
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=None if options["json"] else 2))
            return
        if not notifications_enabled():
            if options["action"] == "consume" and not options["once"]:
                # Push is off (no queue configured): idle quietly, polling does the work.
                self.stdout.write("FULFILMENT_NOTIFICATIONS_QUEUE_URL is not set: push is off, polling only.")
                threading.Event().wait()
            raise CommandError("FULFILMENT_NOTIFICATIONS_QUEUE_URL is not set.")
        if options["action"] == "setup":
            return self._setup(options)
        return self._consume(options)

    def _setup(self, options):  # type: ignore[no-untyped-def]
        accounts = ChannelAccount.objects.filter(family="amazon").exclude(credentials_encrypted="").order_by("pk")
        if options["channel_account"]:
            accounts = accounts.filter(pk=options["channel_account"])
        for channel_account in accounts:
            try:
                record = notifications_subscribe(channel_account=channel_account)
            except ChannelError as error:
                self.stderr.write(f"{channel_account.pk} {channel_account.name}: {error.message}")
                continue
            self.stdout.write(f"{channel_account.pk} {channel_account.name}: {json.dumps(record.subscriptions)}")

    def _subscribe_due(self) -> None:
        """Accounts connected while push was off (or before the queue existed) subscribe now;
        what fails here the beat entry fulfilment-notifications-setup tries again."""
        for channel_account in notifications_accounts_to_set_up():
            try:
                notifications_subscribe(channel_account=channel_account)
            except Exception as error:
                self.stderr.write(f"subscribing {channel_account.pk} {channel_account.name} later: {error}")

    def _consume(self, options):  # type: ignore[no-untyped-def]
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        if options["once"]:
            summary = notifications_consume(stop=stop, idle_exit=True, wait_seconds=1)
            self.stdout.write(json.dumps(summary.as_dict()))
            return
        self.stdout.write("consuming Amazon notifications (long poll)")
        self._subscribe_due()
        while not stop.is_set():
            try:
                notifications_consume(stop=stop)
            except Exception as error:  # SQS or the database away: wait, then receive again
                self.stderr.write(f"consumer error, restarting in {RESTART_PAUSE_SECONDS}s: {error}")
                time.sleep(RESTART_PAUSE_SECONDS)
